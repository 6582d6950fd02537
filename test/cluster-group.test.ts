import * as fs from 'fs';
import * as path from 'path';
import { TerraformStack } from 'cdktf';
import { ClusterGroup, EndpointType, Quotas, VirtualCluster, WildcardDns } from '../src';
import { errorOf, host, synthErrors, synthJson, tempDir, testApp, testStack } from './helpers';


describe('ClusterGroup', () => {
  test('defaults: ingress, tenant-wide, newest chart and its Kubernetes version', () => {
    const stack = testStack();
    const g = new ClusterGroup(stack, 'dev', { hosts: [{ host: host(stack, 'a'), dnsPattern: '*.a.example.com' }] });
    expect([g.groupName, g.endpointType, g.project, g.chartVersion, g.kubernetesVersion, g.oversubscriptionPercent]).toEqual(['dev', EndpointType.INGRESS, undefined, '0.36.1', 'v1.36.0', 120]);
  });

  test('fails if names are invalid, naming the rule, path, prop, value and fix', () => {
    const stack = testStack();
    const g = new ClusterGroup(stack, 'dev', { groupName: 'Dev Team', hosts: [{ host: host(stack, 'a'), dnsPattern: '*.a.example.com' }] });
    g.addVirtualCluster('x', { clusterName: '9lives', namespace: 'ns' });
    expect(synthErrors(stack)).toEqual([
      expect.stringContaining('[CG6] test/dev: groupName = "Dev Team": not a DNS-1123 label. Fix: use at most 63 lowercase letters'),
      expect.stringContaining('[CG6] test/dev/x: clusterName = "9lives": not a valid virtual cluster name'),
    ]);
  });

  test('fails if sizes are zero, negative or over the ceiling, all reported together', () => {
    const stack = testStack();
    const g = new ClusterGroup(stack, 'dev', { hosts: [{ host: host(stack, 'a'), dnsPattern: '*.a.example.com' }], maxCpu: 4 });
    g.addVirtualCluster('zero', { cpu: 0 });
    g.addVirtualCluster('negative', { memory: '0Gi' });
    g.addVirtualCluster('big', { cpu: 5, storage: '20Gi' });
    expect(synthErrors(stack)).toEqual([
      '[CG7] test/dev/zero: cpu = 0: a virtual cluster needs a positive cpu size. Fix: set cpu above zero',
      '[CG7] test/dev/negative: memory = "0Gi": a virtual cluster needs a positive memory size. Fix: set memory above zero',
      '[CG7] test/dev/big: cpu = 5: group "dev" allows at most 4 CPU per virtual cluster. Fix: lower cpu to 4 or raise the group\'s maxCpu',
      '[CG7] test/dev/big: storage = "20Gi": group "dev" allows at most 10 GiB per virtual cluster. Fix: lower storage to "10Gi" or raise the group\'s maxStorage',
    ]);
  });

  test('reports an input error if raw values hold a key a merge would turn into a prototype change', () => {
    const stack = testStack();
    const a = host(stack, 'a');
    const g = new ClusterGroup(stack, 'dev', { hosts: [{ host: a, dnsPattern: '*.a.example.com' }] });
    // As JSON.parse makes it (an own key), and as an object literal makes it (a changed prototype).
    expect(errorOf(() => g.addVirtualCluster('x', { values: { extraValues: JSON.parse('{"sync": {"__proto__": {"polluted": true}}}') } }))).toBe(
      '[input] test/dev/x: values.extraValues.sync.__proto__ = "(unsafe)": raw values must be plain data: this key or object would change a prototype when merged, and be dropped. Fix: remove it (chart values never need it)',
    );
    expect(errorOf(() => g.addVirtualCluster('y', { values: { extraValues: { sync: { __proto__: { polluted: true } } } } }))).toContain('values.extraValues.sync (not a plain object)');
    expect(errorOf(() => new ClusterGroup(stack, 'dns', { hosts: [{ host: a, dnsPattern: '*.b.example.com' }], dns: WildcardDns.externalDns({ provider: 'aws', values: { constructor: 1 } }) }))).toContain('dns.values.constructor = "(unsafe)"');
    expect(({} as any).polluted).toBeUndefined();
  });

  test('reports an input error if a quantity is malformed', () => {
    const stack = testStack();
    const g = new ClusterGroup(stack, 'dev', { hosts: [{ host: host(stack, 'a'), dnsPattern: '*.a.example.com' }] });
    expect(errorOf(() => g.addVirtualCluster('x', { memory: '4 GB' }))).toBe(
      '[input] test/dev/x: memory = "4 GB": not a Kubernetes quantity. Fix: write a number with an optional unit, such as "8Gi" or "500Mi"',
    );
    expect(errorOf(() => host(stack, 'b', { capacity: { cpu: NaN, memory: '1Gi', storage: '1Gi' } }))).toContain('capacity.cpu = NaN: not a number of CPU cores');
  });

  test('fails if chart or Kubernetes versions are unknown', () => {
    const stack = testStack();
    new ClusterGroup(stack, 'dev', { hosts: [{ host: host(stack, 'a'), dnsPattern: '*.a.example.com' }], chartVersion: '0.33.0', kubernetesVersion: 'latest' });
    expect(synthErrors(stack)).toEqual([
      '[CG8] test/dev: chartVersion = "0.33.0": not a vCluster chart version the catalog knows. Fix: use one of 0.34.7, 0.35.3, 0.36.1',
      '[CG8] test/dev: kubernetesVersion = "latest": not a Kubernetes version of the form v1.35.0. Fix: write the full version, such as "v1.35.0"',
    ]);
  });

  test('fails if DNS patterns are malformed or duplicated', () => {
    const stack = testStack();
    new ClusterGroup(stack, 'dev', {
      hosts: [
        { host: host(stack, 'a'), dnsPattern: 'dev.example.com' },
        { host: host(stack, 'b'), dnsPattern: '*.dev.example.com' },
        { host: host(stack, 'c'), dnsPattern: '*.dev.example.com' },
      ],
    });
    expect(synthErrors(stack)).toEqual([
      expect.stringContaining('[CG5] test/dev: hosts[0].dnsPattern = "dev.example.com": not a wildcard DNS pattern'),
      expect.stringContaining('[CG5] test/dev: hosts[2].dnsPattern = "*.dev.example.com": host "b" already uses this pattern'),
    ]);
  });

  test('fails if virtual cluster names repeat in a group', () => {
    const stack = testStack();
    const g = new ClusterGroup(stack, 'dev', { hosts: [{ host: host(stack, 'a'), dnsPattern: '*.a.example.com' }] });
    g.addVirtualCluster('one', { clusterName: 'same', namespace: 'ns-1' });
    g.addVirtualCluster('two', { clusterName: 'same', namespace: 'ns-2' });
    expect(synthErrors(stack)).toEqual([
      '[CG6] test/dev/two: clusterName = "same": group "dev" already has a virtual cluster with this name. Fix: give every virtual cluster of a group its own name',
      expect.stringContaining('[CG6] test/dev/two: hostname = "same.a.example.com": test/dev/one already answers at this hostname'),
    ]);
  });

  test('fails if a host is in two groups with conflicting endpoint types', () => {
    const stack = testStack();
    const a = host(stack, 'a');
    new ClusterGroup(stack, 'dev', { hosts: [{ host: a, dnsPattern: '*.a.example.com' }] });
    new ClusterGroup(stack, 'prod', { hosts: [{ host: a }], endpointType: EndpointType.LOAD_BALANCER });
    expect(synthErrors(stack)).toEqual([
      '[CG10] test/prod: hosts[0] = "a": host "a" is in group "dev" with endpoint type "ingress" and in this group with "load-balancer". Fix: use the same endpoint type in every group that shares the host, or give each group its own hosts',
    ]);
  });

  test('fails if a host is ineligible or lacks the endpoint type, and places nothing on it', () => {
    const stack = testStack();
    const gw = host(stack, 'gw', { isGateway: true });
    const ing = host(stack, 'ing', { endpointTypes: [EndpointType.INGRESS] });
    const g = new ClusterGroup(stack, 'lb', { hosts: [{ host: gw }, { host: ing }], endpointType: EndpointType.LOAD_BALANCER });
    const vc = g.addVirtualCluster('x');
    const errors = synthErrors(stack);
    expect(errors.slice(0, 2)).toEqual([
      expect.stringContaining('[CG1] test/lb: hosts[1] = "ing": host "ing" serves "ingress"'),
      '[CG2] test/lb: hosts[0] = "gw": host "gw" is a gateway cluster, which can never host virtual clusters. Fix: remove it from the group and use a full, writable workload cluster',
    ]);
    expect(errors[2]).toContain('[CG7] test/lb/x: size');
    expect(vc.hostClusterName).toBeUndefined();
    expect(vc.endpoint).toBe('');
    expect(errorOf(() => vc.release)).toBe('[CG7] test/lb/x: size = "2 CPU, 4 GiB memory, 5 GiB storage": group "lb" is full: no host has room for 2 CPU, 4 GiB memory, 5 GiB storage; host "gw" cannot host it (see CG1, CG2); host "ing" cannot host it (see CG1, CG2). Fix: add a host or capacity to the group, shrink this or other virtual clusters, or raise oversubscriptionPercent');
  });

  test('fails with how much is missing on which host when the group is full', () => {
    const stack = testStack();
    const small = host(stack, 'small', { capacity: { cpu: 4, memory: '8Gi', storage: '100Gi' } });
    const g = new ClusterGroup(stack, 'dev', { hosts: [{ host: small, dnsPattern: '*.s.example.com' }] });
    g.addVirtualCluster('one', { cpu: 4 });
    g.addVirtualCluster('two', { cpu: 2, memory: '4Gi' });
    expect(synthErrors(stack)).toEqual([
      '[CG7] test/dev/two: size = "2 CPU, 4 GiB memory, 5 GiB storage": group "dev" is full: no host has room for 2 CPU, 4 GiB memory, 5 GiB storage; host "small" is short of 1.2 CPU. Fix: add a host or capacity to the group, shrink this or other virtual clusters, or raise oversubscriptionPercent',
    ]);
  });

  test('fails if a project group is asked to serve another project', () => {
    const stack = testStack();
    const g = new ClusterGroup(stack, 'ml', { hosts: [{ host: host(stack, 'a'), dnsPattern: '*.a.example.com' }], project: 'ml' });
    g.addVirtualCluster('x', { project: 'web' });
    expect(synthErrors(stack)).toEqual(['[CG9] test/ml/x: project = "web": group "ml" serves project "ml" only. Fix: set project to "ml", or use a tenant-wide group']);
  });

  test('reports an input error for arguments that cannot be built', () => {
    const app = testApp();
    const stack = testStack(app);
    const other = testStack(app, 'other');
    const a = host(stack, 'a');
    const g = new ClusterGroup(stack, 'dev', { hosts: [{ host: a, dnsPattern: '*.a.example.com' }] });
    expect(errorOf(() => g.addVirtualCluster('x', { host: host(stack, 'b') }))).toBe('[input] test/dev/x: host = "b": host "b" is not in group "dev". Fix: use one of "a"');
    expect(errorOf(() => new VirtualCluster(other, 'y', { group: g }))).toContain('[input] other/y: group = "dev": the group is in another stack');
    expect(errorOf(() => new ClusterGroup(other, 'g2', { hosts: [{ host: a }] }))).toContain('host "a" is defined in another stack');
    expect(errorOf(() => new ClusterGroup(stack, 'g3', { hosts: [{ host: a }], oversubscriptionPercent: 90 }))).toContain('oversubscriptionPercent = 90');
    expect(errorOf(() => new ClusterGroup(stack, 'g4', { hosts: [{ host: a }], maxCpu: 0 }))).toBe('[input] test/g4: maxCpu = 0: must be above zero. Fix: give a positive cpu');
    expect(errorOf(() => host(stack, 'empty', { capacity: { cpu: 4, memory: '0Gi', storage: '1Gi' } }))).toBe('[input] test/empty: capacity.memory = "0Gi": must be above zero. Fix: give a positive memory');
  });

  test('reports amounts no cluster has, CPU finer than Kubernetes counts, a host listed twice and an empty owner', () => {
    const stack = testStack();
    const a = host(stack, 'a');
    const g = new ClusterGroup(stack, 'dev', { hosts: [{ host: a, dnsPattern: '*.a.example.com' }] });
    expect(errorOf(() => g.addVirtualCluster('tiny', { cpu: 0.0005 }))).toBe(
      '[input] test/dev/tiny: cpu = 0.0005: finer than a thousandth of a core, the smallest CPU amount Kubernetes counts (1m). Fix: round it to three decimals, such as 0.001',
    );
    expect(errorOf(() => g.addVirtualCluster('fine', { cpu: 1.2345 }))).toContain('cpu = 1.2345: finer than a thousandth of a core, the smallest CPU amount Kubernetes counts (1m). Fix: round it to three decimals, such as 1.235');
    expect(errorOf(() => g.addVirtualCluster('huge', { cpu: 1e10 }))).toBe('[input] test/dev/huge: cpu = 10000000000: more than 1,000,000,000 cores, which no cluster has. Fix: give the real number of cores');
    expect(errorOf(() => g.addVirtualCluster('vast', { memory: '9Pi' }))).toBe('[input] test/dev/vast: memory = "9Pi": larger than 8Pi, which no cluster has. Fix: give the real amount, such as "8Gi"');
    expect(errorOf(() => g.addVirtualCluster('nobody', { owner: '' }))).toBe(
      '[input] test/dev/nobody: owner = "": empty, so no per-user quota could count it. Fix: give the user\'s name, such as an email address, or leave owner out',
    );
    expect(errorOf(() => new ClusterGroup(stack, 'over', { hosts: [{ host: a }], oversubscriptionPercent: 20_000 }))).toBe(
      '[input] test/over: oversubscriptionPercent = 20000: above 10000: a host would carry more than a hundred times its capacity. Fix: use 10000 or less (the default is 120)',
    );
    expect(errorOf(() => new ClusterGroup(stack, 'twice', { hosts: [{ host: a, dnsPattern: '*.a.example.com' }, { host: a, dnsPattern: '*.b.example.com' }] }))).toBe(
      '[input] test/twice: hosts[1] = "a": host "a" is already the group\'s hosts[0]. Fix: list each host once',
    );
    // The edges that are fine, reporting nothing: a thousandth of a core, a billion cores, exactly 8Pi.
    expect(() => errorOf(() => g.addVirtualCluster('edge', { cpu: 0.001, storage: '1Gi' }))).toThrow('expected an error, got none');
    expect(() => errorOf(() => host(stack, 'big', { capacity: { cpu: 1_000_000_000, memory: '8Pi', storage: '8Pi' } }))).toThrow('expected an error, got none');
  });

  test('warns when a load-balancer group is given ingress-only settings', () => {
    const stack = testStack();
    const g = new ClusterGroup(stack, 'lb', { hosts: [{ host: host(stack, 'a'), dnsPattern: '*.a.example.com' }], endpointType: EndpointType.LOAD_BALANCER, dns: WildcardDns.manual() });
    expect(g.node.metadata.map((m) => m.data)).toContain('dns, hosts[0].dnsPattern only apply to ingress groups; this load-balancer group ignores them');
  });

  test('a failing synth writes no stack and no lock file', () => {
    // Given a good stack synthesized first and a bad one after it
    const dir = tempDir();
    const outdir = path.join(dir, 'cdktf.out');
    const lockFile = path.join(dir, 'cluster-groups.lock.json');
    const app = testApp({ outdir, lockFile });
    const good = new TerraformStack(app, 'good');
    new ClusterGroup(good, 'ok', { hosts: [{ host: host(good, 'a'), dnsPattern: '*.a.example.com' }] }).addVirtualCluster('fine');
    const bad = new TerraformStack(app, 'bad');
    new ClusterGroup(bad, 'broken', { hosts: [{ host: host(bad, 'b') }] }).addVirtualCluster('also-fine');
    // When the app synthesizes, then it fails naming the bad group, and nothing was written
    expect(errorOf(() => app.synth())).toContain('[CG5] bad/broken: hosts[0].dnsPattern = null');
    // (cdktf itself makes the empty output folders when the App is created)
    const files = fs.readdirSync(outdir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(files).toEqual([]);
    expect(fs.existsSync(lockFile)).toBe(false);
  });
});

describe('ClusterGroup quotas', () => {
  test('Palette\'s managed-group preset: 2 virtual clusters, 12 CPU, 16Gi and 20Gi per user, checked at synth with owners', () => {
    expect(Quotas.paletteManagedGroup()).toEqual({ perUser: { virtualClusters: 2, cpu: 12, memory: '16Gi', storage: '20Gi' } });
    const stack = testStack();
    const g = new ClusterGroup(stack, 'dev', { hosts: [{ host: host(stack, 'a'), dnsPattern: '*.a.example.com' }], quotas: Quotas.paletteManagedGroup() });
    g.addVirtualCluster('one', { owner: 'alice@example.com', cpu: 6 });
    g.addVirtualCluster('two', { owner: 'alice@example.com', cpu: 6 });
    expect(() => synthJson(stack)).not.toThrow();
    g.addVirtualCluster('three', { owner: 'alice@example.com', cpu: 1, memory: '1Gi', storage: '1Gi' });
    g.addVirtualCluster('four', { cpu: 1 });
    expect(synthErrors(stack)).toEqual([
      '[CG19] test/dev/four: owner = null: group "dev" sets quotas.perUser, which counts what each user holds, and this virtual cluster has no owner. Fix: set owner, such as "alice@example.com"',
      '[CG19] test/dev: quotas.perUser.virtualClusters = 2: user "alice@example.com" holds 3 virtual clusters in group "dev" (one, two, three), 1 over. Fix: remove 1 of them, or raise quotas.perUser.virtualClusters to 3',
      '[CG19] test/dev: quotas.perUser.cpu = 12: user "alice@example.com" asks for 13 CPU in group "dev" (one, two, three), 1 CPU over. Fix: shrink or remove virtual clusters of user "alice@example.com", or raise quotas.perUser.cpu to 13',
    ]);
  });

  test('a quota that cannot be a quota is an input error', () => {
    const stack = testStack();
    const a = host(stack, 'a');
    const group = (quotas: object) => () => new ClusterGroup(stack, `g${Object.keys(quotas).join('')}${JSON.stringify(quotas).length}`, { hosts: [{ host: a, dnsPattern: '*.a.example.com' }], quotas });
    expect(errorOf(group({ perUser: { virtualClusters: 1.5 } }))).toContain('quotas.perUser.virtualClusters = 1.5: not a whole number of virtual clusters. Fix: give 0 or more, such as 2');
    expect(errorOf(group({ perProject: { memory: '-1Gi' } }))).toContain('quotas.perProject.memory = "-1Gi": a quota cannot be negative. Fix: give 0 or more');
    expect(errorOf(group({ perUser: { cpus: 4 } }))).toContain('quotas.perUser.cpus = 4: not a prop here, so it would be ignored. Fix: did you mean quotas.perUser.cpu?');
  });
});
