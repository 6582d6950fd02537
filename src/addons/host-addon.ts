// The one interface every host add-on implements. HostAddons installs, per host, the add-ons a
// group wants, in the order their `after` lists give; CG12 ("once per host") reads the names
// they report into the model. Adding an add-on is one file implementing this, plus its line in
// HOST_ADDONS (host-addons.ts).
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { EndpointType, IHostCluster } from '../host-cluster';
import { CHARTS } from '../charts/catalog';
import { CatalogChart, checkChartValues } from '../charts/chart-source';
import { MANAGED_BY_LABEL } from '../private/keys';
import type { IngressController } from './ingress-controller';
import type { MetalLbOptions } from './metallb';
import type { WildcardDns } from './wildcard-dns';

/** What a group installs add-ons for: one of its hosts, with that host's settings. */
export interface HostAddonsProps {
  readonly host: IHostCluster;
  readonly groupName: string;
  readonly endpointType: EndpointType;
  /** The host's ingress choice, in an ingress group. */
  readonly ingress?: IngressController;
  readonly metallb?: MetalLbOptions;
  /** An address the user pinned for the ingress load balancer. */
  readonly ingressAddress?: string;
  readonly dnsPattern?: string;
  readonly dns: WildcardDns;
}

/** What an add-on knows of the host it is installed on, and what came before it there. */
export interface AddonContext extends HostAddonsProps {
  /** What an add-on installed earlier on this host made, by name. */
  installed(name: string): AddonInstall | undefined;
}

/** What one add-on made on one host. */
export interface AddonInstall {
  /** What the next add-on waits for (the last resource it made). */
  readonly tail?: ITerraformDependable;
  /** What the host's virtual clusters wait for. */
  readonly dependables: readonly ITerraformDependable[];
  /** The add-on in words, for the summary (`ingress-nginx at 10.0.0.1`); none when it made nothing. */
  readonly description?: string;
  /** Named resources, for HostAddons' escape hatches and for later add-ons. */
  readonly resources: { readonly [name: string]: unknown };
}

/** One kind of add-on a group may install on its hosts. */
export interface HostAddon {
  /** Its name in messages and in CG12's "once per host" check. */
  readonly name: string;
  /** The add-ons it comes after, nearest first: it waits for the nearest one installed. */
  readonly after: readonly string[];
  /** Whether the group installs it (a chart of its own) on this host: what CG12 counts. */
  installsChart(ctx: AddonContext): boolean;
  /** The host namespace its chart installs into, when it installs one: no virtual cluster may use it. */
  namespace?(ctx: AddonContext): string;
  /** Creates its resources in `scope`, after `previous` (the nearest earlier add-on's tail). */
  install(scope: Construct, ctx: AddonContext, previous: ITerraformDependable | undefined): AddonInstall | undefined;
}

/** The add-ons in install order: each after those its `after` names. Throws on a loop. */
export function installOrder(addons: readonly HostAddon[]): HostAddon[] {
  const byName = new Map(addons.map((a) => [a.name, a]));
  const out: HostAddon[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (a: HostAddon) => {
    if (state.get(a.name) === 'done') return;
    if (state.get(a.name) === 'visiting') throw new Error(`host add-ons: "${a.name}" comes after itself`);
    state.set(a.name, 'visiting');
    for (const before of [...a.after].reverse()) {
      const b = byName.get(before);
      if (b) visit(b);
    }
    state.set(a.name, 'done');
    out.push(a);
  };
  addons.forEach(visit);
  return out;
}

/** A namespace an add-on owns: created before it, deleted after it. */
export function addonNamespace(scope: Construct, ctx: AddonContext, id: string, name: string, labels: Record<string, string>): NamespaceV1 {
  return new NamespaceV1(scope, id, {
    provider: ctx.host.kubernetesProvider,
    metadata: { name, labels: { ...MANAGED_BY_LABEL, ...labels } },
  });
}

/**
 * Checks an add-on's values against its chart's schema when the chart is local (CG18), blaming
 * the raw values the user gave under `prop` (on the host's add-ons, which name group and host).
 */
export function checkAddonValues(scope: Construct, chart: Exclude<CatalogChart, 'vcluster'>, values: Record<string, unknown>, prop: string, raw: Record<string, unknown> | undefined): void {
  const layers = raw ? [{ path: scope.node.path, prop, values: raw }] : [];
  checkChartValues(scope, chart, CHARTS[chart].version, values, layers, { path: scope.node.path, prop: `${CHARTS[chart].chart} values` });
}

export function optional<T>(item: T | undefined): T[] | undefined {
  return item === undefined ? undefined : [item];
}

export function json(v: unknown): string {
  return JSON.stringify(v, null, 2);
}

/**
 * Writes generated chart files for a TerraformAsset to copy at synth, into a directory named
 * after their content, so that repeated synths reuse it instead of piling up copies. Give the
 * asset the hash returned with it: it is the one cdktf computes by default (MD5 of the files'
 * contents in directory order), passed explicitly so that CDK Terrain, which hashes assets its
 * own way, writes the chart to the same path.
 */
export function writeChart(files: Record<string, string>): { path: string; assetHash: string } {
  const hash = createHash('sha256').update(JSON.stringify(files)).digest('hex').slice(0, 16);
  const dir = path.join(os.tmpdir(), `cluster-groups-chart-${hash}`);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  // Directory order: names compared within each directory, a directory's files in its place.
  const byComponents = (a: string, b: string) => {
    const [x, y] = [a.split('/'), b.split('/')];
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
    return x.length - y.length;
  };
  const md5 = createHash('md5');
  for (const name of Object.keys(files).sort(byComponents)) md5.update(files[name]);
  return { path: dir, assetHash: md5.digest('hex').toUpperCase() };
}
