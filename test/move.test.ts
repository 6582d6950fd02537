import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { BackupTarget, ClusterGroup, EndpointType, PlatformSynth, VirtualClusterOptions } from '../src';
import { main } from '../src/cli/main';
import { lifecycleName } from '../src/charts/lifecycle';
import { readLock } from '../src/lock/lock-file';
import { errorOf, host, releaseValues, synthJson, tempDir, testApp, testStack } from './helpers';

const VIA = BackupTarget.s3({ bucket: 'platform-backups', prefix: 'moves', credentialsSecret: 'backup-credentials' });
const SHOP: VirtualClusterOptions = { cpu: 1, memory: '2Gi', owner: 'ana@example.com', sleepSchedule: { sleep: '0 20 * * *', wake: '0 7 * * *', timeZone: 'UTC' } };

/** Two groups in one stack, each on its own host; shop declared where `where` says. */
function platform(stack: TerraformStack, where: 'dev' | 'dev, moving' | 'prod') {
  const dev = new ClusterGroup(stack, 'dev', { hosts: [{ host: host(stack, 'lab') }], endpointType: EndpointType.LOAD_BALANCER });
  const prod = new ClusterGroup(stack, 'prod', { hosts: [{ host: host(stack, 'dc') }], endpointType: EndpointType.LOAD_BALANCER });
  if (where === 'prod') prod.addVirtualCluster('shop', { ...SHOP, restoreFrom: { target: VIA, snapshot: 'dev.shop.move' } });
  else dev.addVirtualCluster('shop', { ...SHOP, ...(where === 'dev, moving' ? { moveTo: { group: prod, via: VIA } } : {}) });
  dev.addVirtualCluster('other');
  return { dev, prod };
}

class Project {
  public readonly dir = tempDir('cg-move-');
  public readonly lockFile = path.join(this.dir, 'cluster-groups.lock.json');
  public printed = '';

  constructor() {
    fs.writeFileSync(path.join(this.dir, 'cdktf.json'), JSON.stringify({ app: 'true' }));
  }

  public synth(where: 'dev' | 'dev, moving' | 'prod'): any {
    const app = new App({ outdir: path.join(this.dir, 'out'), context: { 'cluster-groups:lockFile': this.lockFile, 'cluster-groups:lockMode': 'update' } });
    platform(new TerraformStack(app, 's'), where);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((t) => ((this.printed += String(t)), true));
    try {
      expect(PlatformSynth.run(app)).toBe(true);
    } finally {
      stderr.mockRestore();
    }
    return JSON.parse(fs.readFileSync(path.join(this.dir, 'out', 'stacks', 's', 'cdk.tf.json'), 'utf8'));
  }

  public async cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await main([...args, '--dir', this.dir], { out: (t) => (out += t), err: (t) => (err += t) });
    return { code, out, err };
  }

  public lock() {
    return readLock(this.lockFile)!.stacks.s.groups;
  }
}

const releases = (json: any) => Object.values(json.resource.helm_release as Record<string, any>).filter((r) => r.name === 'shop').map((r) => r.provider).sort();
const copyKey = (json: any) => Object.keys(json.resource.helm_release).find((k) => json.resource.helm_release[k].provider === 'helm.dc')!;
const jobs = (json: any) => Object.values((json.resource.kubernetes_job_v1 ?? {}) as Record<string, any>).map((j) => j.metadata.name);

describe('moving a virtual cluster to another group', () => {
  test('three applies, stepped through by the lock: snapshot, restore (source paused, copy restored), retire; then the copy is declared where it is, with no change', async () => {
    const p = new Project();
    p.synth('dev');
    expect(p.lock().dev.virtualClusters.shop).toEqual({ host: 'lab' });

    // Apply 1: the snapshot. The source runs on; a Job files the request and waits for it to be taken.
    const one = p.synth('dev, moving');
    const move = p.lock().dev.virtualClusters.shop.move!;
    expect(move).toEqual({ toGroup: 'prod', snapshot: 'dev.shop.move', url: 's3://platform-backups/moves/dev.shop.move.tar.gz', phase: 'snapshot', since: expect.any(String) });
    expect(p.printed).toContain('virtual cluster s/dev/shop moves to group prod: snapshot (step 1 of 3)');
    expect(jobs(one)).toEqual([`${lifecycleName('shop', 'vcluster-shop')}-move`]);
    const job = Object.values(one.resource.kubernetes_job_v1 as Record<string, any>)[0];
    const steps = [...job.spec.template.spec.init_container, ...job.spec.template.spec.container].map((c: any) => c.args[0] === 'wait' ? c.args.join(' ') : c.name);
    expect(steps).toEqual(['clear', 'options', 'request', 'label-options', 'submit', 'wait --namespace=vcluster-shop --for=delete configmap/cluster-groups-move --timeout=1800s']);
    expect(job.wait_for_completion).toBe(true);
    expect(releases(one)).toEqual(['helm.lab']);
    expect(releaseValues(one, 'shop').controlPlane.statefulSet?.highAvailability).toBeUndefined();
    // Synthesized again, it stays in the phase: only the CLI moves it on.
    p.synth('dev, moving');
    expect(p.lock().dev.virtualClusters.shop.move).toEqual(move);

    const planned = await p.cli('plan-move', 'shop');
    expect(planned.code).toBe(0);
    expect(planned.out).toContain('s/dev/shop: host lab -> group prod, through s3://platform-backups/moves/dev.shop.move.tar.gz; phase snapshot');
    expect(planned.out).toContain('apply 1, snapshot [current]');
    expect(planned.out).toContain('next, once this phase\'s deploy has succeeded: cdktf-cluster-groups move s/dev/shop');

    // Apply 2: the source paused, the copy restored in prod before its control plane starts.
    expect((await p.cli('move', 's/dev/shop')).out).toContain('s/dev/shop: move to group prod -> phase restore');
    const two = p.synth('dev, moving');
    expect(releases(two)).toEqual(['helm.dc', 'helm.lab']);
    const source = Object.values(two.resource.helm_release as Record<string, any>).find((r) => r.provider === 'helm.lab' && r.name === 'shop');
    expect(JSON.parse(source.values[0]).controlPlane.statefulSet.highAvailability.replicas).toBe(0);
    const copy = Object.values(two.resource.helm_release as Record<string, any>).find((r) => r.provider === 'helm.dc');
    const copyValues = JSON.parse(copy.values[0]);
    expect(copyValues.controlPlane.statefulSet.initContainers[0].name).toBe('cluster-groups-restore');
    // The pause stops the source's workloads on the host, as any pause does.
    expect(jobs(two)).toEqual([`${lifecycleName('shop', 'vcluster-shop')}-pause`]);
    // The source neither sleeps nor is backed up now; the copy sleeps, as the code says.
    const crons = Object.values(two.resource.kubernetes_cron_job_v1 as Record<string, any>);
    expect(crons.map((c) => c.provider)).toEqual(['kubernetes.dc', 'kubernetes.dc']);
    expect(p.lock().prod.virtualClusters.shop).toEqual({ host: 'dc', movedFrom: { group: 'dev', host: 'lab', at: expect.any(String) } });
    expect(p.lock().dev.virtualClusters.shop).toMatchObject({ host: 'lab', pausedAt: expect.any(String), move: { phase: 'restore' } });

    // Apply 3: the source retired; the copy unchanged.
    expect((await p.cli('move', 'shop')).err).toContain('"shop" names several virtual clusters (s/dev/shop, s/prod/shop); use stack/group/name');
    expect((await p.cli('move', 'dev/shop')).code).toBe(0);
    const three = p.synth('dev, moving');
    expect(releases(three)).toEqual(['helm.dc']);
    expect(copyKey(three)).toBe(copyKey(two));
    expect(three.resource.helm_release[copyKey(three)]).toEqual(two.resource.helm_release[copyKey(two)]);
    expect(p.lock().dev.virtualClusters.shop).toMatchObject({ host: 'lab', move: { phase: 'retire' } });
    expect((await p.cli('move', 'dev/shop')).out).toBe('refused: s/dev/shop\'s move is in its last phase (retire). Declare it in group prod and remove it from dev\n');

    // The code catches up: declared in prod under the same id, nothing of the copy changes.
    const final = p.synth('prod');
    const ours = (json: any) => Object.fromEntries(Object.entries(json.resource).map(([type, rs]) => [type, Object.fromEntries(Object.entries(rs as object).filter(([k]) => k.startsWith('prod_shop')))]));
    expect(Object.keys(ours(final).helm_release)).toEqual([copyKey(three)]);
    expect(ours(final)).toEqual(ours(three));
    expect(p.lock().dev.virtualClusters.shop).toBeUndefined();
    expect(p.lock().prod.virtualClusters.shop.movedFrom).toMatchObject({ group: 'dev', host: 'lab' });
  });

  test('removing moveTo before the last phase calls the move off: the source resumes, the copy goes; after it, that is refused', async () => {
    const p = new Project();
    p.synth('dev');
    p.synth('dev, moving');
    expect((await p.cli('move', 'shop')).code).toBe(0);
    p.synth('dev, moving');
    const off = p.synth('dev');
    expect(releases(off)).toEqual(['helm.lab']);
    expect(p.lock().dev.virtualClusters.shop).toEqual({ host: 'lab' });
    expect(p.lock().prod.virtualClusters.shop).toBeUndefined();
    expect(p.printed).toContain('virtual cluster s/dev/shop: its move to group prod is called off');

    p.synth('dev, moving');
    expect((await p.cli('move', 'shop')).code).toBe(0);
    p.synth('dev, moving');
    expect((await p.cli('move', 'dev/shop')).code).toBe(0);
    p.synth('dev, moving');
    const stack = new TerraformStack(testApp({ lockFile: p.lockFile }), 's');
    expect(errorOf(() => platform(stack, 'dev'))).toBe('[input] s/dev/shop: moveTo = undefined: its move to group "prod" is retired: it was destroyed here, and building it here again would start it empty. Fix: declare it in group "prod" under the same id, with restoreFrom the snapshot "dev.shop.move", and remove it from this group (or put moveTo back until then)');
  });

  test('a source with backups takes its move snapshot with one Role: each permission once', async () => {
    const p = new Project();
    const app = () => new App({ outdir: path.join(p.dir, 'out'), context: { 'cluster-groups:lockFile': p.lockFile, 'cluster-groups:lockMode': 'update' } });
    const run = (moving: boolean) => {
      const a = app();
      const stack = new TerraformStack(a, 's');
      const { dev, prod } = platform(stack, 'prod');
      dev.addVirtualCluster('cart', { backups: { schedule: '0 12 * * *', timeZone: 'UTC', target: VIA, keep: 1 }, ...(moving ? { moveTo: { group: prod, via: VIA } } : {}) });
      const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
      try {
        expect(PlatformSynth.run(a)).toBe(true);
      } finally {
        stderr.mockRestore();
      }
      return JSON.parse(fs.readFileSync(path.join(p.dir, 'out', 'stacks', 's', 'cdk.tf.json'), 'utf8'));
    };
    run(false);
    const roles = Object.values(run(true).resource.kubernetes_role_v1 as Record<string, any>).filter((r) => r.provider === 'kubernetes.lab');
    expect(roles).toHaveLength(1);
    expect(roles[0].rule).toEqual([
      { api_groups: [''], resources: ['secrets', 'configmaps'], verbs: ['create'] },
      { api_groups: [''], resources: ['secrets', 'configmaps'], verbs: ['get', 'patch', 'delete'], resource_names: ['cluster-groups-backup-0'] },
      { api_groups: [''], resources: ['secrets', 'configmaps'], verbs: ['get', 'patch', 'delete', 'list', 'watch'], resource_names: ['cluster-groups-move'] },
    ]);
  });

  test('plan-move explains a move before it begins, and refuses what cannot be moved', async () => {
    const p = new Project();
    p.synth('dev');
    const plan = await p.cli('plan-move', 's/dev/shop', '--to', 'prod', '--json');
    expect(plan.code).toBe(0);
    const json = JSON.parse(plan.out);
    expect(json).toMatchObject({ virtualCluster: 's/dev/shop', from: { group: 'dev', host: 'lab' }, to: { group: 'prod' }, phase: null });
    expect(json.steps.map((s: any) => [s.phase, s.state])).toEqual([['snapshot', 'next'], ['restore', 'next'], ['retire', 'next']]);
    expect(json.steps[0].before).toMatch(/^add moveTo/);
    expect(json.why).toMatch(/^Three applies, because/);
    expect((await p.cli('plan-move', 'shop')).out).toBe('s/dev/shop has no move under way; pass --to <group> to plan one\n');
    expect((await p.cli('plan-move', 'shop', '--to', 'dev')).out).toBe('s/dev/shop is in group dev already: a move goes to another group\n');
    expect((await p.cli('plan-move', 'shop', '--to', 'nowhere')).out).toMatch(/^no group nowhere in stack s/);
    expect((await p.cli('move', 'shop')).out).toMatch(/^refused: s\/dev\/shop has no move under way/);
    expect((await p.cli('plan-move')).code).toBe(2);
  });

  test('a virtual cluster the lock does not know has nothing to move: it is created in the destination group directly', () => {
    const stack = testStack();
    const dev = new ClusterGroup(stack, 'dev', { hosts: [{ host: host(stack, 'lab') }], endpointType: EndpointType.LOAD_BALANCER });
    const prod = new ClusterGroup(stack, 'prod', { hosts: [{ host: host(stack, 'dc') }], endpointType: EndpointType.LOAD_BALANCER });
    const vc = dev.addVirtualCluster('fresh', { cpu: 1, moveTo: { group: prod, via: VIA } });
    const json = synthJson(stack);
    const releases = Object.values(json.resource.helm_release as Record<string, any>).filter((r) => r.name === 'fresh');
    expect(releases.map((r) => r.provider)).toEqual(['helm.dc']);
    // Nothing to restore from: it starts empty, as any new virtual cluster does.
    expect(JSON.parse(releases[0].values[0]).controlPlane.statefulSet?.initContainers).toBeUndefined();
    expect(json.resource.kubernetes_job_v1).toBeUndefined();
    expect(vc.movedTo?.node.path).toBe('test/prod/fresh');
    expect(prod.virtualClusters.map((v) => v.clusterName)).toEqual(['fresh']);
    expect(dev.virtualClusters).toEqual([]);
    expect(() => vc.host).toThrow('test/dev/fresh: it runs in the group it moves to, not here; use movedTo instead');
    expect(vc.node.metadata.map((m) => m.data)).toEqual(['virtual cluster "fresh" is new: it is created in group "prod" directly, with nothing to move']);
  });

  test('a move goes to another group of the stack, through S3 or OCI', () => {
    const stack = testStack();
    const dev = new ClusterGroup(stack, 'dev', { hosts: [{ host: host(stack, 'lab') }] });
    const otherStack = testStack(undefined, 'other');
    const other = new ClusterGroup(otherStack, 'prod', { hosts: [{ host: host(otherStack, 'x') }] });
    expect(errorOf(() => dev.addVirtualCluster('a', { moveTo: { group: dev, via: VIA } }))).toBe('[input] test/dev/a: moveTo.group = "dev": its own group: the copy and the source would be one construct. Fix: move it to another group (one may hold the same hosts), or name a host to recreate it there without its data');
    expect(errorOf(() => dev.addVirtualCluster('b', { moveTo: { group: other, via: VIA } }))).toMatch(/^\[input\] test\/dev\/b: moveTo\.group = "prod": in another stack/);
    const prod = new ClusterGroup(stack, 'prod', { hosts: [{ host: host(stack, 'dc') }] });
    expect(errorOf(() => dev.addVirtualCluster('c', { moveTo: { group: prod, via: BackupTarget.container() } }))).toMatch(/^\[input\] test\/dev\/c: moveTo\.via = "container": the source's own volume/);
    expect(errorOf(() => dev.addVirtualCluster('e', { moveTo: { group: prod } as any }))).toMatch(/^\[input\] test\/dev\/e: moveTo\.via = undefined: required/);
  });
});
