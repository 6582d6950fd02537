import { CHARTS, ChartCatalog, LOCK_FILE_CONTEXT, LOCK_MODE_CONTEXT, PlatformSynth, UPGRADE_GATES } from '../../src';
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

  // jsii leaves module constants out of the other languages: the static members carry them.
  test('static members hold the module constants, for languages other than TypeScript', () => {
    expect(ChartCatalog.VCLUSTER).toEqual({ chart: 'vcluster', repository: CHARTS.vcluster.repository, upstream: CHARTS.vcluster.upstream, version: '0.36.1' });
    expect(ChartCatalog.INGRESS_NGINX.version).toBe(CHARTS.ingressNginx.version);
    expect(ChartCatalog.METALLB.repository).toBe(CHARTS.metallb.repository);
    expect(ChartCatalog.EXTERNAL_DNS.chart).toBe('external-dns');
    expect(ChartCatalog.UPGRADE_GATES).toEqual(UPGRADE_GATES);
    expect([PlatformSynth.LOCK_FILE_CONTEXT, PlatformSynth.LOCK_MODE_CONTEXT]).toEqual([LOCK_FILE_CONTEXT, LOCK_MODE_CONTEXT]);
  });

  test('the catalog cannot be changed by a caller that ignores readonly', () => {
    const loose = (v: unknown) => v as { [k: string]: any };
    expect(() => (loose(CHARTS.metallb).version = '9.9.9')).toThrow(TypeError);
    expect(() => loose(CHARTS.vcluster.versions).push({ version: '9.9.9' })).toThrow(TypeError);
    expect(() => loose(UPGRADE_GATES[1].removedPaths).push('x')).toThrow(TypeError);
    // What crosses to other languages is a copy (jsii cannot pass frozen objects); changing it
    // changes nothing the library reads.
    const gates = ChartCatalog.gatesBetween('0.35.3', '0.36.1');
    loose(gates[0].removedPaths).push('x');
    expect(ChartCatalog.gatesBetween('0.35.3', '0.36.1')[0].removedPaths).toEqual(['snapshots.auto.volumes']);
    const saved = ChartCatalog.VCLUSTER.version;
    try {
      loose(ChartCatalog.VCLUSTER).version = '9.9.9';
      expect(ChartCatalog.newestVclusterVersion()).toBe('0.36.1');
    } finally {
      loose(ChartCatalog.VCLUSTER).version = saved;
    }
  });
});
