// Versions and how they may move: the one home of "one minor line at a time, never down", for
// the rules, the upgrade planner and the CLI alike.

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

/**
 * Why a move from `from` to `to` is not allowed, or undefined when it is: versions never move
 * down, and move up one minor line at a time (any patch within a line).
 */
export function stepProblem(from: SemVer, to: SemVer): 'down' | 'skips' | undefined {
  if (compareVersions(to, from) < 0) return 'down';
  if (minorDistance(from, to) > 1) return 'skips';
  return undefined;
}

/** A gate that upstream release notes impose on an upgrade path. */
export interface UpgradeGate {
  readonly id: string;
  /** The gate applies when the target version is at or above this one. */
  readonly appliesFrom: string;
  /** The version the group must already run (at least) before crossing `appliesFrom`. */
  readonly requiresAtLeast?: string;
  /** Values paths the target version rejects: they must be removed before the upgrade. */
  readonly removedPaths?: string[];
  readonly note: string;
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

/** What the upgrade planner needs to know of the chart catalog. */
export interface PlannerCatalog {
  /** Chart versions, oldest first. */
  readonly versions: readonly string[];
  readonly gates: readonly UpgradeGate[];
  /** Kubernetes minors (`1.36`) a chart version accepts. */
  readonly kubernetesMinors: (chartVersion: string) => readonly string[];
}

/**
 * The chart catalog's facts the rules need, handed to them rather than imported, so that rules
 * depend on the model alone (and tests can give them another catalog).
 */
export interface CatalogFacts extends PlannerCatalog {
  /** The chart's default Kubernetes version, or undefined for an unknown chart. */
  readonly defaultKubernetesVersion: (chartVersion: string) => string | undefined;
  /** Values paths that need a vCluster Pro licence. */
  readonly proValuePaths: readonly string[];
}
