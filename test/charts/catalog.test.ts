import { CHARTS, ChartCatalog, UPGRADE_GATES } from '../../src';
import { parseVersion } from '../../src/model/versions';

describe('chart catalog', () => {
  test('pins exact versions only', () => {
    const all = [...CHARTS.vcluster.versions.map((v) => v.version), CHARTS.ingressNginx.version, CHARTS.metallb.version, CHARTS.externalDns.version];
    for (const v of all) expect(v).toMatch(/^\d+\.\d+\.\d+$/);
    for (const v of CHARTS.vcluster.versions) expect(v.defaultKubernetes).toMatch(/^v\d+\.\d+\.\d+$/);
  });

  test('holds the versions the library is built for', () => {
    expect(ChartCatalog.vclusterVersions()).toEqual(['0.34.7', '0.35.3', '0.36.1']);
    expect([CHARTS.ingressNginx.version, CHARTS.metallb.version, CHARTS.externalDns.version]).toEqual(['4.15.1', '0.16.1', '1.21.1']);
  });

  test('lists vCluster versions oldest first, one per minor line, newest is the default', () => {
    const parsed = ChartCatalog.vclusterVersions().map((v) => parseVersion(v)!);
    for (let i = 1; i < parsed.length; i++) expect(parsed[i].minor).toBe(parsed[i - 1].minor + 1);
    expect(ChartCatalog.newestVclusterVersion()).toBe('0.36.1');
  });

  test('knows each chart default Kubernetes version and the minors it accepts', () => {
    expect(ChartCatalog.defaultKubernetesVersion('0.34.7')).toBe('v1.35.0');
    expect(ChartCatalog.defaultKubernetesVersion('0.9.9')).toBeUndefined();
    expect(ChartCatalog.kubernetesMinors('0.34.7')).toEqual(['1.32', '1.33', '1.34', '1.35']);
    expect(ChartCatalog.kubernetesMinors('0.9.9')).toEqual([]);
  });

  test('finds the upstream gates crossed by an upgrade, and only those', () => {
    expect(ChartCatalog.gatesBetween('0.35.3', '0.36.1').map((g) => g.id)).toEqual(['volume-snapshot-keys']);
    expect(ChartCatalog.gatesBetween('0.36.0', '0.36.1')).toEqual([]);
    expect(ChartCatalog.gatesBetween('0.24.0', '0.29.0').map((g) => g.id)).toEqual(['etcd-migration']);
    expect(UPGRADE_GATES.every((g) => parseVersion(g.appliesFrom))).toBe(true);
  });

});
