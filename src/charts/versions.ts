import { CatalogFacts, gatesCrossed, parseVersion, UpgradeGate } from '../model/versions';
import { CHARTS, KUBERNETES_MINORS_PER_CHART, PRO_VALUE_PATHS, UPGRADE_GATES } from './catalog';

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

/** The catalog's facts, as the rules and the planner take them. */
export const CATALOG_FACTS: CatalogFacts = {
  versions: ChartCatalog.vclusterVersions(),
  gates: UPGRADE_GATES,
  kubernetesMinors: (v) => ChartCatalog.kubernetesMinors(v),
  defaultKubernetesVersion: (v) => ChartCatalog.defaultKubernetesVersion(v),
  proValuePaths: PRO_VALUE_PATHS,
};
