import { fits, freeRoom, Resources } from '../model/resources';

/** A host as placement sees it: what it may carry and what is on it already. */
export interface HostRoom {
  readonly name: string;
  readonly allowance: Resources;
  readonly used: Resources;
}

export interface PlacementRequest {
  readonly size: Resources;
  /** A host the user named: always honoured (capacity rules judge it later). */
  readonly host?: string;
  /** The host the lock file records: honoured while it is in the group. */
  readonly lockedHost?: string;
}

export type PlacementReason = 'explicit' | 'locked' | 'placed' | 'full' | 'locked-host-gone';

export interface PlacementDecision {
  readonly host?: string;
  readonly reason: PlacementReason;
}

/**
 * Where a virtual cluster goes. Existing clusters stay where the lock file put them, whatever
 * else changed; a new one goes to the host with the most room left after it, measured by its
 * scarcest resource, ties broken by host name so that declaration order does not matter.
 */
export function placeVirtualCluster(request: PlacementRequest, hosts: readonly HostRoom[]): PlacementDecision {
  if (request.host !== undefined) return { host: request.host, reason: 'explicit' };
  if (request.lockedHost !== undefined) {
    return hosts.some((h) => h.name === request.lockedHost)
      ? { host: request.lockedHost, reason: 'locked' }
      : { reason: 'locked-host-gone' };
  }
  let best: { name: string; score: number } | undefined;
  for (const h of hosts) {
    const free = freeRoom(h.allowance, h.used);
    if (!fits(request.size, free)) continue;
    const score = leftAfter(request.size, free, h.allowance);
    if (!best || score > best.score || (score === best.score && h.name < best.name)) best = { name: h.name, score };
  }
  return best ? { host: best.name, reason: 'placed' } : { reason: 'full' };
}

/** The smallest share of the allowance that would be left, over the three resources. */
function leftAfter(size: Resources, free: Resources, allowance: Resources): number {
  const share = (k: keyof Resources) => (allowance[k] > 0 ? (free[k] - size[k]) / allowance[k] : 0);
  return Math.min(share('cpuMilli'), share('memoryBytes'), share('storageBytes'));
}
