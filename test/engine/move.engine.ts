// A virtual cluster moved to another group, on two hosts' real API servers with the real vCluster
// chart, in the three applies the README describes, each applied with the built tofu and stepped
// by the CLI's `move`. No syncer runs here: the test takes its part (it reads the snapshot request
// as the syncer does and deletes it, as the syncer does once the snapshot is written), runs the
// snapshot Job's steps as its ServiceAccount, and checks the copy's restore init container as the
// API server stores it. Last, the code declares the copy where it is: the plan must be empty.
import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { BackupTarget, ClusterGroup, EndpointType } from '../../src';
import { main } from '../../src/cli/main';
import { lifecycleName, LIFECYCLE_NAMESPACE } from '../../src/charts/lifecycle';
import { readLock } from '../../src/lock/lock-file';
import { host, tempDir } from '../helpers';
import { planChanges, synthPlatform, tofuOkAsync } from './apply';
import { Fixture, HeldJobRunner, HostFixture } from './cluster';
import { chartDirectory, prepareStack, until } from './harness';
import { apiServerSkipReason, record, reportSkipped } from './results';
import { AsServiceAccount } from './service-account';

const VIA = BackupTarget.s3({ bucket: 'platform-backups', prefix: 'moves', region: 'eu-central-1', credentialsSecret: 'backup-credentials' });
const MOVE_JOB = `${lifecycleName('shop', 'vcluster-shop')}-move`;
type Where = 'dev' | 'moving' | 'prod';

function build(app: App, where: Where): void {
  const stack = new TerraformStack(app, 'moves');
  const dev = new ClusterGroup(stack, 'dev', { hosts: [{ host: host(stack, 'lab') }], endpointType: EndpointType.LOAD_BALANCER });
  const prod = new ClusterGroup(stack, 'prod', { hosts: [{ host: host(stack, 'dc') }], endpointType: EndpointType.LOAD_BALANCER });
  const shop = { storage: '2Gi', owner: 'ana@example.com' };
  if (where === 'prod') prod.addVirtualCluster('shop', { ...shop, restoreFrom: { target: VIA, snapshot: 'dev.shop.move' } });
  else dev.addVirtualCluster('shop', { ...shop, ...(where === 'moving' ? { moveTo: { group: prod, via: VIA } } : {}) });
}

const skipReason = apiServerSkipReason();

describe('moves: a virtual cluster moved to another group in three applies, on two hosts', () => {
  if (skipReason) return reportSkipped('moves', skipReason);
  const work = tempDir('cg-move-');
  const lockFile = path.join(work, 'cluster-groups.lock.json');
  const charts = chartDirectory();
  let fixture: Fixture;
  let lab: HostFixture;
  let dc: HostFixture;
  let stackDir = '';
  const proved: { [step: string]: boolean } = {};

  const sts = (h: HostFixture) => h.json(['get', 'statefulset', 'shop', '-n', 'vcluster-shop']);
  const exists = (h: HostFixture, ns: string) => h.json(['get', 'namespaces', '--field-selector', `metadata.name=${ns}`]).items.length > 0;
  const replicasReady = (h: HostFixture, n: number) => until(`shop to run ${n} replica(s)`, 180_000, () => {
    const s = sts(h);
    return s.spec.replicas === n && (s.status.readyReplicas ?? 0) === n ? true : undefined;
  });
  const lock = () => readLock(lockFile)!.stacks.moves.groups;
  const cli = async (...args: string[]) => {
    let out = '';
    const code = await main([...args, '--dir', work], { out: (t) => (out += t), err: (t) => (out += t) });
    return { code, out };
  };

  async function deploy(where: Where, init = false): Promise<void> {
    stackDir = prepareStack(synthPlatform('moves', (app) => build(app, where), charts, lockFile), 'moves', work).dir;
    if (init) await tofuOkAsync(fixture, stackDir, ['init', '-input=false', '-no-color']);
    await tofuOkAsync(fixture, stackDir, ['apply', '-input=false', '-no-color', '-auto-approve']);
  }

  beforeAll(async () => {
    fs.writeFileSync(path.join(work, 'cdktf.json'), JSON.stringify({ app: 'true' }));
    fixture = await Fixture.start(path.join(work, 'fixture'), ['lab', 'dc'], { heldJobs: [MOVE_JOB] });
    lab = fixture.host('lab');
    dc = fixture.host('dc');
  }, 300_000);

  afterAll(async () => {
    await fixture?.stop();
    record({ tier: 'moves', name: 'snapshot, restore, retire, declared anew', ok: ['created', 'snapshot', 'restore', 'retire', 'declared', 'destroyedClean'].every((k) => proved[k]), detail: proved });
  }, 60_000);

  test('before the move: shop runs in dev on lab', async () => {
    await deploy('dev', true);
    await replicasReady(lab, 1);
    expect(lock().dev.virtualClusters.shop).toEqual({ host: 'lab' });
    proved.created = true;
  }, 1_200_000);

  test('apply 1, snapshot: the Job, run as its ServiceAccount, files the request as the syncer reads it and waits until it is taken; shop runs on', async () => {
    const runs: { steps: string[][]; error?: string }[] = [];
    let seen: any;
    const runner = new HeldJobRunner(lab, LIFECYCLE_NAMESPACE, MOVE_JOB, async (pod) => {
      try {
        const as = new AsServiceAccount(lab, pod.spec.serviceAccountName, work);
        runs.push({
          steps: as.runSteps(pod.spec, (step) => {
            if (step !== 'wait-taken') return;
            // The syncer's part: read the request and its options, write the snapshot, delete both.
            const cm = lab.json(['get', 'configmap', 'cluster-groups-move', '-n', 'vcluster-shop']);
            const secret = lab.json(['get', 'secret', 'cluster-groups-move', '-n', 'vcluster-shop']);
            seen = { labels: cm.metadata.labels, request: JSON.parse(cm.data.snapshotRequest), options: JSON.parse(Buffer.from(secret.data.snapshotOptions, 'base64').toString()) };
            lab.kubectl(['delete', 'configmap,secret', 'cluster-groups-move', '-n', 'vcluster-shop']);
          }),
        });
        return 0;
      } catch (e) {
        runs.push({ steps: [], error: (e as Error).message });
        return 1;
      }
    });
    try {
      await deploy('moving');
    } finally {
      runner.stop();
    }
    expect(runs.map((r) => r.error)).toEqual([undefined]);
    expect(runs[0].steps.map((s) => s[0])).toEqual(['delete', 'create', 'create', 'label', 'label', 'wait']);
    expect(seen).toEqual({
      labels: { 'vcluster.loft.sh/snapshot-request': '', 'vcluster.loft.sh/vcluster-name': 'shop', 'vcluster.loft.sh/vcluster-namespace': 'vcluster-shop' },
      request: { metadata: { name: 'cluster-groups-move' }, spec: { url: 's3://platform-backups/moves/dev.shop.move.tar.gz' } },
      options: { type: 's3', s3: { bucket: 'platform-backups', key: 'moves/dev.shop.move.tar.gz', region: 'eu-central-1', 'credentials-file': '/etc/cluster-groups/s3/credentials' } },
    });
    expect(lock().dev.virtualClusters.shop.move).toMatchObject({ toGroup: 'prod', phase: 'snapshot' });
    expect(sts(lab).spec.replicas).toBe(1);
    expect(exists(dc, 'vcluster-shop')).toBe(false);
    expect(await planChanges(fixture, stackDir)).toEqual([]);
    proved.snapshot = true;
  }, 1_200_000);

  test('apply 2, restore: after `move`, shop is paused on lab and its copy runs on dc with the restore init container', async () => {
    expect((await cli('move', 'moves/dev/shop')).code).toBe(0);
    await deploy('moving');
    expect(sts(lab).spec.replicas).toBe(0);
    expect(sts(lab).metadata.annotations).toMatchObject({ 'loft.sh/paused': 'true', 'loft.sh/paused-replicas': '1' });
    await replicasReady(dc, 1);
    const pod = sts(dc).spec.template.spec;
    expect(pod.initContainers.map((c: any) => c.name)).toContain('cluster-groups-restore');
    const options = pod.initContainers.find((c: any) => c.name === 'cluster-groups-restore').env.find((e: any) => e.name === 'VCLUSTER_STORAGE_OPTIONS').value;
    expect(JSON.parse(Buffer.from(options, 'base64').toString()).s3.key).toBe('moves/dev.shop.move.tar.gz');
    // The snapshot Job is gone with its phase.
    expect(lab.json(['get', 'jobs', '-n', LIFECYCLE_NAMESPACE, '--field-selector', `metadata.name=${MOVE_JOB}`]).items).toEqual([]);
    expect(lock().prod.virtualClusters.shop).toEqual({ host: 'dc', movedFrom: { group: 'dev', host: 'lab', at: expect.any(String) } });
    expect(await planChanges(fixture, stackDir)).toEqual([]);
    proved.restore = true;
  }, 1_200_000);

  test('apply 3, retire: after `move`, shop is gone from lab with its volume; the copy is untouched', async () => {
    const before = sts(dc).metadata.uid;
    expect((await cli('move', 'moves/dev/shop')).code).toBe(0);
    await deploy('moving');
    await until('shop\'s namespace on lab to be gone', 120_000, () => (exists(lab, 'vcluster-shop') ? undefined : true));
    expect(lab.json(['get', 'pvc', '-A']).items.filter((p: any) => p.metadata.namespace === 'vcluster-shop')).toEqual([]);
    expect(sts(dc).metadata.uid).toBe(before);
    expect(lock().dev.virtualClusters.shop.move).toMatchObject({ phase: 'retire' });
    expect(await planChanges(fixture, stackDir)).toEqual([]);
    proved.retire = true;
  }, 1_200_000);

  test('the code declares the copy in prod, under the same id: nothing to change', async () => {
    stackDir = prepareStack(synthPlatform('moves', (app) => build(app, 'prod'), charts, lockFile), 'moves', work).dir;
    expect(await planChanges(fixture, stackDir)).toEqual([]);
    expect(lock().dev.virtualClusters.shop).toBeUndefined();
    expect(lock().prod.virtualClusters.shop.movedFrom).toMatchObject({ group: 'dev', host: 'lab' });
    proved.declared = true;
  }, 1_200_000);

  test('destroy leaves nothing of ours on either host', async () => {
    await tofuOkAsync(fixture, stackDir, ['destroy', '-input=false', '-no-color', '-auto-approve']);
    for (const h of [lab, dc]) expect(h.json(['get', 'namespaces', '-l', 'app.kubernetes.io/managed-by=cdktf-cluster-groups']).items.map((n: any) => n.metadata.name)).toEqual([]);
    proved.destroyedClean = true;
  }, 1_200_000);
});
