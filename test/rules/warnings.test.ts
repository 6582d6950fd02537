import { CATALOG_FACTS } from '../../src/charts/versions';
import { platformWarnings } from '../../src/rules/warnings';
import { platform, vcM } from './model-builder';

describe('warnings', () => {
  test('none for a group on the newest chart with plain values', () => {
    expect(platformWarnings(platform({ virtualClusters: [vcM('x')] }), CATALOG_FACTS)).toEqual([]);
  });

  test('a newer chart version than the group runs', () => {
    expect(platformWarnings(platform({ chartVersion: '0.35.3', kubernetesVersion: 'v1.36.0' }), CATALOG_FACTS)).toEqual([
      { path: 's/g', message: expect.stringContaining('vCluster 0.36.1 is available; group "g" stays on 0.35.3') },
    ]);
  });

  test('Pro-only keys in raw values, in a group that declares a licence (without one, CG21 fails the synth)', () => {
    const vc = vcM('x', { rawValues: [{ path: 's/g/x', prop: 'values.extraValues', values: { sleep: { auto: {} } } }] });
    expect(platformWarnings(platform({ proLicense: true, virtualClusters: [vc] }), CATALOG_FACTS)).toEqual([
      { path: 's/g/x', message: 'values.extraValues.sleep is a vCluster Pro feature: it runs only with the licence the group declares' },
    ]);
    expect(platformWarnings(platform({ virtualClusters: [vc] }), CATALOG_FACTS)).toEqual([]);
  });
});
