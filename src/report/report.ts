import { add, ZERO } from '../model/resources';
import { allowanceOf, usageByHost } from '../rules/capacity';
import { PlatformModel, Resources } from '../model/platform-model';
import { Warning } from '../rules/warnings';

/** The platform as plain data: what `report` prints and draws. */
export interface PlatformReport {
  readonly reportVersion: 1;
  readonly groups: readonly GroupReport[];
  readonly hosts: readonly HostReport[];
  readonly violations: readonly string[];
  readonly warnings: readonly Warning[];
}

export interface HostReport {
  readonly name: string;
  readonly kind: string;
  readonly capacity: Resources;
  /** Capacity times the strictest oversubscription of the groups using it. */
  readonly allowance: Resources;
  readonly used: Resources;
  readonly groups: readonly string[];
}

export interface GroupReport {
  /** `stack/group`, how the CLI names a group. */
  readonly id: string;
  readonly name: string;
  readonly stack: string;
  readonly path: string;
  readonly edge: boolean;
  readonly endpointType: string;
  readonly chartVersion: string;
  readonly kubernetesVersion: string;
  readonly project?: string;
  readonly hosts: readonly { readonly name: string; readonly dnsPattern?: string; readonly addons: readonly string[] }[];
  readonly allowance: Resources;
  readonly used: Resources;
  readonly virtualClusters: readonly {
    readonly name: string;
    readonly host?: string;
    readonly namespace: string;
    readonly endpoint: string;
    readonly size: Resources;
  }[];
}

/** What only the constructs know: endpoints and installed add-ons, keyed by group path. */
export interface ReportExtras {
  readonly endpoints: { readonly [groupPath: string]: { readonly [vc: string]: string } };
  readonly addons: { readonly [groupPath: string]: { readonly [host: string]: readonly string[] } };
}

export function buildReport(model: PlatformModel, violations: readonly string[], warnings: readonly Warning[], extras: ReportExtras): PlatformReport {
  const used = usageByHost(model);
  const hosts: HostReport[] = model.hosts.map((h) => ({
    name: h.name,
    kind: h.kind,
    capacity: h.capacity,
    allowance: allowanceOf(model, h.name),
    used: used.of(h.name),
    groups: model.groups.filter((g) => g.members.some((m) => m.host === h.name)).map((g) => `${g.stack}/${g.name}`),
  }));
  const groups: GroupReport[] = model.groups.map((g) => ({
    id: `${g.stack}/${g.name}`,
    name: g.name,
    stack: g.stack,
    path: g.path,
    edge: g.edge,
    endpointType: g.endpointType,
    chartVersion: g.chartVersion,
    kubernetesVersion: g.kubernetesVersion,
    project: g.project,
    hosts: g.members.map((m) => ({ name: m.host, dnsPattern: m.dnsPattern, addons: extras.addons[g.path]?.[m.host] ?? [] })),
    allowance: g.members.reduce((s, m) => add(s, allowanceOf(model, m.host)), ZERO),
    used: g.virtualClusters.reduce((s, vc) => (vc.host === undefined ? s : add(s, vc.size)), ZERO),
    virtualClusters: g.virtualClusters.map((vc) => ({
      name: vc.name,
      host: vc.host,
      namespace: vc.namespace,
      endpoint: extras.endpoints[g.path]?.[vc.name] ?? '',
      size: vc.size,
    })),
  }));
  return { reportVersion: 1, groups, hosts, violations: [...violations], warnings: [...warnings] };
}
