import { CATALOG_FACTS } from '../../src/charts/versions';
import { checkVersions } from '../../src/rules/versions';
import { platform, vcM } from './model-builder';

const msgs = (g: Parameters<typeof platform>[0]) => checkVersions(platform(g), CATALOG_FACTS).map((v) => v.message);

describe('CG8 versions', () => {
  test('passes for catalog versions and a legal one-minor upgrade', () => {
    expect(msgs({})).toEqual([]);
    expect(msgs({ chartVersion: '0.36.1', lockedChartVersion: '0.35.3', kubernetesVersion: 'v1.36.0', lockedKubernetesVersion: 'v1.35.0' })).toEqual([]);
  });

  test('judges against the catalog it is given, not the library\'s', () => {
    const catalog = { ...CATALOG_FACTS, versions: ['0.35.3'] };
    expect(checkVersions(platform({ chartVersion: '0.36.1' }), catalog).map((v) => v.fix)).toEqual(['use one of 0.35.3']);
  });

  test('fails if the chart version is unknown', () => {
    const [v] = checkVersions(platform({ chartVersion: '0.37.0' }), CATALOG_FACTS);
    expect(v.fix).toBe('use one of 0.34.7, 0.35.3, 0.36.1');
  });

  test('fails if the Kubernetes version is malformed or outside the chart window', () => {
    expect(msgs({ kubernetesVersion: '1.36' })).toEqual(['not a Kubernetes version of the form v1.35.0']);
    expect(msgs({ kubernetesVersion: 'v1.32.0' })).toEqual(['vCluster 0.36.1 runs Kubernetes 1.33, 1.34, 1.35, 1.36']);
  });

  test('fails if the chart jumps two minors or moves down', () => {
    expect(msgs({ chartVersion: '0.36.1', lockedChartVersion: '0.34.7', kubernetesVersion: 'v1.35.0' })).toEqual([
      'the lock file records 0.34.7, and vCluster upgrades move one minor version at a time (this is 2)',
    ]);
    expect(msgs({ chartVersion: '0.35.3', lockedChartVersion: '0.36.1' })).toEqual(['the lock file records 0.36.1, and a group\'s vCluster version never moves down']);
  });

  test('fails if Kubernetes jumps two minors or moves down', () => {
    expect(msgs({ kubernetesVersion: 'v1.36.0', lockedKubernetesVersion: 'v1.34.2' })).toEqual([
      'the lock file records v1.34.2, and Kubernetes moves one minor version at a time (this is 2)',
    ]);
    expect(msgs({ kubernetesVersion: 'v1.35.0', lockedKubernetesVersion: 'v1.36.0' })).toEqual(['the lock file records v1.36.0, and Kubernetes never moves down']);
  });

  test('fails if raw values would make a virtual cluster diverge from the group version', () => {
    const vc = vcM('x', { rawValues: [{ path: 's/g/x', prop: 'values.extraValues', values: { controlPlane: { distro: { k8s: { version: 'v1.34.0' } } } } }] });
    const [v] = checkVersions(platform({ virtualClusters: [vc] }), CATALOG_FACTS);
    expect(v.path).toBe('s/g/x');
    expect(v.prop).toBe('values.extraValues.controlPlane.distro.k8s.version');
  });

  test('fails if values hold keys the target chart removed (0.36 volume snapshots)', () => {
    const raw = [{ path: 's/g', prop: 'values.extraValues', values: { snapshots: { auto: { volumes: { enabled: true } } } } }];
    expect(msgs({ rawValues: raw })).toEqual(['upgrade gate "volume-snapshot-keys": vCluster 0.36 rejects the old volume-snapshot keys (snapshots.auto.volumes).']);
    expect(msgs({ rawValues: raw, chartVersion: '0.35.3' })).toEqual([]);
  });

  test('suggests a Kubernetes version that the rule itself then accepts', () => {
    const fixOf = (g: Parameters<typeof platform>[0]) => checkVersions(platform(g), CATALOG_FACTS).map((v) => v.fix);
    // vCluster 0.36.1 runs 1.33 to 1.36.
    expect(fixOf({ kubernetesVersion: 'v1.32.5', lockedKubernetesVersion: 'v1.32.5' })).toEqual(["move one line up from the lock file's v1.32.5, to v1.33.0"]);
    expect(msgs({ kubernetesVersion: 'v1.33.0', lockedKubernetesVersion: 'v1.32.5' })).toEqual([]);
    expect(fixOf({ kubernetesVersion: 'v1.37.0', lockedKubernetesVersion: 'v1.36.0' })).toEqual(["keep v1.36.0 (the lock file's)"]);
    expect(fixOf({ kubernetesVersion: 'v1.37.0', lockedKubernetesVersion: 'v1.35.0' })).toEqual([
      "keep v1.35.0 (the lock file's) or move one line up, to v1.36.0",
      'upgrade to v1.36.0 first, apply, then continue',
    ]);
    expect(fixOf({ kubernetesVersion: 'v1.30.0', lockedKubernetesVersion: 'v1.28.0', chartVersion: '0.36.1', lockedChartVersion: '0.36.1' })[0]).toBe(
      "vCluster 0.36.1 is too far from v1.28.0 (the lock file's): keep chartVersion 0.36.1 and move Kubernetes up one line at a time first, or pick a chart version that runs 1.28 or 1.29",
    );
    // The step fix names a whole version, which the version format accepts.
    expect(fixOf({ kubernetesVersion: 'v1.36.0', lockedKubernetesVersion: 'v1.34.2' })).toEqual(['upgrade to v1.35.0 first, apply, then continue']);
  });
});
