import { CATALOG_FACTS } from '../../src/charts/versions';
import { formatViolation } from '../../src/model/platform-model';
import { checkLicence } from '../../src/rules/licence';
import { platform, vcM } from './model-builder';

const withValues = (values: Record<string, unknown>, group: Parameters<typeof platform>[0] = {}) =>
  checkLicence(platform({ ...group, virtualClusters: [vcM('x', { rawValues: [{ path: 's/g/x', prop: 'values.extraValues', values }] })] }), CATALOG_FACTS).map(formatViolation);

describe('CG21 licence', () => {
  test('passes for open-source values, for licensed keys switched off, and with a declared licence', () => {
    expect(withValues({ sync: { toHost: { ingresses: { enabled: true } } }, controlPlane: { backingStore: { etcd: { deploy: { enabled: true } } } } })).toEqual([]);
    expect(withValues({ controlPlane: { backingStore: { etcd: { embedded: { enabled: false } } } }, sleep: null })).toEqual([]);
    expect(withValues({ sleep: { auto: { afterInactivity: '1h' } } }, { proLicense: true })).toEqual([]);
  });

  test('fails on each licensed key, naming what does the job without a licence', () => {
    expect(withValues({ sleep: { auto: { afterInactivity: '1h' } }, snapshots: { auto: { schedule: '0 * * * *' } }, deletion: { prevent: true }, platform: { name: 'x' }, policies: { centralAdmission: {} } })).toEqual([
      '[CG21] s/g/x: values.extraValues.policies.centralAdmission = {}: a vCluster Pro feature, which needs a licence, and group "g" declares none. Fix: remove it: it has no open-source equivalent; or, with a licence, set proLicense: true on the group',
      '[CG21] s/g/x: values.extraValues.sleep = {"auto":{"afterInactivity":"1h"}}: a vCluster Pro feature, which needs a licence, and group "g" declares none. Fix: give the virtual cluster (or its group) a sleepSchedule, which CronJobs on the host run, or set paused; or, with a licence, set proLicense: true on the group',
      '[CG21] s/g/x: values.extraValues.snapshots = {"auto":{"schedule":"0 * * * *"}}: a vCluster Pro feature, which needs a licence, and group "g" declares none. Fix: give the virtual cluster (or its group) backups, which CronJobs on the host run with open-source snapshots, and restore with restoreFrom; or, with a licence, set proLicense: true on the group',
      '[CG21] s/g/x: values.extraValues.deletion = {"prevent":true}: a vCluster Pro feature, which needs a licence, and group "g" declares none. Fix: remove the virtual cluster from your code: the next deploy destroys it; or, with a licence, set proLicense: true on the group',
      '[CG21] s/g/x: values.extraValues.platform = {"name":"x"}: a vCluster Pro feature, which needs a licence, and group "g" declares none. Fix: leave it out: this library manages the group (placement, rules, lock, report) without vCluster Platform; or, with a licence, set proLicense: true on the group',
    ]);
  });
});
