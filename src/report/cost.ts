// Monthly cost from hourly rates the user gives: arithmetic over the report, nothing priced here.
import { Resources } from '../model/platform-model';
import { GroupReport, PlatformReport } from './report';

/** Hourly prices, in one currency of the user's choice. */
export interface Rates {
  readonly cpuHour: number;
  readonly memoryGiBHour: number;
  readonly storageGiBHour: number;
  readonly loadBalancerHour: number;
}

/** A month as cloud price lists count it. */
export const HOURS_PER_MONTH = 730;

export interface CostReport {
  readonly rates: Rates;
  readonly hoursPerMonth: number;
  readonly groups: readonly {
    readonly id: string;
    readonly monthly: number;
    /** Load balancers counted: one per virtual cluster of a load-balancer group, one per ingress-nginx host. */
    readonly loadBalancers: number;
    readonly perUser: readonly { readonly name: string; readonly monthly: number }[];
    readonly perProject: readonly { readonly name: string; readonly monthly: number }[];
  }[];
  readonly monthly: number;
}

const GiB = 2 ** 30;

/**
 * What a size costs a month (each virtual cluster's quota is what it may use, so what it is
 * billed): CPU and memory for the hours it is awake, storage for every hour.
 */
function sizeCost(size: Resources, awake: number, r: Rates): number {
  return HOURS_PER_MONTH * (awake * ((size.cpuMilli / 1000) * r.cpuHour + (size.memoryBytes / GiB) * r.memoryGiBHour) + (size.storageBytes / GiB) * r.storageGiBHour);
}

function loadBalancersOf(g: GroupReport): { group: number; perVc: number } {
  if (g.endpointType === 'load-balancer') return { group: 0, perVc: 1 };
  return { group: g.hosts.filter((h) => h.addons.some((a) => a.startsWith('ingress-nginx'))).length, perVc: 0 };
}

const cents = (n: number) => Math.round(n * 100) / 100;

export function costOf(report: PlatformReport, rates: Rates): CostReport {
  const groups = report.groups.map((g) => {
    const lb = loadBalancersOf(g);
    // A sleeping or paused cluster keeps its load balancer, as it keeps its volumes.
    const vcCost = (vc: GroupReport['virtualClusters'][number]) => sizeCost(vc.size, vc.awakeShare, rates) + lb.perVc * HOURS_PER_MONTH * rates.loadBalancerHour;
    const placed = g.virtualClusters.filter((vc) => vc.host !== undefined);
    const loadBalancers = lb.group + lb.perVc * placed.length;
    const monthly = placed.reduce((s, vc) => s + vcCost(vc), 0) + lb.group * HOURS_PER_MONTH * rates.loadBalancerHour;
    const by = (field: 'owner' | 'project') => {
      const sums = new Map<string, number>();
      for (const vc of placed) {
        const name = vc[field];
        if (name !== undefined) sums.set(name, (sums.get(name) ?? 0) + vcCost(vc));
      }
      return [...sums].map(([name, n]) => ({ name, monthly: cents(n) }));
    };
    return { id: g.id, monthly: cents(monthly), loadBalancers, perUser: by('owner'), perProject: by('project') };
  });
  return { rates, hoursPerMonth: HOURS_PER_MONTH, groups, monthly: cents(groups.reduce((s, g) => s + g.monthly, 0)) };
}

/** `cpu=0.031,memory=0.004,storage=0.0001,lb=0.025`: every rate, per hour (memory and storage per GiB). */
export function parseRates(text: string): Rates {
  const names: Record<string, keyof Rates> = { cpu: 'cpuHour', memory: 'memoryGiBHour', storage: 'storageGiBHour', lb: 'loadBalancerHour' };
  const out: Partial<Record<keyof Rates, number>> = {};
  for (const part of text.split(',')) {
    const [k, v, ...rest] = part.split('=');
    const key = names[k.trim()];
    const n = Number(v);
    if (!key || rest.length || v === undefined || v.trim() === '' || !Number.isFinite(n) || n < 0) {
      throw new Error(`--rates: "${part}" is not one of cpu=, memory=, storage=, lb= with a price of 0 or more (per hour; memory and storage per GiB)`);
    }
    out[key] = n;
  }
  const missing = Object.entries(names).filter(([, k]) => out[k] === undefined).map(([n]) => n);
  if (missing.length) throw new Error(`--rates: give every rate; missing ${missing.join(', ')}`);
  return out as Rates;
}
