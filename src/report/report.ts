import { add, heldOnHost, ZERO } from '../model/resources';
import { awakeShare, parseCron } from '../model/cron';
import { allowanceOf, usageByHost } from '../rules/capacity';
import { GroupModel, PlatformModel, QuotaModel, Resources } from '../model/platform-model';
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
    readonly owner?: string;
    readonly project?: string;
    /** Paused: it holds only its storage (and load balancer) on its host. */
    readonly paused?: boolean;
    readonly sleepSchedule?: { readonly sleep: string; readonly wake: string; readonly timeZone: string };
    /** Its backups: the schedule and how many snapshots rotate. */
    readonly backups?: { readonly schedule: string; readonly timeZone: string; readonly keep: number; readonly target: string };
    /** Its move to another group, and the phase it is in. */
    readonly move?: { readonly toGroup: string; readonly phase: string };
    /** The share of a year's hours it is awake: 0 paused, below 1 with a sleep schedule, else 1. */
    readonly awakeShare: number;
  }[];
  /** What each owner and each project holds in the group, against the group's quotas. */
  readonly usage: { readonly perUser: readonly UsageReport[]; readonly perProject: readonly UsageReport[] };
}

/** What one user or project holds in a group (every virtual cluster, placed or not). */
export interface UsageReport {
  readonly name: string;
  readonly virtualClusters: number;
  readonly used: Resources;
  /** The group's quota for each user or project, when it sets one. */
  readonly quota?: QuotaModel;
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
    used: g.virtualClusters.reduce((s, vc) => (vc.host === undefined ? s : add(s, heldOnHost(vc.size, vc.paused))), ZERO),
    virtualClusters: g.virtualClusters.map((vc) => ({
      name: vc.name,
      host: vc.host,
      namespace: vc.namespace,
      endpoint: extras.endpoints[g.path]?.[vc.name] ?? '',
      size: vc.size,
      owner: vc.owner,
      project: vc.project,
      ...(vc.paused ? { paused: true } : {}),
      ...(vc.sleepSchedule ? { sleepSchedule: { sleep: vc.sleepSchedule.sleep, wake: vc.sleepSchedule.wake, timeZone: vc.sleepSchedule.timeZone } } : {}),
      ...(vc.backups ? { backups: { schedule: vc.backups.schedule, timeZone: vc.backups.timeZone, keep: vc.backups.keep, target: vc.backups.target.kind } } : {}),
      ...(vc.move ? { move: { toGroup: vc.move.toGroup, phase: vc.move.phase } } : {}),
      awakeShare: vc.paused ? 0 : vc.sleepSchedule ? awakeOf(vc.sleepSchedule.sleep, vc.sleepSchedule.wake) : 1,
    })),
    usage: { perUser: usageBy(g, 'owner', g.quotas?.perUser), perProject: usageBy(g, 'project', g.quotas?.perProject) },
  }));
  return { reportVersion: 1, groups, hosts, violations: [...violations], warnings: [...warnings] };
}

/** Per owner or project, in the order first met; virtual clusters without one are left out. */
function usageBy(g: GroupModel, field: 'owner' | 'project', quota: QuotaModel | undefined): UsageReport[] {
  const rows = new Map<string, { virtualClusters: number; used: Resources }>();
  for (const vc of g.virtualClusters) {
    const name = vc[field];
    if (name === undefined) continue;
    const row = rows.get(name) ?? { virtualClusters: 0, used: ZERO };
    rows.set(name, { virtualClusters: row.virtualClusters + 1, used: add(row.used, vc.size) });
  }
  return [...rows].map(([name, row]) => ({ name, ...row, ...(quota ? { quota } : {}) }));
}

/** Awake share of a schedule (1 when either half is not valid cron: CG22 reports it). */
function awakeOf(sleep: string, wake: string): number {
  const key = `${sleep}\n${wake}`;
  let share = AWAKE.get(key);
  if (share === undefined) {
    const [s, w] = [parseCron(sleep), parseCron(wake)];
    share = typeof s === 'string' || typeof w === 'string' ? 1 : awakeShare(s, w);
    AWAKE.set(key, share);
  }
  return share;
}

// A group's schedule is every member's: counted once.
const AWAKE = new Map<string, number>();
