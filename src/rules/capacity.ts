import { EndpointTypeModel, GroupModel, hostByName, HostModel, PlatformModel, Violation } from '../model/platform-model';
import { describe, describeAmount, fits, freeRoom, heldOnHost, HostUsage, RESOURCE_KEYS, RESOURCE_LABEL, Resources, scale, shortfall, writeAmount, ZERO } from '../model/resources';

/** What the virtual clusters of every group have placed on each host. */
export function usageByHost(model: PlatformModel): HostUsage {
  const used = new HostUsage();
  for (const g of model.groups) {
    for (const vc of g.virtualClusters) {
      if (vc.host !== undefined) used.add(vc.host, heldOnHost(vc.size, vc.paused));
    }
  }
  return used;
}

/**
 * The most a host may carry: its capacity times the strictest oversubscription among the
 * groups that use it.
 */
export function allowanceOf(model: PlatformModel, host: string): Resources {
  const found = hostByName(model, host);
  if (!found) return ZERO;
  const percents = model.groups.filter((g) => g.members.some((m) => m.host === host)).map((g) => g.oversubscriptionPercent);
  return scale(found.capacity, percents.length ? Math.min(...percents) : 100);
}

/** CG7: sizes are positive and within the ceilings; hosts are not over-full; nothing is unplaced. */
export function checkCapacity(model: PlatformModel): Violation[] {
  const out: Violation[] = [];
  for (const g of model.groups) {
    for (const vc of g.virtualClusters) {
      for (const k of RESOURCE_KEYS) {
        // The amount as the user wrote it (-2, not -2000 millicores), when the model has it.
        const written = vc.sizeAsWritten?.[RESOURCE_LABEL[k]];
        if (!(vc.size[k] > 0)) {
          out.push({
            rule: 'CG7',
            path: vc.path,
            prop: RESOURCE_LABEL[k],
            value: written ?? (k === 'cpuMilli' ? vc.size[k] / 1000 : vc.size[k]),
            message: `a virtual cluster needs a positive ${RESOURCE_LABEL[k]} size`,
            fix: `set ${RESOURCE_LABEL[k]} above zero`,
          });
        } else if (vc.size[k] > g.ceilings[k]) {
          out.push({
            rule: 'CG7',
            path: vc.path,
            prop: RESOURCE_LABEL[k],
            value: written ?? describeAmount(k, vc.size[k]),
            message: `group "${g.name}" allows at most ${describeAmount(k, g.ceilings[k])} per virtual cluster`,
            fix: `lower ${RESOURCE_LABEL[k]} to ${JSON.stringify(writeAmount(k, g.ceilings[k]))} or raise the group's max${cap(RESOURCE_LABEL[k])}`,
          });
        }
      }
    }
  }

  const used = usageByHost(model);
  for (const h of model.hosts) {
    if (!used.has(h.name)) continue;
    const u = used.of(h.name);
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
      out.push(unplaced(model, g, vc.path, heldOnHost(vc.size, vc.paused), vc.lockedHost, used));
    }
  }
  return out;
}

function unplaced(model: PlatformModel, g: GroupModel, path: string, size: Resources, lockedHost: string | undefined, used: HostUsage): Violation {
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
        const free = freeRoom(allowanceOf(model, m.host), used.of(m.host));
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
export function canHost(host: HostModel, endpointType: EndpointTypeModel): boolean {
  return !host.virtual && !host.readOnly && !host.gateway && host.endpointTypes.includes(endpointType);
}

function cap(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}
