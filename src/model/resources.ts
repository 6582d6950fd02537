// Resource arithmetic over parsed amounts (millicores and bytes): the one place that adds,
// scales and compares sizes, for placement, the capacity rule and the report alike.
import { describeBytes, describeMilli, formatBytes } from './quantity';

/** Parsed amounts: millicores and bytes. */
export interface Resources {
  readonly cpuMilli: number;
  readonly memoryBytes: number;
  readonly storageBytes: number;
}

export const RESOURCE_KEYS = ['cpuMilli', 'memoryBytes', 'storageBytes'] as const;
export type ResourceKey = (typeof RESOURCE_KEYS)[number];
/** The word users write for each amount (`cpu`, `memory`, `storage`). */
export const RESOURCE_LABEL: Record<ResourceKey, 'cpu' | 'memory' | 'storage'> = { cpuMilli: 'cpu', memoryBytes: 'memory', storageBytes: 'storage' };

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
  const m = (k: ResourceKey) => Math.max(0, need[k] - free[k]);
  return { cpuMilli: m('cpuMilli'), memoryBytes: m('memoryBytes'), storageBytes: m('storageBytes') };
}

export function fits(need: Resources, free: Resources): boolean {
  return RESOURCE_KEYS.every((k) => need[k] <= free[k]);
}

/** Free room: allowance minus use, floored at zero. */
export function freeRoom(allowance: Resources, used: Resources): Resources {
  return shortfall(allowance, used);
}

/** One amount as a user writes it in a prop: `1.5` cores, `6Gi`. */
export function writeAmount(k: ResourceKey, n: number): string | number {
  return k === 'cpuMilli' ? n / 1000 : formatBytes(n);
}

/** One amount in words: `1.5 CPU`, `6 GiB`. */
export function describeAmount(k: ResourceKey, n: number): string {
  return k === 'cpuMilli' ? describeMilli(n) : describeBytes(n);
}

export function describe(r: Resources, onlyNonZero = false): string {
  const parts: string[] = [];
  if (!onlyNonZero || r.cpuMilli) parts.push(describeMilli(r.cpuMilli));
  if (!onlyNonZero || r.memoryBytes) parts.push(`${describeBytes(r.memoryBytes)} memory`);
  if (!onlyNonZero || r.storageBytes) parts.push(`${describeBytes(r.storageBytes)} storage`);
  return parts.join(', ');
}

/**
 * What a virtual cluster holds on its host: all of its size, or only its storage while paused
 * (as Palette counts it: CPU and memory go back to the host, volumes and load balancers stay).
 */
export function heldOnHost(size: Resources, paused: boolean | undefined): Resources {
  return paused ? { cpuMilli: 0, memoryBytes: 0, storageBytes: size.storageBytes } : size;
}

/** What is placed on each host, summed as it is placed: the one count of host usage. */
export class HostUsage {
  private readonly used = new Map<string, Resources>();

  public of(host: string): Resources {
    return this.used.get(host) ?? ZERO;
  }

  public has(host: string): boolean {
    return this.used.has(host);
  }

  public add(host: string, size: Resources): void {
    this.used.set(host, add(this.of(host), size));
  }
}
