// Pause, resume, sleep, wake, backups and a restore's control plane on a real API server with the
// real vCluster chart, applied with the built tofu. Nothing runs the jobs' containers here (pods run on a fake node), so the test
// runs each step itself: the kubectl call the container would make, authenticated as the
// ServiceAccount the job runs as, which proves the RBAC too. It then looks at the StatefulSet, and
// at the snapshot requests as vCluster's syncer reads them (no syncer runs here to take them, and
// no restore runs: the restore's init container is only checked as the API server stores it).
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { BackupTarget, ClusterGroup, EndpointType } from '../../src';
import { lifecycleName, LIFECYCLE_NAMESPACE } from '../../src/charts/lifecycle';
import { readLock } from '../../src/lock/lock-file';
import { host, tempDir } from '../helpers';
import { planChanges, synthPlatform, tofuOkAsync } from './apply';
import { Fixture, HeldJobRunner, HostFixture } from './cluster';
import { chartDirectory, prepareStack, until } from './harness';
import { apiServerSkipReason, record, reportSkipped } from './results';
import { AsServiceAccount } from './service-account';

const SCHEDULE = { sleep: '0 20 * * 1-5', wake: '0 7 * * 1-5', timeZone: 'Europe/Berlin' };
const PAUSE_JOB = `${lifecycleName('demo', 'vcluster-demo')}-pause`;
const OPS = lifecycleName('ops', 'vcluster-ops');
const BACKUP_TARGET = BackupTarget.s3({ bucket: 'platform-backups', prefix: 'dev', region: 'eu-central-1', credentialsSecret: 'backup-credentials' });

function build(app: App, paused: boolean): void {
  const stack = new TerraformStack(app, 'day-two');
  const g = new ClusterGroup(stack, 'dev', { hosts: [{ host: host(stack, 'lab') }], endpointType: EndpointType.LOAD_BALANCER });
  // Room for a workload beside the control plane, whose memory limit is the chart's 4Gi.
  // The default CPU and memory: a synced pod must fit in the quota beside the control plane.
  // 2Gi of storage, below the chart's 5Gi volume, which the library clamps to fit the quota.
  g.addVirtualCluster('demo', { storage: '2Gi', paused });
  g.addVirtualCluster('team', { storage: '2Gi', sleepSchedule: SCHEDULE });
  g.addVirtualCluster('ops', {
    storage: '2Gi',
    backups: { schedule: '30 12 * * *', timeZone: 'Europe/Berlin', target: BACKUP_TARGET, keep: 2 },
    restoreFrom: { target: BACKUP_TARGET, snapshot: 'dev.old.0' },
  });
}

const skipReason = apiServerSkipReason();

describe('lifecycle: pause, resume, sleep and wake on a real API server with the real vCluster chart', () => {
  if (skipReason) return reportSkipped('lifecycle', skipReason);
  const work = tempDir('cg-lifecycle-');
  const lockFile = path.join(work, 'cluster-groups.lock.json');
  const charts = chartDirectory();
  let fixture: Fixture;
  let h: HostFixture;
  let stackDir = '';
  const proved: { [step: string]: boolean } = {};

  const sts = (name: string) => h.json(['get', 'statefulset', name, '-n', `vcluster-${name}`]);
  const lifecycleAnnotations = (name: string) => Object.fromEntries(Object.entries<string>(sts(name).metadata.annotations ?? {}).filter(([k]) => k.startsWith('loft.sh/')));
  /** A pod as vCluster's syncer would create it on the host for a workload inside the virtual cluster. */
  const syncedPod = (name: string) => h.apply({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: `web-x-default-x-${name}`, namespace: `vcluster-${name}`, labels: { 'vcluster.loft.sh/managed-by': name } },
    spec: { nodeName: 'lab-node', containers: [{ name: 'web', image: 'example.com/web:1', resources: { limits: { cpu: '100m', memory: '64Mi' }, requests: { cpu: '100m', memory: '64Mi' } } }] },
  });
  const podGone = (ns: string, name: string) => until(`pod ${ns}/${name} to be gone`, 60_000, () => (h.json(['get', 'pods', '-n', ns, '--field-selector', `metadata.name=${name}`]).items.length === 0 ? true : undefined));
  const replicasReady = (name: string, n: number) => until(`${name} to run ${n} replica(s)`, 180_000, () => {
    const s = sts(name);
    return s.spec.replicas === n && (s.status.readyReplicas ?? 0) === n && (s.status.replicas ?? 0) === n ? true : undefined;
  });

  async function deploy(paused: boolean): Promise<void> {
    const synth = synthPlatform('day-two', (app) => build(app, paused), charts, lockFile);
    stackDir = prepareStack(synth, 'day-two', work).dir;
    await tofuOkAsync(fixture, stackDir, ['apply', '-input=false', '-no-color', '-auto-approve']);
  }

  beforeAll(async () => {
    fixture = await Fixture.start(path.join(work, 'fixture'), ['lab'], { heldJobs: [PAUSE_JOB] });
    h = fixture.host('lab');
  }, 300_000);

  afterAll(async () => {
    await fixture?.stop();
    record({ tier: 'lifecycle', name: 'pause, resume, sleep, wake, backups, restore', ok: ['applied', 'slept', 'woke', 'backedUp', 'restoreRendered', 'paused', 'resumed', 'destroyedClean'].every((k) => proved[k]), detail: proved });
  }, 60_000);

  test('applies: the API server takes the CronJobs (in their time zone), the Role and the binding', async () => {
    const synth = synthPlatform('day-two', (app) => build(app, false), charts, lockFile);
    stackDir = prepareStack(synth, 'day-two', work).dir;
    await tofuOkAsync(fixture, stackDir, ['init', '-input=false', '-no-color']);
    await tofuOkAsync(fixture, stackDir, ['apply', '-input=false', '-no-color', '-auto-approve']);
    await replicasReady('demo', 1);
    await replicasReady('team', 1);
    await replicasReady('ops', 1);
    const crons = h.json(['get', 'cronjobs', '-n', LIFECYCLE_NAMESPACE]).items;
    expect(crons.map((c: any) => [c.metadata.name, c.spec.schedule, c.spec.timeZone, c.spec.suspend]).sort()).toEqual([
      [`${OPS}-backup-2-0`, '30 12 * * *', 'Europe/Berlin', false],
      [`${OPS}-backup-2-1`, '30 12 * * *', 'Europe/Berlin', true],
      [`${lifecycleName('team', 'vcluster-team')}-sleep`, SCHEDULE.sleep, SCHEDULE.timeZone, false],
      [`${lifecycleName('team', 'vcluster-team')}-wake`, SCHEDULE.wake, SCHEDULE.timeZone, false],
    ]);
    expect(h.json(['get', 'role', 'cluster-groups-lifecycle', '-n', 'vcluster-team']).rules).toHaveLength(2);
    // No pause Job while it runs.
    expect(h.json(['get', 'jobs', '-n', LIFECYCLE_NAMESPACE]).items).toEqual([]);
    expect(await planChanges(fixture, stackDir)).toEqual([]);
    proved.applied = true;
  }, 1_200_000);

  test('the sleep CronJob\'s steps, run as its ServiceAccount, pause it as `vcluster pause` does and stop its synced pods; the account can do nothing more', async () => {
    syncedPod('team');
    const cron = h.json(['get', 'cronjob', `${lifecycleName('team', 'vcluster-team')}-sleep`, '-n', LIFECYCLE_NAMESPACE]);
    const spec = cron.spec.jobTemplate.spec.template.spec;
    const as = new AsServiceAccount(h, spec.serviceAccountName, work);
    const steps = as.runSteps(spec);
    expect(steps.map((s) => s[0])).toEqual(['patch', 'wait', 'delete']);
    expect(sts('team').spec.replicas).toBe(0);
    expect(lifecycleAnnotations('team')).toEqual({ 'loft.sh/paused': 'true', 'loft.sh/paused-replicas': '1' });
    await podGone('vcluster-team', 'web-x-default-x-team');
    expect(h.json(['get', 'pods', '-n', 'vcluster-team', '-l', 'app=vcluster']).items).toEqual([]);
    // Least privilege: nothing beyond its steps, and nothing in another virtual cluster's namespace.
    expect(as.run(['get', 'secrets', '-n', 'vcluster-team']).code).not.toBe(0);
    expect(as.run(['delete', 'statefulset', 'team', '-n', 'vcluster-team', '--dry-run=server']).code).not.toBe(0);
    expect(as.run(['get', 'statefulsets', '-n', 'vcluster-demo']).code).not.toBe(0);
    expect(as.run(['get', 'statefulsets', '-n', 'vcluster-team']).code).toBe(0);
    proved.slept = true;
  }, 600_000);

  test('the wake CronJob\'s step brings back the replicas it had and removes the annotations', async () => {
    const cron = h.json(['get', 'cronjob', `${lifecycleName('team', 'vcluster-team')}-wake`, '-n', LIFECYCLE_NAMESPACE]);
    const spec = cron.spec.jobTemplate.spec.template.spec;
    new AsServiceAccount(h, spec.serviceAccountName, work).runSteps(spec);
    await replicasReady('team', 1);
    expect(lifecycleAnnotations('team')).toEqual({});
    // Asleep and awake again, it is what the stack says: nothing to change.
    expect(await planChanges(fixture, stackDir)).toEqual([]);
    proved.woke = true;
  }, 600_000);

  test('the backup CronJobs\' steps, run as their ServiceAccount, file snapshot requests as `vcluster snapshot create` does and pass the token; the account reads no other Secret', async () => {
    const cron = (slot: number) => h.json(['get', 'cronjob', `${OPS}-backup-2-${slot}`, '-n', LIFECYCLE_NAMESPACE]);
    const spec = cron(0).spec.jobTemplate.spec.template.spec;
    const as = new AsServiceAccount(h, spec.serviceAccountName, work);
    const request = (slot: number) => {
      const name = `cluster-groups-backup-${slot}`;
      const cm = h.json(['get', 'configmap', name, '-n', 'vcluster-ops']);
      const secret = h.json(['get', 'secret', name, '-n', 'vcluster-ops']);
      return {
        labels: [cm.metadata.labels, secret.metadata.labels],
        request: JSON.parse(cm.data.snapshotRequest),
        options: JSON.parse(Buffer.from(secret.data.snapshotOptions, 'base64').toString()),
      };
    };
    const labels = { 'vcluster.loft.sh/snapshot-request': '', 'vcluster.loft.sh/vcluster-name': 'ops', 'vcluster.loft.sh/vcluster-namespace': 'vcluster-ops' };
    as.runSteps(spec);
    expect(request(0)).toEqual({
      labels: [labels, labels],
      request: { metadata: { name: 'cluster-groups-backup-0' }, spec: { url: 's3://platform-backups/dev/dev.ops.0.tar.gz' } },
      options: { type: 's3', s3: { bucket: 'platform-backups', key: 'dev/dev.ops.0.tar.gz', region: 'eu-central-1', 'credentials-file': '/etc/cluster-groups/s3/credentials' } },
    });
    expect([cron(0).spec.suspend, cron(1).spec.suspend]).toEqual([true, false]);
    as.runSteps(cron(1).spec.jobTemplate.spec.template.spec);
    expect(request(1).request.spec.url).toBe('s3://platform-backups/dev/dev.ops.1.tar.gz');
    expect([cron(0).spec.suspend, cron(1).spec.suspend]).toEqual([false, true]);
    // A request no syncer took (slot 0's, still there) is replaced, not an error.
    as.runSteps(cron(0).spec.jobTemplate.spec.template.spec);
    expect(request(0).request.metadata.name).toBe('cluster-groups-backup-0');
    // Least privilege: not the kubeconfig Secret, not another cluster's jobs or namespace.
    expect(as.run(['get', 'secret', 'vc-ops', '-n', 'vcluster-ops']).code).not.toBe(0);
    expect(as.run(['get', 'secrets', '-n', 'vcluster-ops']).code).not.toBe(0);
    expect(as.run(['patch', 'cronjob', `${lifecycleName('team', 'vcluster-team')}-sleep`, '-n', LIFECYCLE_NAMESPACE, '--type=merge', '--patch={"spec":{"suspend":true}}']).code).not.toBe(0);
    expect(as.run(['create', 'configmap', 'x', '-n', 'vcluster-team', '--dry-run=server']).code).not.toBe(0);
    // The token moved; an apply leaves it where it is.
    expect(await planChanges(fixture, stackDir)).toEqual([]);
    proved.backedUp = true;
  }, 600_000);

  test('a restore\'s init container is in the control plane\'s pod, with the credentials mounted from their Secret', () => {
    const pod = sts('ops').spec.template.spec;
    const init = pod.initContainers.find((c: any) => c.name === 'cluster-groups-restore');
    expect(init.command.slice(0, 2)).toEqual(['sh', '-c']);
    expect(init.command[2]).toContain('/vcluster restore --new-vcluster');
    expect(init.env.map((e: any) => e.name)).toEqual(['VCLUSTER_NAME', 'POD_NAME', 'VCLUSTER_STORAGE_OPTIONS']);
    expect(init.volumeMounts.map((m: any) => m.name).sort()).toEqual(['binaries', 'certs', 'cluster-groups-s3-credentials', 'data', 'tmp', 'vcluster-config']);
    // The credentials Secret does not exist: the volume is optional, so the pod runs all the same.
    expect(pod.volumes.find((v: any) => v.name === 'cluster-groups-s3-credentials').secret).toMatchObject({ secretName: 'backup-credentials', optional: true });
    // The same image as the syncer: the restore must be the same vCluster build.
    expect(init.image).toBe(pod.containers.find((c: any) => c.name === 'syncer').image);
    expect(pod.containers.find((c: any) => c.name === 'syncer').volumeMounts).toContainEqual({ name: 'cluster-groups-s3-credentials', mountPath: '/etc/cluster-groups/s3', readOnly: true });
    proved.restoreRendered = true;
  });

  test('paused: true, applied, scales the control plane to zero with the annotations and the lock\'s date, and the Job (run as its account) stops the synced pods', async () => {
    syncedPod('demo');
    // The held pause Job's pods, run as a kubelet would: each container's kubectl call in order, as the pod's account.
    const runs: { steps: string[][]; error?: string }[] = [];
    const runner = new HeldJobRunner(h, LIFECYCLE_NAMESPACE, PAUSE_JOB, async (pod) => {
      try {
        runs.push({ steps: new AsServiceAccount(h, pod.spec.serviceAccountName, work).runSteps(pod.spec) });
        return 0;
      } catch (e) {
        runs.push({ steps: [], error: (e as Error).message });
        return 1;
      }
    });
    try {
      await deploy(true);
    } finally {
      runner.stop();
    }
    expect(runs.map((r) => r.error)).toEqual([undefined]);
    expect(runs[0].steps.map((s) => s[0])).toEqual(['wait', 'delete']);
    const pausedAt = readLock(lockFile)!.stacks['day-two'].groups.dev.virtualClusters.demo.pausedAt;
    expect(pausedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(sts('demo').spec.replicas).toBe(0);
    expect(lifecycleAnnotations('demo')).toEqual({ 'loft.sh/paused': 'true', 'loft.sh/paused-replicas': '1', 'loft.sh/paused-date': pausedAt });
    expect(h.json(['get', 'pods', '-n', 'vcluster-demo']).items).toEqual([]);
    // Its volume and its Service stay.
    expect(h.json(['get', 'pvc', '-n', 'vcluster-demo']).items.map((p: any) => p.status.phase)).toEqual(['Bound']);
    expect(h.json(['get', 'service', 'demo', '-n', 'vcluster-demo']).spec.type).toBe('LoadBalancer');
    expect(await planChanges(fixture, stackDir)).toEqual([]);
    proved.paused = true;
  }, 1_200_000);

  test('paused: false, applied, resumes it with the replicas it had and removes the annotations and the Job', async () => {
    await deploy(false);
    await replicasReady('demo', 1);
    expect(lifecycleAnnotations('demo')).toEqual({});
    expect(h.json(['get', 'jobs', '-n', LIFECYCLE_NAMESPACE]).items).toEqual([]);
    expect(readLock(lockFile)!.stacks['day-two'].groups.dev.virtualClusters.demo).toEqual({ host: 'lab' });
    expect(await planChanges(fixture, stackDir)).toEqual([]);
    proved.resumed = true;
  }, 1_200_000);

  test('destroy leaves no object of ours behind, the lifecycle namespace included', async () => {
    await tofuOkAsync(fixture, stackDir, ['destroy', '-input=false', '-no-color', '-auto-approve']);
    expect(h.json(['get', 'namespaces', '-l', 'app.kubernetes.io/managed-by=cdktf-cluster-groups']).items.map((n: any) => n.metadata.name)).toEqual([]);
    expect(h.json(['get', 'secrets', '-A', '-l', 'owner=helm']).items).toEqual([]);
    proved.destroyedClean = true;
  }, 1_200_000);
});
