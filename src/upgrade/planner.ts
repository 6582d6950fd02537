import { CATALOG_FACTS } from '../charts/versions';
import { compareVersions, gatesCrossed, parseVersion, PlannerCatalog, SemVer, stepProblem, UpgradeGate } from '../model/versions';

export type { PlannerCatalog } from '../model/versions';

/** One chart version change, with what it needs. */
export interface UpgradeStep {
  readonly from: string;
  readonly to: string;
  /** Upstream gates this step crosses. */
  readonly gates: readonly UpgradeGate[];
  /** What must change in the group's values or versions before this step, one sentence each. */
  readonly changes: readonly string[];
}

export interface UpgradePlan {
  readonly from: string;
  readonly to: string;
  readonly steps: readonly UpgradeStep[];
  /** Why the path cannot be taken; empty when it can. */
  readonly problems: readonly string[];
}

/**
 * Plans a group's vCluster upgrade through the catalog: one minor line at a time, never down,
 * with the gates each step crosses and the changes each step needs (removed values keys, and a
 * Kubernetes version the next chart still runs).
 */
export class UpgradePlanner {
  public static plan(from: string, to: string, kubernetesVersion?: string, catalog: PlannerCatalog = CATALOG_FACTS): UpgradePlan {
    const f = parseVersion(from);
    const t = parseVersion(to);
    const problems: string[] = [];
    if (!f) problems.push(`"${from}" is not a version`);
    if (!t || !catalog.versions.includes(to)) problems.push(`"${to}" is not a vCluster version the catalog knows (${catalog.versions.join(', ')})`);
    if (!f || !t || problems.length) return { from, to, steps: [], problems };
    if (stepProblem(f, t) === 'down') return { from, to, steps: [], problems: [`${to} is older than ${from}, and a group's vCluster version never moves down`] };
    if (t.major !== f.major) return { from, to, steps: [], problems: [`${from} and ${to} are different major versions; the catalog plans within one`] };

    const steps: UpgradeStep[] = [];
    let cur = from;
    let k8s = kubernetesVersion ? parseVersion(kubernetesVersion) : undefined;
    for (let minor = f.minor + (t.minor === f.minor ? 0 : 1); minor <= t.minor; minor++) {
      const next = minor === t.minor ? to : newestOfLine(catalog, f.major, minor);
      if (next === undefined) {
        problems.push(`the catalog has no ${f.major}.${minor} release to step through; upgrade past it with an older release of this library first`);
        break;
      }
      if (next === cur) continue;
      const step = UpgradePlanner.step(cur, next, k8s, catalog, problems);
      steps.push(step.step);
      k8s = step.kubernetes;
      cur = next;
    }
    return { from, to, steps, problems };
  }

  private static step(from: string, to: string, k8s: SemVer | undefined, catalog: PlannerCatalog, problems: string[]): { step: UpgradeStep; kubernetes?: SemVer } {
    const f = parseVersion(from)!;
    const gates = gatesCrossed(catalog.gates, from, to);
    const changes: string[] = [];
    for (const g of gates) {
      const need = g.requiresAtLeast ? parseVersion(g.requiresAtLeast) : undefined;
      if (need && compareVersions(f, need) < 0) problems.push(`${from} -> ${to} crosses gate "${g.id}": ${g.note}`);
      for (const p of g.removedPaths ?? []) changes.push(`remove ${p} from the group's and its virtual clusters' values (${g.id})`);
    }
    let kubernetes = k8s;
    if (k8s) {
      const minors = catalog.kubernetesMinors(to);
      const have = `${k8s.major}.${k8s.minor}`;
      if (minors.length && !minors.includes(have)) {
        const lowest = parseVersion(`${minors[0]}.0`)!;
        if (k8s.minor < lowest.minor) {
          const path: string[] = [];
          for (let m = k8s.minor + 1; m <= lowest.minor; m++) path.push(`${k8s.major}.${m}`);
          const runnable = path.every((p) => catalog.kubernetesMinors(from).includes(p));
          if (!runnable) problems.push(`${to} runs Kubernetes ${minors.join(', ')}, and ${from} cannot reach ${minors[0]} from ${have} one minor at a time`);
          changes.push(`raise kubernetesVersion ${path.map((p) => `to v${p}.x`).join(', then ')}, one minor at a time, before this step (${to} runs ${minors.join(', ')})`);
          kubernetes = lowest;
        } else {
          problems.push(`${to} runs Kubernetes ${minors.join(', ')}, older than the group's ${have}`);
        }
      }
    }
    return { step: { from, to, gates, changes }, kubernetes };
  }
}

function newestOfLine(catalog: PlannerCatalog, major: number, minor: number): string | undefined {
  return catalog.versions.filter((v) => {
    const p = parseVersion(v)!;
    return p.major === major && p.minor === minor;
  }).pop();
}
