import { formatViolation } from '../../src/model/platform-model';
import { checkPlatform } from '../../src/rules';
import { checkQuotas } from '../../src/rules/quotas';
import { CATALOG_FACTS } from '../../src/charts/versions';
import { platform, size, vcM } from './model-builder';

const GiB = 2 ** 30;
const managed = { perUser: { virtualClusters: 2, cpuMilli: 12000, memoryBytes: 16 * GiB, storageBytes: 20 * GiB } };

describe('CG19 quotas', () => {
  test('passes when every user is within the quota, and without quotas at all', () => {
    const vcs = [vcM('a', { owner: 'alice', size: size(6, 8, 10) }), vcM('b', { owner: 'alice', size: size(6, 8, 10) }), vcM('c', { owner: 'bob' })];
    expect(checkQuotas(platform({ quotas: managed, virtualClusters: vcs }))).toEqual([]);
    expect(checkQuotas(platform({ virtualClusters: [vcM('x')] }))).toEqual([]);
  });

  test('reports every dimension a user is over, by how much, naming the virtual clusters', () => {
    const vcs = [vcM('a', { owner: 'alice', size: size(6, 8, 10) }), vcM('b', { owner: 'alice', size: size(6, 8, 10) }), vcM('c', { owner: 'alice', size: size(1, 1, 1) })];
    expect(checkQuotas(platform({ quotas: managed, virtualClusters: vcs })).map(formatViolation)).toEqual([
      '[CG19] s/g: quotas.perUser.virtualClusters = 2: user "alice" holds 3 virtual clusters in group "g" (a, b, c), 1 over. Fix: remove 1 of them, or raise quotas.perUser.virtualClusters to 3',
      '[CG19] s/g: quotas.perUser.cpu = 12: user "alice" asks for 13 CPU in group "g" (a, b, c), 1 CPU over. Fix: shrink or remove virtual clusters of user "alice", or raise quotas.perUser.cpu to 13',
      '[CG19] s/g: quotas.perUser.memory = "16Gi": user "alice" asks for 17 GiB in group "g" (a, b, c), 1 GiB over. Fix: shrink or remove virtual clusters of user "alice", or raise quotas.perUser.memory to "17Gi"',
      '[CG19] s/g: quotas.perUser.storage = "20Gi": user "alice" asks for 21 GiB in group "g" (a, b, c), 1 GiB over. Fix: shrink or remove virtual clusters of user "alice", or raise quotas.perUser.storage to "21Gi"',
    ]);
  });

  test('counts per project too, and needs an owner or project on every virtual cluster to count it', () => {
    const quotas = { perProject: { virtualClusters: 1 }, perUser: {} };
    const vcs = [vcM('a', { project: 'web', owner: 'alice' }), vcM('b', { project: 'web' }), vcM('c', { owner: 'bob' })];
    expect(checkQuotas(platform({ quotas, virtualClusters: vcs })).map(formatViolation)).toEqual([
      '[CG19] s/g/b: owner = null: group "g" sets quotas.perUser, which counts what each user holds, and this virtual cluster has no owner. Fix: set owner, such as "alice@example.com"',
      '[CG19] s/g/c: project = null: group "g" sets quotas.perProject, which counts what each project holds, and this virtual cluster has no project. Fix: set project, such as "team-a"',
      '[CG19] s/g: quotas.perProject.virtualClusters = 1: project "web" holds 2 virtual clusters in group "g" (a, b), 1 over. Fix: remove 1 of them, or raise quotas.perProject.virtualClusters to 2',
    ]);
  });

  test('is reported before the per-cluster ceilings (CG7)', () => {
    const vcs = [vcM('a', { owner: 'alice', size: size(8, 4, 5) }), vcM('b', { owner: 'alice', size: size(8, 4, 5) })];
    expect(checkPlatform(platform({ quotas: managed, virtualClusters: vcs }), CATALOG_FACTS).map((v) => v.rule)).toEqual(['CG19', 'CG7', 'CG7']);
  });
});
