import { describeBytes, describeMilli } from '../private/quantity';
import { EndpointKind, GroupModel, hostByName, HostModel, PlatformModel, Resources, Violation } from './model';

const KEYS = ['cpuMilli', 'memoryBytes', 'storageBytes'] as const;
type Key = (typeof KEYS)[number];
const LABEL: Record<Key, string> = { cpuMilli: 'cpu', memoryBytes: 'memory', storageBytes: 'storage' };

export const ZERO: Resources = { cpuMilli: 0, memoryBytes: 0, storageBytes: 0 };

export function add(a: Resources, b: Resources): Resources {
  return { cpuMilli: a.cpuMilli + b.cpuMilli, memoryBytes: a.memoryBytes + b.memoryBytes, storageBytes: a.storageBytes + b.storageBytes };
}

export function scale(a: Resources, percent: number): Resources {
  const f = (n: number) => Math.floor((n * percent) / 100);
  return { cpuMilli: f(a.cpuMilli), memoryBytes: f(a.memoryBytes), storageBytes: f(a.storageBytes) };
}

/** How much of `need` does not fit in `free`, per resource (zero where it fits). */
export function shortfall(need: Resources, free: Resources): Resources {
  const m = (k: Key) => Math.max(0, need[k] - free[k]);
  return { cpuMilli: m('cpuMilli'), memoryBytes: m('memoryBytes'), storageBytes: m('storageBytes') };
}

export function fits(need: Resources, free: Resources): boolean {
  return KEYS.every((k) => need[k] <= free[k]);
}

export function describe(r: Resources, onlyNonZero = false): string {
  const parts: string[] = [];
  if (!onlyNonZero || r.cpuMilli) parts.push(describeMilli(r.cpuMilli));
  if (!onlyNonZero || r.memoryBytes) parts.push(`${describeBytes(r.memoryBytes)} memory`);
  if (!onlyNonZero || r.storageBytes) parts.push(`${describeBytes(r.storageBytes)} storage`);
  return parts.join(', ');
}

/** What the virtual clusters of every group have placed on each host. */
export function usageByHost(model: PlatformModel): Map<string, Resources> {
  const used = new Map<string, Resources>();
  for (const g of model.groups) {
    for (const vc of g.virtualClusters) {
      if (vc.host !== undefined) used.set(vc.host, add(used.get(vc.host) ?? ZERO, vc.size));
    }
  }
  return used;
}

/**
 * The most a host may carry: its capacity times the strictest oversubscription among the
 * groups that use it.
 */
export function allowanceOf(model: PlatformModel, hostName: string): Resources {
  const host = hostByName(model, hostName);
  if (!host) return ZERO;
  const percents = model.groups.filter((g) => g.members.some((m) => m.host === hostName)).map((g) => g.oversubscriptionPercent);
  return scale(host.capacity, percents.length ? Math.min(...percents) : 100);
}

/** CG7: sizes are positive and within the ceilings; hosts are not over-full; nothing is unplaced. */
export function checkCapacity(model: PlatformModel): Violation[] {
  const out: Violation[] = [];
  for (const g of model.groups) {
    for (const vc of g.virtualClusters) {
      for (const k of KEYS) {
        if (!(vc.size[k] > 0)) {
          out.push({
            rule: 'CG7',
            path: vc.path,
            prop: LABEL[k],
            value: vc.size[k],
            message: `a virtual cluster needs a positive ${LABEL[k]} size`,
            fix: `set ${LABEL[k]} above zero`,
          });
        } else if (vc.size[k] > g.ceilings[k]) {
          out.push({
            rule: 'CG7',
            path: vc.path,
            prop: LABEL[k],
            value: amount(k, vc.size[k]),
            message: `group "${g.name}" allows at most ${amount(k, g.ceilings[k])} per virtual cluster`,
            fix: `lower ${LABEL[k]} to ${amount(k, g.ceilings[k])} or raise the group's max${cap(LABEL[k])}`,
          });
        }
      }
    }
  }

  const used = usageByHost(model);
  for (const h of model.hosts) {
    const u = used.get(h.name);
    if (!u) continue;
    const allowed = allowanceOf(model, h.name);
    const over = shortfall(u, allowed);
    if (!fits(u, allowed)) {
      out.push({
        rule: 'CG7',
        path: h.path,
        prop: 'capacity',
        value: describe(u),
        message: `the virtual clusters placed on host "${h.name}" need ${describe(u)}, and it allows ${describe(allowed)} (capacity times oversubscription); ${describe(over, true)} too much`,
        fix: 'move or shrink virtual clusters on this host, add capacity, or raise oversubscriptionPercent',
      });
    }
  }

  for (const g of model.groups) {
    for (const vc of g.virtualClusters) {
      if (vc.host !== undefined) continue;
      out.push(unplaced(model, g, vc.path, vc.size, vc.lockedHost, used));
    }
  }
  return out;
}

function unplaced(model: PlatformModel, g: GroupModel, path: string, size: Resources, lockedHost: string | undefined, used: Map<string, Resources>): Violation {
  if (lockedHost !== undefined && !g.members.some((m) => m.host === lockedHost)) {
    return {
      rule: 'CG7',
      path,
      prop: 'host',
      value: lockedHost,
      message: `the lock file places this virtual cluster on host "${lockedHost}", which is no longer in group "${g.name}"`,
      fix: `restore the host, or set host to a member of the group to move it (a move destroys and recreates it)`,
    };
  }
  const where = g.members.length
    ? g.members.map((m) => {
        const host = hostByName(model, m.host);
        if (!host || !canHost(host, g.endpointType)) return `host "${m.host}" cannot host it (see CG1, CG2)`;
        const free = freeRoom(allowanceOf(model, m.host), used.get(m.host) ?? ZERO);
        return `host "${m.host}" is short of ${describe(shortfall(size, free), true)}`;
      }).join('; ')
    : 'the group has no hosts';
  return {
    rule: 'CG7',
    path,
    prop: 'size',
    value: describe(size),
    message: `group "${g.name}" is full: no host has room for ${describe(size)}; ${where}`,
    fix: 'add a host or capacity to the group, shrink this or other virtual clusters, or raise oversubscriptionPercent',
  };
}

/** Whether placement may use the host at all: eligible, and serving the group's endpoint type. */
export function canHost(host: HostModel, endpointType: EndpointKind): boolean {
  return !host.virtual && !host.readOnly && !host.gateway && host.endpointTypes.includes(endpointType);
}

/** Free room: allowance minus use, floored at zero. */
export function freeRoom(allowance: Resources, used: Resources): Resources {
  return shortfall(allowance, used);
}

function amount(k: Key, n: number): string {
  return k === 'cpuMilli' ? describeMilli(n) : describeBytes(n);
}

function cap(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}
