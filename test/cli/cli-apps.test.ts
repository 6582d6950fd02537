import { cli, project } from './cli-helpers';

// validate and report synthesize an app in a child process each: a file of their own, so that
// jest runs them beside the other CLI tests.
jest.setTimeout(120_000);

describe('cli validate', () => {
  test('passes on the examples, with progress on stderr', async () => {
    const r = await cli(['validate']);
    expect({ code: r.code, out: r.out }).toEqual({ code: 0, out: 'no rule violations in 6 group(s), 12 virtual cluster(s)\n' });
    expect(r.err).toContain('synthesizing: tsx examples/main.ts');
    expect(r.err).toMatch(/synthesized in \d+\.\d s/);
  });

  test('prints every violation and exits 1', async () => {
    const dir = project(`
const stack = new TerraformStack(app, 'platform');
const g = new lib.ClusterGroup(stack, 'dev', { hosts: [{ host: host(stack, 'a') }], maxCpu: 2 });
g.addVirtualCluster('big', { cpu: 4 });
`);
    const r = await cli(['validate', '--dir', dir]);
    expect(r.code).toBe(1);
    const violations = [
      expect.stringContaining('[CG5] platform/dev: hosts[0].dnsPattern = null'),
      expect.stringContaining('[CG7] platform/dev/big: cpu = 4: group "dev" allows at most 2 CPU'),
      expect.stringContaining('[CG11]'),
    ];
    expect(r.out.trim().split('\n')).toEqual([...violations, '3 violation(s) in 1 group(s)']);
    // --json: the same answer as one object, the same exit code.
    const j = await cli(['validate', '--json', '--dir', dir]);
    expect(j.code).toBe(1);
    expect(JSON.parse(j.out)).toEqual({ ok: false, violations, groups: 1, virtualClusters: 1 });
  });

  test('says so when the app fails before the rules run', async () => {
    const dir = project(`throw new Error('my app is broken');`);
    const r = await cli(['validate', '--dir', dir]);
    expect(r).toMatchObject({ code: 1, out: '' });
    expect(r.err).toContain('the app failed before the rules could run');
    expect(r.err).toContain('my app is broken');
    const j = await cli(['validate', '--json', '--dir', dir]);
    expect(j.code).toBe(1);
    expect(JSON.parse(j.out)).toEqual({ ok: false, error: expect.stringMatching(/^the app failed before the rules could run \(exit 1\)$/), appStderr: expect.stringContaining('my app is broken') });
  });
});

describe('cli report', () => {
  test('json: every group, host and virtual cluster with capacity and versions', async () => {
    const r = await cli(['report', '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.groups.map((g: any) => [g.id, g.chartVersion, g.virtualClusters.length])).toEqual([
      ['ingress-platform/dev', '0.36.1', 3],
      ['load-balancer-platform/ml', '0.35.3', 2],
      ['edge-site/site', '0.36.1', 2],
      ['day-two/dev', '0.36.1', 4],
      ['day-two/prod', '0.36.1', 0],
      ['app-mode/teams', '0.36.1', 1],
    ]);
    const dayTwo = report.groups[3].virtualClusters;
    expect(dayTwo.map((vc: any) => [vc.name, vc.paused ?? false, vc.awakeShare])).toEqual([['team-a', false, expect.closeTo((5 * 13) / 168, 2)], ['demo', true, 0], ['ci', false, 1], ['billing', false, 1]]);
    expect(dayTwo.map((vc: any) => [vc.name, vc.backups, vc.move])).toEqual([
      ['team-a', { schedule: '30 12 * * 1-5', timeZone: 'Europe/Berlin', keep: 5, target: 's3' }, undefined],
      ['demo', undefined, undefined],
      ['ci', { schedule: '0 3 * * *', timeZone: 'UTC', keep: 2, target: 'container' }, undefined],
      ['billing', undefined, { toGroup: 'prod', phase: 'snapshot' }],
    ]);
    expect(dayTwo[0].sleepSchedule).toEqual({ sleep: '0 20 * * 1-5', wake: '0 7 * * 1-5', timeZone: 'Europe/Berlin' });
    // The paused one holds only its storage on the host.
    expect(report.hosts.find((h: any) => h.name === 'lab').used).toEqual({ cpuMilli: 8000, memoryBytes: 16 * 2 ** 30, storageBytes: 20 * 2 ** 30 });
    expect(report.hosts.find((h: any) => h.name === 'store-042')).toMatchObject({ kind: 'edge', used: { cpuMilli: 3000 }, allowance: { cpuMilli: 9600 } });
    expect(report.groups[0].virtualClusters[0]).toMatchObject({ name: 'payments', host: 'east', endpoint: 'https://payments.east.dev.example.com' });
  });

  test('json: what each owner holds against the quota, and with --rates the monthly cost', async () => {
    const r = await cli(['report', '--json', '--rates', 'cpu=0.03,memory=0.004,storage=0.0001,lb=0.025']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    const ml = report.groups.find((g: any) => g.id === 'load-balancer-platform/ml');
    expect(ml.usage.perUser).toEqual([
      { name: 'ana@example.com', virtualClusters: 1, used: { cpuMilli: 8000, memoryBytes: 32 * 2 ** 30, storageBytes: 10 * 2 ** 30 }, quota: { virtualClusters: 2, cpuMilli: 12000, memoryBytes: 48 * 2 ** 30 } },
      { name: 'ben@example.com', virtualClusters: 1, used: { cpuMilli: 4000, memoryBytes: 16 * 2 ** 30, storageBytes: 5 * 2 ** 30 }, quota: { virtualClusters: 2, cpuMilli: 12000, memoryBytes: 48 * 2 ** 30 } },
    ]);
    expect(ml.usage.perProject).toEqual([{ name: 'ml', virtualClusters: 2, used: { cpuMilli: 12000, memoryBytes: 48 * 2 ** 30, storageBytes: 15 * 2 ** 30 } }]);
    // 730 hours: ana's 8 CPU, 32 GiB, 10 GiB and her load balancer.
    const ana = 730 * (8 * 0.03 + 32 * 0.004 + 10 * 0.0001 + 0.025);
    const cost = report.cost.groups.find((g: any) => g.id === 'load-balancer-platform/ml');
    expect(cost.perUser[0]).toEqual({ name: 'ana@example.com', monthly: Math.round(ana * 100) / 100 });
    expect(cost.loadBalancers).toBe(2);
    // An ingress group pays for the ingress controller's load balancer on each host, not one per virtual cluster.
    expect(report.cost.groups.find((g: any) => g.id === 'ingress-platform/dev').loadBalancers).toBe(2);
    // Paused, ben's cluster costs its storage and load balancer; asleep, ana's team-a pays CPU and
    // memory only while awake, her billing all month.
    const dayTwo = report.cost.groups.find((g: any) => g.id === 'day-two/dev');
    const share = report.groups.find((g: any) => g.id === 'day-two/dev').virtualClusters[0].awakeShare;
    expect(dayTwo.perUser).toEqual([
      { name: 'ana@example.com', monthly: expect.closeTo(730 * (share * (2 * 0.03 + 4 * 0.004) + 5 * 0.0001 + 0.025) + 730 * (2 * 0.03 + 4 * 0.004 + 5 * 0.0001 + 0.025), 1) },
      { name: 'ben@example.com', monthly: expect.closeTo(730 * (5 * 0.0001 + 0.025), 1) },
    ]);
    expect(report.cost.monthly).toBeCloseTo(report.cost.groups.reduce((s: number, g: any) => s + g.monthly, 0), 2);
  });

  test('table: groups, hosts and virtual clusters, used against allowed', async () => {
    const r = await cli(['report']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^GROUP +ENDPOINT +VCLUSTER +KUBERNETES +HOSTS +VCS +CPU USED/m);
    expect(r.out).toMatch(/^store-042 +edge +edge-site\/site +3 CPU \/ 9\.6 CPU \(31%\)/m);
    expect(r.out).toMatch(/^load-balancer-platform\/ml\/training +rack1 +8 CPU +32 GiB +10 GiB +running +load balancer address, known after apply$/m);
    expect(r.out).toMatch(/^load-balancer-platform\/ml +user ana@example\.com +1 \/ 2 \(50%\) +8 CPU \/ 12 CPU \(67%\) +32 GiB \/ 48 GiB \(67%\) +10 GiB$/m);
    expect(r.out).toMatch(/^load-balancer-platform\/ml +project ml +2 +12 CPU +48 GiB +15 GiB$/m);
  });
});
