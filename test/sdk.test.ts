import { spawnSync } from 'child_process';
import * as path from 'path';
import { ChartCatalog, GroupRules, LockFiles, Placement, PlatformModel, Reports, UpgradePlanner } from 'cdktf-cluster-groups/sdk';
import { REPO, tempDir } from './helpers';
import { hostM, platform, size, vcM } from './rules/model-builder';

const GiB = 2 ** 30;
// One host of 4 CPU at 100% oversubscription, and a 6 CPU virtual cluster on it.
const model: PlatformModel = platform(
  { oversubscriptionPercent: 100, virtualClusters: [vcM('x', { size: size(6, 1, 1) })] },
  [hostM('a', { capacity: size(4, 8, 50) })],
);

describe('SDK (cdktf-cluster-groups/sdk)', () => {
  test('loads without cdktf or constructs', () => {
    const probe = `require(${JSON.stringify(path.join(REPO, 'src', 'sdk'))});
      const loaded = Object.keys(require.cache).filter((k) => /node_modules[\\\\/](cdktf|constructs|@cdktf)[\\\\/]/.test(k));
      process.stdout.write(JSON.stringify(loaded));`;
    const r = spawnSync(path.join(REPO, 'node_modules', '.bin', 'tsx'), ['-e', probe], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });

  test('checks a hand-built model with the group rules', () => {
    expect(GroupRules.check(model).map(GroupRules.format)).toEqual([
      '[CG7] s/a: capacity = "6 CPU, 1 GiB memory, 1 GiB storage": the virtual clusters placed on host "a" need 6 CPU, 1 GiB memory, 1 GiB storage, and it allows 4 CPU, 8 GiB memory, 50 GiB storage (capacity times oversubscription); 2 CPU too much. Fix: move or shrink virtual clusters on this host, add capacity, or raise oversubscriptionPercent',
    ]);
    expect(GroupRules.all().map((r) => r.id)).toContain('CG14');
  });

  test('places, plans, locks and reports', () => {
    const room = { name: 'a', allowance: { cpuMilli: 4000, memoryBytes: GiB, storageBytes: GiB }, used: { cpuMilli: 0, memoryBytes: 0, storageBytes: 0 } };
    expect(Placement.place({ size: { cpuMilli: 1000, memoryBytes: 1, storageBytes: 1 } }, [room])).toEqual({ host: 'a', reason: 'placed' });
    expect(UpgradePlanner.plan('0.34.7', ChartCatalog.newestVclusterVersion()).steps).toHaveLength(2);
    const file = path.join(tempDir(), 'lock.json');
    const lock = LockFiles.merge(LockFiles.empty(), { hand: { groups: { dev: { chartVersion: '0.36.1', kubernetesVersion: 'v1.36.0', virtualClusters: { x: { host: 'a' } } } } } });
    LockFiles.write(file, lock);
    expect(LockFiles.read(file)).toEqual(lock);
    expect(LockFiles.diff(lock, { hand: { groups: {} } })).toEqual(['group hand/dev is gone']);
    const report = Reports.build(model, [], GroupRules.warnings(model), { endpoints: {}, addons: {} });
    expect(Reports.table(report)).toContain('s/g');
    expect(Reports.html(report)).toContain('<!doctype html>');
  });
});
