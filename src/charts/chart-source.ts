import * as fs from 'fs';
import * as path from 'path';
import { AssetType, TerraformAsset, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { CHARTS } from './catalog';
import { MissingChartModel } from '../model/platform-model';

/** The catalog's charts, by the key `ChartSources` uses. */
export type CatalogChart = 'vcluster' | 'ingressNginx' | 'metallb' | 'externalDns';

/**
 * Where Helm gets a catalog chart from. The version is always the catalog's (or the group's
 * pinned vCluster version): a source changes where a chart comes from, never which version.
 */
export class ChartSource {
  /** The chart's public repository, as the catalog lists it. This is the default. */
  public static publicRepository(): ChartSource {
    return new ChartSource('public');
  }

  /**
   * An OCI registry that mirrors the charts: each chart is `<url>/<chart name>` at the pinned
   * version (what `helm push <chart>-<version>.tgz <url>` makes). Helm checks it at apply.
   * @param url the registry and path, such as `oci://registry.example.com/charts`
   */
  public static oci(url: string): ChartSource {
    if (!/^oci:\/\/[^/\s]+(\/[^\s]*)?$/.test(url)) {
      throw new Error(`[input] ChartSource.oci: url = ${JSON.stringify(url)}: not an OCI reference. Fix: use oci://<registry>[/<path>], such as oci://registry.example.com/charts`);
    }
    return new ChartSource('oci', url.replace(/\/+$/, ''));
  }

  /**
   * A local directory of charts, as air-gapped sites keep them. Each chart is found as
   * `<chart>-<version>.tgz` (what `helm pull` writes), or unpacked as `<chart>-<version>/` or
   * `<chart>/` whose Chart.yaml has the pinned version. The chart is copied into the synthesized
   * stack, so the stack can be planned and applied on another machine. A missing chart or
   * version is a synth error (CG15).
   * @param directory absolute, or relative to the working directory
   */
  public static directory(directory: string): ChartSource {
    if (typeof directory !== 'string' || directory.trim() === '') {
      throw new Error(`[input] ChartSource.directory: directory = ${JSON.stringify(directory)}: empty. Fix: name the directory that holds the charts`);
    }
    return new ChartSource('directory', path.resolve(directory));
  }

  /**
   * Sets where the charts of everything under `scope` come from: the app for a whole platform,
   * one stack, or one group. The nearest scope wins, chart by chart. Call it before creating
   * the groups and virtual clusters under `scope`.
   */
  public static applyTo(scope: IConstruct, sources: ChartSources): void {
    const made = scope.node.findAll().find((c) => c !== scope && CHART_USERS.has(c));
    if (made) {
      throw new Error(`[input] ${scope.node.path || '<app>'}: ChartSource.applyTo came after ${made.node.path} had chosen its charts. Fix: call ChartSource.applyTo before creating the groups and virtual clusters under it`);
    }
    APPLIED.set(scope, { ...APPLIED.get(scope), ...definedOnly(sources) });
  }

  private constructor(
    /** @internal */ public readonly _kind: 'public' | 'oci' | 'directory',
    /** @internal */ public readonly _location?: string,
  ) {}
}

/** Chart sources for a scope: one for all charts, and any chart on its own. */
export interface ChartSources {
  /**
   * The source of every chart not named on its own below.
   * @default - the nearest enclosing scope's, else the public repositories
   */
  readonly all?: ChartSource;
  /** @default - `all` */
  readonly vcluster?: ChartSource;
  /** @default - `all` */
  readonly ingressNginx?: ChartSource;
  /** @default - `all` */
  readonly metallb?: ChartSource;
  /** @default - `all` */
  readonly externalDns?: ChartSource;
}

const APPLIED = new WeakMap<IConstruct, ChartSources>();
/** Constructs that have resolved a chart: a later applyTo above them would not reach them. */
const CHART_USERS = new WeakSet<IConstruct>();

/** Per app root, the charts that a directory source lacked (rule CG15 reports them). */
const MISSING = new WeakMap<IConstruct, MissingChartModel[]>();

/** The charts that chart source directories lacked in this app. */
export function missingCharts(scope: IConstruct): readonly MissingChartModel[] {
  return MISSING.get(scope.node.root) ?? [];
}

/** What a `helm_release` needs to find a chart. */
export interface ChartRef {
  readonly repository?: string;
  readonly chart: string;
  readonly version: string;
}

function definedOnly(s: ChartSources): ChartSources {
  return Object.fromEntries(Object.entries(s ?? {}).filter(([, v]) => v !== undefined));
}

function sourceFor(scope: IConstruct, chart: CatalogChart): ChartSource {
  for (const s of [...scope.node.scopes].reverse()) {
    const set = APPLIED.get(s);
    const found = set?.[chart] ?? set?.all;
    if (found) return found;
  }
  return ChartSource.publicRepository();
}

/**
 * The chart reference for `chart` at `version`, as seen from `scope` (the construct that owns
 * the release). A directory source copies the chart into the stack once per chart and version,
 * or, when it lacks them, records that for rule CG15.
 */
export function chartRef(scope: Construct, chart: CatalogChart, version: string): ChartRef {
  CHART_USERS.add(scope);
  const name = CHARTS[chart].chart;
  const source = sourceFor(scope, chart);
  switch (source._kind) {
    case 'public':
      return { repository: CHARTS[chart].repository, chart: name, version };
    case 'oci':
      return { repository: source._location, chart: name, version };
    case 'directory':
      return { chart: directoryChart(scope, source._location!, chart, version), version };
  }
}

function directoryChart(scope: Construct, dir: string, chart: CatalogChart, version: string): string {
  const stack = TerraformStack.of(scope);
  const id = `chart-${CHARTS[chart].chart}-${version}`;
  const holder = (stack.node.tryFindChild('chart-source') as Construct | undefined) ?? new Construct(stack, 'chart-source');
  const existing = holder.node.tryFindChild(id);
  if (existing instanceof TerraformAsset) return existing.path;
  const found = findChart(dir, CHARTS[chart].chart, version);
  if (typeof found !== 'string') {
    const name = CHARTS[chart].chart;
    const missing = MISSING.get(scope.node.root) ?? [];
    missing.push({ path: scope.node.path, source: chart, chart: name, version, repository: CHARTS[chart].repository, directory: dir, looked: found.looked });
    MISSING.set(scope.node.root, missing);
    return `${name}-${version}-missing`;
  }
  const asset = new TerraformAsset(holder, id, {
    path: found,
    type: found.endsWith('.tgz') ? AssetType.FILE : AssetType.DIRECTORY,
    // The chart and version name the content; a hash of the files would differ between copies.
    assetHash: `${CHARTS[chart].chart}-${version}`,
  });
  return asset.path;
}

/** The chart's file or directory, or what was looked for. */
function findChart(dir: string, name: string, version: string): string | { looked: string } {
  const tgz = path.join(dir, `${name}-${version}.tgz`);
  if (fs.existsSync(tgz) && fs.statSync(tgz).isFile()) return tgz;
  const seen: string[] = [];
  for (const candidate of [path.join(dir, `${name}-${version}`), path.join(dir, name)]) {
    const meta = readChartYaml(candidate);
    if (!meta) continue;
    if (meta.name === name && meta.version === version) return candidate;
    seen.push(`${path.basename(candidate)}/ holds ${meta.name ?? '?'} ${meta.version ?? '?'}`);
  }
  return { looked: [`looked for ${name}-${version}.tgz, ${name}-${version}/ and ${name}/`, ...seen].join('; ') };
}

function readChartYaml(dir: string): { name?: string; version?: string } | undefined {
  const file = path.join(dir, 'Chart.yaml');
  if (!fs.existsSync(file)) return undefined;
  const text = fs.readFileSync(file, 'utf8');
  // Top-level scalars only: `name:` and `version:` at the start of a line.
  const field = (key: string) => text.match(new RegExp(`^${key}:\\s*["']?([^"'\\s#]+)`, 'm'))?.[1];
  return { name: field('name'), version: field('version') };
}
