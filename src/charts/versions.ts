import { CatalogFacts, gatesCrossed, parseVersion, UpgradeGate } from '../model/versions';
import { CHARTS, KUBERNETES_MINORS_PER_CHART, PRO_VALUE_PATHS, UPGRADE_GATES } from './catalog';

/** One chart of the catalog: where it comes from and the version the library installs. */
export interface PinnedChart {
  readonly chart: string;
  readonly repository: string;
  /** The chart's source repository, for release notes. */
  readonly upstream: string;
  /** The exact version; for vCluster, the newest one (the default for new groups). */
  readonly version: string;
}

function pinned(c: { chart: string; repository: string; upstream: string }, version: string): PinnedChart {
  return { chart: c.chart, repository: c.repository, upstream: c.upstream, version };
}

// jsii tags each object it hands to another language, which a frozen object refuses: what
// crosses is a copy, which also keeps a caller's change to its own.
function gateCopy(g: UpgradeGate): UpgradeGate {
  return { ...g, ...(g.removedPaths && { removedPaths: [...g.removedPaths] }) };
}

/**
 * The pinned chart catalog as a small, jsii-friendly API: the module's `CHARTS` and
 * `UPGRADE_GATES` are also here as static members, since jsii leaves module constants out of
 * the other languages.
 */
export class ChartCatalog {
  // Unfrozen copies: the library reads the frozen module constants, never these.
  public static readonly VCLUSTER: PinnedChart = pinned(CHARTS.vcluster, CHARTS.vcluster.versions[CHARTS.vcluster.versions.length - 1].version);
  public static readonly INGRESS_NGINX: PinnedChart = pinned(CHARTS.ingressNginx, CHARTS.ingressNginx.version);
  public static readonly METALLB: PinnedChart = pinned(CHARTS.metallb, CHARTS.metallb.version);
  public static readonly EXTERNAL_DNS: PinnedChart = pinned(CHARTS.externalDns, CHARTS.externalDns.version);
  /** The gates upstream imposes on vCluster upgrades, oldest first. */
  public static readonly UPGRADE_GATES: UpgradeGate[] = UPGRADE_GATES.map(gateCopy);

  /** Every vCluster chart version the library knows, oldest first. */
  public static vclusterVersions(): string[] {
    return CHARTS.vcluster.versions.map((v) => v.version);
  }

  /** The newest vCluster chart version: the default for new groups. */
  public static newestVclusterVersion(): string {
    const all = CHARTS.vcluster.versions;
    return all[all.length - 1].version;
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
  public static gatesBetween(fromVersion: string, toVersion: string): UpgradeGate[] {
    return gatesCrossed(UPGRADE_GATES, fromVersion, toVersion).map(gateCopy);
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
