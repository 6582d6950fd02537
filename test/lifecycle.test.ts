import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { ClusterGroup, IMAGES, IngressController, PlatformSynth } from '../src';
import { lifecycleName } from '../src/charts/lifecycle';
import { readLock } from '../src/lock/lock-file';
import { PlatformState } from '../src/synth/platform-state';
import { errorOf, host, podSteps as steps, releaseValues, synthErrors, synthJson, tempDir, testStack } from './helpers';

const SCHEDULE = { sleep: '0 20 * * 1-5', wake: '0 7 * * 1-5', timeZone: 'Europe/Berlin' };
const byName = (json: any, type: string) => Object.fromEntries(Object.values((json.resource[type] ?? {}) as Record<string, any>).map((r) => [r.metadata.name, r]));

function group(stack = testStack(), props: object = {}) {
  return new ClusterGroup(stack, 'g', { hosts: [{ host: host(stack, 'a'), dnsPattern: '*.a.example.com' }], ...props });
}

describe('pause', () => {
  test('a paused virtual cluster runs no control plane, annotated as `vcluster pause` annotates it', () => {
    const g = group();
    const vc = g.addVirtualCluster('team', { paused: true });
    const json = synthJson(g.node.scope as any);
    const sts = releaseValues(json, 'team').controlPlane.statefulSet;
    const pausedAt = PlatformState.of(g).now;
    expect(sts).toEqual({ highAvailability: { replicas: 0 }, annotations: { 'loft.sh/paused': 'true', 'loft.sh/paused-replicas': '1', 'loft.sh/paused-date': pausedAt } });
    expect(pausedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(vc.paused).toBe(true);
  });

  test('a Job, as the least-privileged ServiceAccount, deletes the workload pods once the control plane is gone', () => {
    const stack = testStack();
    group(stack).addVirtualCluster('team', { paused: true });
    const json = synthJson(stack);
    const job = Object.values(json.resource.kubernetes_job_v1 as Record<string, any>)[0];
    expect(job.wait_for_completion).toBe(true);
    expect(job.metadata.name).toBe(`${lifecycleName('team', 'vcluster-team')}-pause`);
    expect(lifecycleName('team', 'vcluster-team')).toMatch(/^team-[0-9a-f]{6}$/);
    expect(job.metadata.namespace).toMatch(/lifecycle-namespace/);
    const ns = '${kubernetes_namespace_v1.g_team_namespace_25D6BD31.metadata[0].name}';
    expect(steps(job.spec.template)).toEqual([
      ['wait-stopped', 'wait', `--namespace=${ns}`, '--for=jsonpath={.status.replicas}=0', 'statefulset/team', '--timeout=300s'],
      ['delete-workloads', 'delete', 'pods', `--namespace=${ns}`, '--selector=vcluster.loft.sh/managed-by=team', '--ignore-not-found', '--wait=false'],
    ]);
    const image = `${IMAGES.kubectl.image}:${IMAGES.kubectl.tag}@${IMAGES.kubectl.digest}`;
    expect(job.spec.template.spec.container[0].image).toBe(image);
    expect(IMAGES.kubectl.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(job.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^helm_release\.g_team_release/)]));
    // The account lives in the host's lifecycle namespace; its Role is in the virtual cluster's.
    const role = Object.values(json.resource.kubernetes_role_v1 as Record<string, any>)[0];
    expect(role.metadata.namespace).toBe(ns);
    expect(role.rule).toEqual([
      { api_groups: ['apps'], resources: ['statefulsets'], verbs: ['get', 'list', 'watch', 'patch'] },
      { api_groups: [''], resources: ['pods'], verbs: ['list', 'delete'] },
    ]);
    const binding = Object.values(json.resource.kubernetes_role_binding_v1 as Record<string, any>)[0];
    expect(binding.subject).toEqual([{ kind: 'ServiceAccount', name: expect.stringMatching(/^\$\{kubernetes_service_account_v1\./), namespace: 'cluster-groups-lifecycle' }]);
  });

  test('gives its CPU and memory back to the host: placement fits a paused cluster where a running one does not fit', () => {
    const stack = testStack();
    const g = new ClusterGroup(stack, 'g', { hosts: [{ host: host(stack, 'a', { capacity: { cpu: 4, memory: '8Gi', storage: '500Gi' } }), dnsPattern: '*.a.example.com' }], oversubscriptionPercent: 100 });
    g.addVirtualCluster('one', { cpu: 4, memory: '8Gi' });
    g.addVirtualCluster('two', { cpu: 4, memory: '8Gi', paused: true });
    expect(() => synthJson(stack)).not.toThrow();
    const stack2 = testStack();
    const g2 = new ClusterGroup(stack2, 'g', { hosts: [{ host: host(stack2, 'a', { capacity: { cpu: 4, memory: '8Gi', storage: '500Gi' } }), dnsPattern: '*.a.example.com' }], oversubscriptionPercent: 100 });
    g2.addVirtualCluster('one', { cpu: 4, memory: '8Gi' });
    g2.addVirtualCluster('two', { cpu: 4, memory: '8Gi' });
    expect(synthErrors(stack2)[0]).toMatch(/^\[CG7\] test\/g\/two: size = .*group "g" is full/);
  });

  test('a group pauses every member that does not say otherwise', () => {
    const stack = testStack();
    const g = group(stack, { paused: true });
    g.addVirtualCluster('a1');
    g.addVirtualCluster('a2', { paused: false });
    const json = synthJson(stack);
    expect(releaseValues(json, 'a1').controlPlane.statefulSet.highAvailability.replicas).toBe(0);
    expect(releaseValues(json, 'a2').controlPlane.statefulSet).toBeUndefined();
    expect(Object.keys(json.resource.kubernetes_job_v1)).toHaveLength(1);
  });

  test('the lock records when it was paused, so every later synth writes the same values; resuming clears it', () => {
    const dir = tempDir();
    const lockFile = path.join(dir, 'lock.json');
    const run = (paused: boolean) => {
      const app = new App({ outdir: path.join(dir, 'out'), context: { 'cluster-groups:lockFile': lockFile, 'cluster-groups:lockMode': 'update' } });
      const stack = testStack(app, 's');
      group(stack).addVirtualCluster('team', { paused });
      expect(PlatformSynth.run(app)).toBe(true);
      return { values: JSON.parse(fs.readFileSync(path.join(dir, 'out', 'stacks', 's', 'cdk.tf.json'), 'utf8')), lock: readLock(lockFile)! };
    };
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const running = run(false);
      expect(running.lock.stacks.s.groups.g.virtualClusters.team).toEqual({ host: 'a' });
      const first = run(true);
      const pausedAt = first.lock.stacks.s.groups.g.virtualClusters.team.pausedAt!;
      expect(releaseValues(first.values, 'team').controlPlane.statefulSet.annotations['loft.sh/paused-date']).toBe(pausedAt);
      const second = run(true);
      expect(second.lock.stacks.s.groups.g.virtualClusters.team.pausedAt).toBe(pausedAt);
      expect(releaseValues(second.values, 'team')).toEqual(releaseValues(first.values, 'team'));
      const resumed = run(false);
      expect(resumed.lock.stacks.s.groups.g.virtualClusters.team).toEqual({ host: 'a' });
      expect(releaseValues(resumed.values, 'team').controlPlane.statefulSet).toBeUndefined();
      expect(resumed.values.resource.kubernetes_job_v1).toBeUndefined();
      const printed = stderr.mock.calls.map((c) => String(c[0])).join('');
      expect(printed).toContain(`virtual cluster s/g/team is paused (since ${pausedAt})`);
      expect(printed).toContain('virtual cluster s/g/team is resumed');
    } finally {
      stderr.mockRestore();
    }
  });
});

describe('sleep schedule', () => {
  test('two CronJobs in the time zone sleep and wake it with the replicas it has', () => {
    const stack = testStack();
    group(stack).addVirtualCluster('team', { sleepSchedule: SCHEDULE, values: { extraValues: { controlPlane: { statefulSet: { highAvailability: { replicas: 3 } } } } } });
    const json = synthJson(stack);
    const crons = byName(json, 'kubernetes_cron_job_v1');
    // Named after the release and the namespace as written, the same on every synth.
    const name = lifecycleName('team', 'vcluster-team');
    expect(Object.keys(crons).sort()).toEqual([`${name}-sleep`, `${name}-wake`]);
    const sleep = crons[`${name}-sleep`].spec;
    expect(sleep).toMatchObject({ schedule: '0 20 * * 1-5', timezone: 'Europe/Berlin', concurrency_policy: 'Forbid' });
    const ns = '${kubernetes_namespace_v1.g_team_namespace_25D6BD31.metadata[0].name}';
    expect(steps(sleep.job_template.spec.template)).toEqual([
      ['scale-down', 'patch', `--namespace=${ns}`, 'statefulset/team', '--type=merge', '--patch={"metadata":{"annotations":{"loft.sh/paused":"true","loft.sh/paused-replicas":"3"}},"spec":{"replicas":0}}'],
      ['wait-stopped', 'wait', `--namespace=${ns}`, '--for=jsonpath={.status.replicas}=0', 'statefulset/team', '--timeout=300s'],
      ['delete-workloads', 'delete', 'pods', `--namespace=${ns}`, '--selector=vcluster.loft.sh/managed-by=team', '--ignore-not-found', '--wait=false'],
    ]);
    const wake = crons[`${name}-wake`].spec;
    expect(wake).toMatchObject({ schedule: '0 7 * * 1-5', timezone: 'Europe/Berlin' });
    expect(steps(wake.job_template.spec.template)).toEqual([
      ['scale-up', 'patch', `--namespace=${ns}`, 'statefulset/team', '--type=merge', '--patch={"metadata":{"annotations":{"loft.sh/paused":null,"loft.sh/paused-replicas":null,"loft.sh/paused-date":null}},"spec":{"replicas":3}}'],
    ]);
    // Awake, it runs as the values say.
    expect(releaseValues(json, 'team').controlPlane.statefulSet.highAvailability).toEqual({ replicas: 3 });
  });

  test('one lifecycle namespace per host, however many clusters sleep there; names unique per namespace', () => {
    const stack = testStack();
    const g = group(stack, { sleepSchedule: SCHEDULE });
    g.addVirtualCluster('a1');
    g.addVirtualCluster('a2');
    const other = new ClusterGroup(stack, 'h', { hosts: [{ host: g.hosts[0], dnsPattern: '*.b.example.com', ingressController: IngressController.existing({ className: 'nginx', sslPassthrough: true }) }] });
    other.addVirtualCluster('a1', { namespace: 'other-a1', paused: true });
    const json = synthJson(stack);
    expect(Object.values(json.resource.kubernetes_namespace_v1 as Record<string, any>).filter((n) => n.metadata.name === 'cluster-groups-lifecycle')).toHaveLength(1);
    const accounts = Object.values(json.resource.kubernetes_service_account_v1 as Record<string, any>).map((a) => a.metadata.name);
    expect(new Set(accounts).size).toBe(3);
    expect(Object.keys(byName(json, 'kubernetes_cron_job_v1'))).toHaveLength(4);
  });

  test('fails if a paused cluster also has a schedule, or a schedule is invalid, all reported together', () => {
    const stack = testStack();
    const g = group(stack, { sleepSchedule: { ...SCHEDULE, timeZone: 'Berlin' } });
    g.addVirtualCluster('a1', { paused: true });
    g.addVirtualCluster('a2', { sleepSchedule: { sleep: '0 20 * *', wake: '@daily', timeZone: 'UTC' } });
    expect(synthErrors(stack)).toEqual([
      '[CG22] test/g/a1: paused = true: it has a sleep schedule (from test/g), whose wake would resume it. Fix: give the schedule to the members that sleep instead of the group, or leave this one running',
      '[CG22] test/g: sleepSchedule.timeZone = "Berlin": not in the IANA time zone database. Fix: give an IANA name, such as "Europe/Berlin", "America/New_York" or "UTC"',
      '[CG22] test/g/a2: sleepSchedule.sleep = "0 20 * *": not a schedule a CronJob accepts: has 4 field(s); a schedule has five: minute hour day-of-month month day-of-week. Fix: give five fields, such as "0 20 * * 1-5" (20:00, Monday to Friday), or @daily, @weekly...',
    ]);
  });

  test('fails if the props have the wrong types', () => {
    const stack = testStack();
    const g = group(stack);
    expect(errorOf(() => g.addVirtualCluster('x', { paused: 'yes' as any }))).toMatch(/^\[input\] test\/g\/x: paused = "yes": .*boolean/);
    expect(errorOf(() => g.addVirtualCluster('y', { sleepSchedule: { sleep: '@daily', wake: '@daily' } as any }))).toMatch(/^\[input\] test\/g\/y: sleepSchedule.timeZone/);
  });
});
