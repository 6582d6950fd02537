import * as fs from 'fs';
import * as path from 'path';
import { Annotations, AssetType, TerraformAsset, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { CHARTS } from './catalog';
import { MissingChartModel, RawValuesModel, ValuesProblemModel } from '../model/platform-model';
import { ValuesSchema } from './values-schema';

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
  /** The PostgreSQL preset of application profiles. @default - `all` */
  readonly postgresql?: ChartSource;
  /** The MySQL preset. @default - `all` */
  readonly mysql?: ChartSource;
  /** The MongoDB preset. @default - `all` */
  readonly mongodb?: ChartSource;
  /** The Redis preset. @default - `all` */
  readonly redis?: ChartSource;
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

/** Per app root, values that break a local chart's schema (rule CG18 reports them). */
const VALUES_PROBLEMS = new WeakMap<IConstruct, ValuesProblemModel[]>();

/** The values that broke a local chart's schema in this app. */
export function valuesProblems(scope: IConstruct): readonly ValuesProblemModel[] {
  return VALUES_PROBLEMS.get(scope.node.root) ?? [];
}

const SKIP_WARNED = new WeakMap<IConstruct, Set<string>>();

/**
 * Checks a values document against the chart's own values.schema.json when the chart comes
 * from a local directory (else there is no schema at hand). A problem is blamed on the last of
 * the user's raw values (in merge order) that sets its key, else on `fallback`.
 */
export function checkChartValues(scope: Construct, chart: CatalogChart, version: string, values: Record<string, unknown>, layers: readonly RawValuesModel[], fallback: { path: string; prop: string }): void {
  const file = localChart(scope, chart, version);
  const schema = file === undefined ? undefined : ValuesSchema.ofChart(file);
  if (!schema) return;
  if (schema.skipped !== undefined) {
    // Once per chart and app, not once per virtual cluster.
    const warned = SKIP_WARNED.get(scope.node.root) ?? new Set<string>();
    SKIP_WARNED.set(scope.node.root, warned);
    if (warned.has(file!)) return;
    warned.add(file!);
    Annotations.of(scope).addWarning(`${CHARTS[chart].chart} ${version} values were not checked against the chart's values.schema.json: ${schema.skipped}`);
    return;
  }
  const problems = schema.check(values);
  if (!problems.length) return;
  const list = VALUES_PROBLEMS.get(scope.node.root) ?? [];
  for (const p of problems) {
    const layer = [...layers].reverse().find((l) => reaches(l.values, p.at));
    const where = layer ?? fallback;
    const entry = { path: where.path, prop: `${where.prop}.${p.at}`, value: p.value, chart: CHARTS[chart].chart, version, message: p.message };
    if (!list.some((x) => x.path === entry.path && x.prop === entry.prop && x.message === entry.message)) list.push(entry);
  }
  VALUES_PROBLEMS.set(scope.node.root, list);
}

/** Whether a raw values document sets the key at a dotted path (list items as `[0]`). */
function reaches(values: Record<string, unknown>, at: string): boolean {
  let cur: unknown = values;
  for (const part of at.split('.')) {
    const index = /^\[(\d+)\]$/.exec(part);
    if (index) {
      if (!Array.isArray(cur)) return false;
      cur = cur[Number(index[1])];
    } else {
      if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !Object.prototype.hasOwnProperty.call(cur, part)) return false;
      cur = (cur as Record<string, unknown>)[part];
    }
  }
  return true;
}

/** The chart's file or directory, when `scope` takes the chart from a directory that has it. */
function localChart(scope: IConstruct, chart: CatalogChart, version: string): string | undefined {
  const source = sourceFor(scope, chart);
  if (source._kind !== 'directory') return undefined;
  const key = `${source._location}\n${CHARTS[chart].chart}\n${version}`;
  // Once per directory, chart and version: a platform has thousands of virtual clusters.
  if (!FOUND.has(key)) {
    const found = findChart(source._location!, CHARTS[chart].chart, version);
    FOUND.set(key, typeof found === 'string' ? found : undefined);
  }
  return FOUND.get(key);
}

const FOUND = new Map<string, string | undefined>();

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
