import { GroupModel, PlatformModel, RawValuesModel, Violation } from '../model/platform-model';
import { valueAt } from '../model/values';
import { CatalogFacts, compareVersions, gatesCrossed, minorDistance, parseVersion, SemVer, stepProblem } from '../model/versions';

/** Values paths that would let a virtual cluster run another Kubernetes version than its group. */
export const VERSION_PATHS = ['controlPlane.distro.k8s.version', 'controlPlane.distro.k8s.image.tag'];

/** CG8: known versions, legal upgrade steps, upstream gates, no silent divergence. */
export function checkVersions(model: PlatformModel, catalog: CatalogFacts): Violation[] {
  const out: Violation[] = [];
  for (const g of model.groups) {
    const chartKnown = catalog.versions.includes(g.chartVersion);
    if (!chartKnown) {
      out.push({
        rule: 'CG8',
        path: g.path,
        prop: 'chartVersion',
        value: g.chartVersion,
        message: 'not a vCluster chart version the catalog knows',
        fix: `use one of ${catalog.versions.join(', ')}`,
      });
    }
    out.push(...checkKubernetes(g, chartKnown, catalog));
    out.push(...checkChartStep(g, chartKnown, catalog));
    const raw = [...g.rawValues, ...g.virtualClusters.flatMap((vc) => vc.rawValues)];
    out.push(...checkNoDivergence(g, raw));
    if (chartKnown) out.push(...checkRemovedPaths(g, raw, catalog));
  }
  return out.map((v) => fromLock(model, v));
}

/**
 * A version the code does not set came from the lock file: a hand edit there, not the code, is
 * what to fix, so the violation names the file and the entry.
 */
function fromLock(model: PlatformModel, v: Violation): Violation {
  const g = model.groups.find((x) => x.path === v.path);
  if (!g?.versionsFromLock?.includes(v.prop as 'chartVersion')) return v;
  const file = model.lock?.path ?? 'the lock file';
  return {
    ...v,
    prop: `${v.prop} (from the lock file)`,
    fix: `the code does not set it: it comes from ${file}, stacks.${g.stack}.groups.${g.name}.${v.prop}; restore that file from version control, or set ${v.prop} in code (${v.fix})`,
  };
}

function checkKubernetes(g: GroupModel, chartKnown: boolean, catalog: CatalogFacts): Violation[] {
  const k = parseVersion(g.kubernetesVersion);
  if (!k) {
    return [{
      rule: 'CG8',
      path: g.path,
      prop: 'kubernetesVersion',
      value: g.kubernetesVersion,
      message: 'not a Kubernetes version of the form v1.35.0',
      fix: 'write the full version, such as "v1.35.0"',
    }];
  }
  const out: Violation[] = [];
  const minors = catalog.kubernetesMinors(g.chartVersion);
  const locked = g.lockedKubernetesVersion ? parseVersion(g.lockedKubernetesVersion) : undefined;
  if (chartKnown && !minors.includes(`${k.major}.${k.minor}`)) {
    out.push({
      rule: 'CG8',
      path: g.path,
      prop: 'kubernetesVersion',
      value: g.kubernetesVersion,
      message: `vCluster ${g.chartVersion} runs Kubernetes ${minors.join(', ')}`,
      fix: supportedStep(g, minors, locked, catalog),
    });
  }
  if (locked) {
    const problem = stepProblem(locked, k);
    if (problem === 'down') {
      out.push({
        rule: 'CG8',
        path: g.path,
        prop: 'kubernetesVersion',
        value: g.kubernetesVersion,
        message: `the lock file records ${g.lockedKubernetesVersion}, and Kubernetes never moves down`,
        fix: `keep ${g.lockedKubernetesVersion} or a later version`,
      });
    } else if (problem === 'skips') {
      out.push({
        rule: 'CG8',
        path: g.path,
        prop: 'kubernetesVersion',
        value: g.kubernetesVersion,
        message: `the lock file records ${g.lockedKubernetesVersion}, and Kubernetes moves one minor version at a time (this is ${minorDistance(locked, k)})`,
        fix: `upgrade to v${locked.major}.${locked.minor + 1}.0 first, apply, then continue`,
      });
    }
  }
  return out;
}

/**
 * A Kubernetes version the chart runs that the step rule also allows from the locked one: a fix
 * that this rule would reject in turn is no fix.
 */
function supportedStep(g: GroupModel, minors: readonly string[], locked: SemVer | undefined, catalog: CatalogFacts): string {
  if (!locked) return `use a version of one of those lines, such as ${catalog.defaultKubernetesVersion(g.chartVersion)}`;
  const line = (m: number) => `${locked.major}.${m}`;
  const up = minors.includes(line(locked.minor + 1));
  const same = minors.includes(line(locked.minor));
  const next = `v${line(locked.minor + 1)}.0`;
  if (up && same) return `keep ${g.lockedKubernetesVersion} (the lock file's) or move one line up, to ${next}`;
  if (up) return `move one line up from the lock file's ${g.lockedKubernetesVersion}, to ${next}`;
  if (same) return `keep ${g.lockedKubernetesVersion} (the lock file's)`;
  return `vCluster ${g.chartVersion} is too far from ${g.lockedKubernetesVersion} (the lock file's): keep chartVersion ${g.lockedChartVersion ?? 'as locked'} and move Kubernetes up one line at a time first, or pick a chart version that runs ${line(locked.minor)} or ${line(locked.minor + 1)}`;
}

function checkChartStep(g: GroupModel, chartKnown: boolean, catalog: CatalogFacts): Violation[] {
  const from = g.lockedChartVersion;
  const f = from ? parseVersion(from) : undefined;
  const t = parseVersion(g.chartVersion);
  if (!from || !f || !t || !chartKnown) return [];
  const out: Violation[] = [];
  const problem = stepProblem(f, t);
  if (problem === 'down') {
    out.push({
      rule: 'CG8',
      path: g.path,
      prop: 'chartVersion',
      value: g.chartVersion,
      message: `the lock file records ${from}, and a group's vCluster version never moves down`,
      fix: `keep ${from} or move forward`,
    });
    return out;
  }
  if (problem === 'skips') {
    const step = minorDistance(f, t);
    const next = catalog.versions.find((v) => minorDistance(f, parseVersion(v)!) === 1);
    out.push({
      rule: 'CG8',
      path: g.path,
      prop: 'chartVersion',
      value: g.chartVersion,
      message: `the lock file records ${from}, and vCluster upgrades move one minor version at a time (this is ${step})`,
      fix: next ? `upgrade to ${next} first, apply, then continue` : 'upgrade one minor version at a time',
    });
  }
  for (const gate of gatesCrossed(catalog.gates, from, g.chartVersion)) {
    const need = gate.requiresAtLeast ? parseVersion(gate.requiresAtLeast) : undefined;
    if (need && compareVersions(f, need) < 0) {
      out.push({
        rule: 'CG8',
        path: g.path,
        prop: 'chartVersion',
        value: g.chartVersion,
        message: `upgrade gate "${gate.id}": ${gate.note}`,
        fix: `upgrade to ${gate.requiresAtLeast} first`,
      });
    }
  }
  return out;
}

function checkNoDivergence(g: GroupModel, raw: RawValuesModel[]): Violation[] {
  const out: Violation[] = [];
  for (const r of raw) {
    for (const p of VERSION_PATHS) {
      const v = valueAt(r.values, p);
      if (v !== undefined && v !== null) {
        out.push({
          rule: 'CG8',
          path: r.path,
          prop: `${r.prop}.${p}`,
          value: v,
          message: `raw values would run another Kubernetes version than group "${g.name}" (${g.kubernetesVersion})`,
          fix: "remove it and set the group's kubernetesVersion instead",
        });
      }
    }
  }
  return out;
}

function checkRemovedPaths(g: GroupModel, raw: RawValuesModel[], catalog: CatalogFacts): Violation[] {
  const out: Violation[] = [];
  // Every gate at or below the group's version: the keys it removed are gone for good.
  for (const gate of gatesCrossed(catalog.gates, '0.0.0', g.chartVersion)) {
    for (const r of raw) {
      for (const p of gate.removedPaths ?? []) {
        if (valueAt(r.values, p) !== undefined) {
          out.push({
            rule: 'CG8',
            path: r.path,
            prop: `${r.prop}.${p}`,
            value: valueAt(r.values, p),
            message: `upgrade gate "${gate.id}": ${gate.note}`,
            fix: 'remove the key (see the vCluster release notes for its replacement)',
          });
        }
      }
    }
  }
  return out;
}
