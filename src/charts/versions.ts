import { CHARTS, KUBERNETES_MINORS_PER_CHART, UPGRADE_GATES, UpgradeGate } from './catalog';

/** A parsed `major.minor.patch` version (a leading `v` is allowed). */
export interface SemVer {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

const SEMVER = /^v?(\d+)\.(\d+)\.(\d+)$/;

export function parseVersion(text: string): SemVer | undefined {
  const m = SEMVER.exec(text);
  return m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) } : undefined;
}

export function compareVersions(a: SemVer, b: SemVer): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** Minor lines from `from` to `to` (positive when moving up). Only meaningful within one major. */
export function minorDistance(from: SemVer, to: SemVer): number {
  return (to.major - from.major) * 1000 + (to.minor - from.minor);
}

/** The gates a move from `from` to `to` crosses: those that apply from a version in (from, to]. */
export function gatesCrossed(gates: readonly UpgradeGate[], from: string, to: string): UpgradeGate[] {
  const f = parseVersion(from);
  const t = parseVersion(to);
  if (!f || !t) return [];
  return gates.filter((g) => {
    const at = parseVersion(g.appliesFrom)!;
    return compareVersions(f, at) < 0 && compareVersions(t, at) >= 0;
  });
}

/** The pinned chart catalog as a small, jsii-friendly API. */
export class ChartCatalog {
  /** Every vCluster chart version the library knows, oldest first. */
  public static vclusterVersions(): string[] {
    return CHARTS.vcluster.versions.map((v) => v.version);
  }

  /** The newest vCluster chart version: the default for new groups. */
  public static newestVclusterVersion(): string {
    const all = ChartCatalog.vclusterVersions();
    return all[all.length - 1];
  }

  public static isKnownVclusterVersion(version: string): boolean {
    return CHARTS.vcluster.versions.some((v) => v.version === version);
  }

  /** The chart's default Kubernetes version (its image tag), or undefined for an unknown chart. */
  public static defaultKubernetesVersion(chartVersion: string): string | undefined {
    return CHARTS.vcluster.versions.find((v) => v.version === chartVersion)?.defaultKubernetes;
  }

  /**
   * The Kubernetes minors (`1.36`) a chart version accepts: its default minor and the ones
   * before it, `KUBERNETES_MINORS_PER_CHART` in all.
   */
  public static kubernetesMinors(chartVersion: string): string[] {
    const def = parseVersion(ChartCatalog.defaultKubernetesVersion(chartVersion) ?? '');
    if (!def) return [];
    const minors: string[] = [];
    for (let m = def.minor - KUBERNETES_MINORS_PER_CHART + 1; m <= def.minor; m++) {
      minors.push(`${def.major}.${m}`);
    }
    return minors;
  }


  /** The gates upstream imposes on moving from one version to another. */
  public static gatesBetween(from: string, to: string): UpgradeGate[] {
    return gatesCrossed(UPGRADE_GATES, from, to);
  }
}
