import { ChartCatalog } from '../../src';
import { UpgradeGate } from '../../src/charts/catalog';
import { PlannerCatalog, UpgradePlanner } from '../../src/upgrade/planner';

const versions = ChartCatalog.vclusterVersions();
const pairs = versions.flatMap((from, i) => versions.map((to, j) => [from, to, j - i] as const));

describe('UpgradePlanner over the catalog', () => {
  test.each(pairs.filter(([, , d]) => d >= 0))('%s -> %s is a legal path, one minor per step', (from, to, distance) => {
    const plan = UpgradePlanner.plan(from, to, 'v1.35.0');
    expect(plan.problems).toEqual([]);
    expect(plan.steps.map((s) => s.to)).toEqual(versions.slice(versions.indexOf(from) + 1, versions.indexOf(to) + 1));
    expect(plan.steps).toHaveLength(distance);
  });

  test.each(pairs.filter(([, , d]) => d < 0))('%s -> %s is refused: never down', (from, to) => {
    expect(UpgradePlanner.plan(from, to).problems).toEqual([`${to} is older than ${from}, and a group's vCluster version never moves down`]);
  });

  test('0.35 -> 0.36 crosses the volume-snapshot gate and says what to remove', () => {
    const [step] = UpgradePlanner.plan('0.35.3', '0.36.1').steps;
    expect(step.gates.map((g) => g.id)).toEqual(['volume-snapshot-keys']);
    expect(step.changes).toEqual(["remove snapshots.auto.volumes from the group's and its virtual clusters' values (volume-snapshot-keys)"]);
  });

  test('a Kubernetes version the next chart does not run is raised first, one minor at a time', () => {
    const [step] = UpgradePlanner.plan('0.34.7', '0.35.3', 'v1.32.4').steps;
    expect(step.changes).toEqual(['raise kubernetesVersion to v1.33.x, one minor at a time, before this step (0.35.3 runs 1.33, 1.34, 1.35, 1.36)']);
  });

  test('refuses unknown targets, older majors, and versions that are not versions', () => {
    expect(UpgradePlanner.plan('0.36.1', '0.37.0').problems).toEqual(['"0.37.0" is not a vCluster version the catalog knows (0.34.7, 0.35.3, 0.36.1)']);
    expect(UpgradePlanner.plan('latest', '0.36.1').problems).toEqual(['"latest" is not a version']);
  });

  test('a lock older than the catalog cannot step through the lines the catalog lacks', () => {
    expect(UpgradePlanner.plan('0.32.1', '0.34.7').problems).toEqual(['the catalog has no 0.33 release to step through; upgrade past it with an older release of this library first']);
  });

  test('a patch upgrade within a line is one step', () => {
    const catalog: PlannerCatalog = { versions: ['0.36.0', '0.36.1'], gates: [], kubernetesMinors: () => ['1.36'] };
    expect(UpgradePlanner.plan('0.36.0', '0.36.1', undefined, catalog).steps.map((s) => `${s.from}->${s.to}`)).toEqual(['0.36.0->0.36.1']);
  });

  describe('gates, with a catalog of its own', () => {
    const etcd: UpgradeGate = { id: 'etcd-migration', appliesFrom: '0.29.0', requiresAtLeast: '0.24.2', note: 'be on 0.24.2 first' };
    const catalog = (versions: string[]): PlannerCatalog => ({ versions, gates: [etcd], kubernetesMinors: () => [] });
    const lines = ['0.24.2', '0.25.0', '0.26.0', '0.27.0', '0.28.0', '0.29.0'];

    test('a path that starts on the required version passes the gate', () => {
      const plan = UpgradePlanner.plan('0.24.2', '0.29.0', undefined, catalog(lines));
      expect(plan.problems).toEqual([]);
      expect(plan.steps.at(-1)!.gates.map((g) => g.id)).toEqual(['etcd-migration']);
    });

    test('a step that crosses the gate from below the required version is refused', () => {
      const gated = UpgradePlanner.plan('0.28.0', '0.29.0', undefined, { ...catalog(lines), gates: [{ ...etcd, requiresAtLeast: '0.28.5' }] });
      expect(gated.problems).toEqual(['0.28.0 -> 0.29.0 crosses gate "etcd-migration": be on 0.24.2 first']);
    });
  });
});
