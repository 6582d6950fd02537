import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import { ClusterGroup, ClusterGroupProps, PlatformSynth, VirtualClusterOptions } from '../../src';
import { diffLock, readLock, serializeLock } from '../../src/lock/lock-file';
import { errorOf, host, release, synthJson, tempDir, testApp } from '../helpers';

interface Spec {
  hosts: string[];
  vcs: [string, VirtualClusterOptions?][];
  group?: Partial<ClusterGroupProps>;
}

/** Builds one stack "platform" with a group "dev" over the given hosts and clusters. */
function build(app: App, spec: Spec): { stack: TerraformStack; group: ClusterGroup } {
  const stack = new TerraformStack(app, 'platform');
  const hosts = spec.hosts.map((h) => host(stack, h, { capacity: { cpu: 8, memory: '32Gi', storage: '100Gi' } }));
  const group = new ClusterGroup(stack, 'dev', { hosts: hosts.map((h) => ({ host: h, dnsPattern: `*.${h.clusterName}.example.com` })), ...spec.group });
  for (const [name, opts] of spec.vcs) group.addVirtualCluster(name, opts);
  return { stack, group };
}

/**
 * Synthesizes the spec as a user's main.ts does, through PlatformSynth.run (which records the
 * lock), returning each cluster's host; what it prints on failure is thrown.
 */
function synthesize(lockFile: string, spec: Spec, mode: 'update' | 'check' = 'update'): Record<string, string | undefined> {
  const app = testApp({ lockFile, lockMode: mode, outdir: tempDir() });
  const { group } = build(app, spec);
  const write = process.stderr.write;
  let printed = '';
  process.stderr.write = ((s: string) => { printed += s; return true; }) as typeof process.stderr.write;
  let ok: boolean;
  try {
    ok = PlatformSynth.run(app);
  } finally {
    process.stderr.write = write;
    process.exitCode = undefined;
  }
  if (!ok) throw new Error(printed);
  return Object.fromEntries(group.virtualClusters.map((vc) => [vc.clusterName, vc.hostClusterName]));
}

describe('lock file and stable placement', () => {
  let lockFile: string;
  beforeEach(() => {
    lockFile = path.join(tempDir(), 'cluster-groups.lock.json');
  });

  test('records new groups and placements on a local synth', () => {
    expect(synthesize(lockFile, { hosts: ['a', 'b'], vcs: [['one'], ['two']] })).toEqual({ one: 'a', two: 'b' });
    expect(readLock(lockFile)).toEqual({
      lockfileVersion: 1,
      stacks: { platform: { groups: { dev: { chartVersion: '0.36.1', kubernetesVersion: 'v1.36.0', oidc: null, virtualClusters: { one: { host: 'a' }, two: { host: 'b' } } } } } },
    });
  });

  test('adding a virtual cluster, adding a host or reordering code moves nothing', () => {
    const before = synthesize(lockFile, { hosts: ['a', 'b'], vcs: [['one'], ['two'], ['three']] });
    // A new host first in the list, a new cluster first in code, the rest reversed.
    const after = synthesize(lockFile, { hosts: ['c', 'b', 'a'], vcs: [['zero'], ['three'], ['two'], ['one']] });
    expect({ one: after.one, two: after.two, three: after.three }).toEqual(before);
    expect(after.zero).toBeDefined();
  });

  test('a new cluster declared after the existing ones goes to the host with the most room', () => {
    synthesize(lockFile, { hosts: ['a', 'b'], vcs: [['one'], ['two'], ['three']] });
    expect(synthesize(lockFile, { hosts: ['a', 'b', 'c'], vcs: [['one'], ['two'], ['three'], ['four']] }).four).toBe('c');
  });

  test('is read without a write when nothing changed', () => {
    synthesize(lockFile, { hosts: ['a'], vcs: [['one']] });
    const stamp = fs.statSync(lockFile).mtimeMs;
    synthesize(lockFile, { hosts: ['a'], vcs: [['one']] });
    expect(fs.statSync(lockFile).mtimeMs).toBe(stamp);
  });

  test('a library upgrade alone never changes a group version; synth warns of the newer one', () => {
    // Given a lock written by an older library, whose newest chart was 0.35.3
    fs.writeFileSync(lockFile, serializeLock({ lockfileVersion: 1, stacks: { platform: { groups: { dev: { chartVersion: '0.35.3', kubernetesVersion: 'v1.35.0', virtualClusters: {} } } } } }));
    const app = testApp({ lockFile, outdir: tempDir() });
    const { stack, group } = build(app, { hosts: ['a'], vcs: [['one']] });
    expect([group.chartVersion, group.kubernetesVersion]).toEqual(['0.35.3', 'v1.35.0']);
    expect(release(synthJson(stack), 'one').version).toBe('0.35.3');
    const warnings = group.node.metadata.filter((m) => m.type === '@cdktf/warn' && String(m.data).startsWith('vCluster')).map((m) => m.data);
    expect(warnings).toEqual([expect.stringContaining('vCluster 0.36.1 is available; group "dev" stays on 0.35.3')]);
  });

  test('an explicit one-minor upgrade is recorded; a jump is refused', () => {
    synthesize(lockFile, { hosts: ['a'], vcs: [['one']], group: { chartVersion: '0.34.7', kubernetesVersion: 'v1.35.0' } });
    expect(errorOf(() => synthesize(lockFile, { hosts: ['a'], vcs: [['one']], group: { chartVersion: '0.36.1', kubernetesVersion: 'v1.35.0' } }))).toContain(
      'the lock file records 0.34.7, and vCluster upgrades move one minor version at a time (this is 2). Fix: upgrade to 0.35.3 first',
    );
    synthesize(lockFile, { hosts: ['a'], vcs: [['one']], group: { chartVersion: '0.35.3' } });
    expect(readLock(lockFile)!.stacks.platform.groups.dev).toMatchObject({ chartVersion: '0.35.3', kubernetesVersion: 'v1.35.0' });
  });

  test('naming another host than the locked one moves it, with a warning', () => {
    synthesize(lockFile, { hosts: ['a', 'b'], vcs: [['one']] });
    const app = testApp({ lockFile, outdir: tempDir() });
    const stack = new TerraformStack(app, 'platform');
    const a = host(stack, 'a');
    const b = host(stack, 'b');
    const g = new ClusterGroup(stack, 'dev', { hosts: [{ host: a, dnsPattern: '*.a.example.com' }, { host: b, dnsPattern: '*.b.example.com' }] });
    const vc = g.addVirtualCluster('one', { host: b });
    expect(vc.hostClusterName).toBe('b');
    expect(vc.node.metadata.map((m) => m.data)).toEqual(['moving virtual cluster "one" from host "a" to "b" destroys it and creates it anew, empty; moveTo keeps its data']);
  });

  test('fails if a locked host leaves the group', () => {
    synthesize(lockFile, { hosts: ['a', 'b'], vcs: [['one'], ['two']] });
    expect(errorOf(() => synthesize(lockFile, { hosts: ['a'], vcs: [['one'], ['two']] }))).toContain(
      '[CG7] platform/dev/two: host = "b": the lock file places this virtual cluster on host "b", which is no longer in group "dev"',
    );
  });

  describe('under CI (check mode)', () => {
    test('passes when the lock matches and never writes', () => {
      synthesize(lockFile, { hosts: ['a'], vcs: [['one']] });
      const text = fs.readFileSync(lockFile, 'utf8');
      expect(synthesize(lockFile, { hosts: ['a'], vcs: [['one']] }, 'check')).toEqual({ one: 'a' });
      expect(fs.readFileSync(lockFile, 'utf8')).toBe(text);
    });

    test('fails if the lock file is missing', () => {
      expect(errorOf(() => synthesize(lockFile, { hosts: ['a'], vcs: [['one']] }, 'check'))).toContain(`[CG11] ${lockFile}: lock file = "missing": under CI it is never written, and there is none. Fix: synthesize locally (without CI=true) through PlatformSynth.run(app)`);
      expect(fs.existsSync(lockFile)).toBe(false);
    });

    test('fails if the lock file is stale, saying what changed', () => {
      synthesize(lockFile, { hosts: ['a'], vcs: [['one']] });
      const msg = errorOf(() => synthesize(lockFile, { hosts: ['a'], vcs: [['one'], ['two']] }, 'check'));
      expect(msg).toContain('lock file = "stale": under CI it is never written, and it differs from the app: virtual cluster platform/dev/two is new, on host a');
      expect(readLock(lockFile)!.stacks.platform.groups.dev.virtualClusters).toEqual({ one: { host: 'a' } });
    });

    test('is the default when CI=true', () => {
      const old = process.env.CI;
      process.env.CI = 'true';
      try {
        const app = Testing.app({ context: { 'cluster-groups:lockFile': lockFile } });
        const { stack } = build(app, { hosts: ['a'], vcs: [['one']] });
        expect(errorOf(() => Testing.synth(stack, true))).toContain('[CG11]');
      } finally {
        if (old === undefined) delete process.env.CI;
        else process.env.CI = old;
      }
    });
  });

  test('app.synth() alone writes no lock, and warns that the changes stay unrecorded', () => {
    const app = testApp({ lockFile, outdir: tempDir() });
    build(app, { hosts: ['a'], vcs: [['one']] });
    app.synth();
    expect(fs.existsSync(lockFile)).toBe(false);
    // On the first group, which a printed warning can name (the app root's path is empty).
    expect(app.node.metadata).toEqual([]);
    const group = app.node.findAll().find(ClusterGroup.isClusterGroup)!;
    expect(group.node.metadata.map((m) => m.data)).toContainEqual(expect.stringContaining('the lock file is written by PlatformSynth.run(app), not by app.synth(): 1 change(s) stay unrecorded'));
  });

  test('a failing synth writes no lock', () => {
    expect(errorOf(() => synthesize(lockFile, { hosts: ['a'], vcs: [['one', { cpu: 99 }]] }))).toContain('[CG7]');
    expect(fs.existsSync(lockFile)).toBe(false);
  });

  test('keeps the sections of stacks this app does not synthesize', () => {
    fs.writeFileSync(lockFile, serializeLock({ lockfileVersion: 1, stacks: { elsewhere: { groups: { x: { chartVersion: '0.35.3', kubernetesVersion: 'v1.36.0', virtualClusters: {} } } } } }));
    synthesize(lockFile, { hosts: ['a'], vcs: [['one']] });
    expect(Object.keys(readLock(lockFile)!.stacks)).toEqual(['elsewhere', 'platform']);
  });

  test('fails clearly on a lock file that is not one', () => {
    fs.writeFileSync(lockFile, '{"lockfileVersion": 1, "stacks": {"s": {"groups": {"g": {"chartVersion": "0.36.1"}}}}}');
    expect(errorOf(() => synthesize(lockFile, { hosts: ['a'], vcs: [] }))).toContain(
      `[CG11] ${lockFile}: lock file = "unreadable": it is not a cluster-groups lock file: stacks.s.groups.g lacks chartVersion or kubernetesVersion, so the versions and placements it pins are unknown. Fix: restore it from version control`,
    );
    const group = (extra: object) => JSON.stringify({ lockfileVersion: 1, stacks: { s: { groups: { g: { chartVersion: '0.36.1', kubernetesVersion: 'v1.36.0', virtualClusters: { x: { host: 'a' } }, ...extra } } } } });
    fs.writeFileSync(lockFile, group({ oidc: 'https://login.example.com' }));
    expect(errorOf(() => synthesize(lockFile, { hosts: ['a'], vcs: [] }))).toContain('stacks.s.groups.g.oidc is not null or { issuerUrl, clientId }');
    fs.writeFileSync(lockFile, group({ virtualClusters: { x: { host: 'a', pausedAt: 'yesterday' } } }));
    expect(errorOf(() => synthesize(lockFile, { hosts: ['a'], vcs: [] }))).toContain('stacks.s.groups.g.virtualClusters.x.pausedAt is not a date such as "2026-01-31T12:00:00.000Z"');
    fs.writeFileSync(lockFile, '{ nope');
    expect(errorOf(() => synthesize(lockFile, { hosts: ['a'], vcs: [] }))).toMatch(/\[CG11\] [^ ]+: lock file = "unreadable": it is not valid JSON \(.*\), so the versions and placements it pins are unknown\. Fix: restore it from version control, or delete it to record the platform anew/);
    // Nothing was written over it.
    expect(fs.readFileSync(lockFile, 'utf8')).toBe('{ nope');
  });

  test('blames a hand-edited version on the lock file, not on code that does not set it', () => {
    fs.writeFileSync(lockFile, serializeLock({ lockfileVersion: 1, stacks: { platform: { groups: { dev: { chartVersion: '0.99.0', kubernetesVersion: 'v1.36.0', virtualClusters: {} } } } } }));
    expect(errorOf(() => synthesize(lockFile, { hosts: ['a'], vcs: [] }))).toContain(
      `[CG8] platform/dev: chartVersion (from the lock file) = "0.99.0": not a vCluster chart version the catalog knows. Fix: the code does not set it: it comes from ${lockFile}, stacks.platform.groups.dev.chartVersion; restore that file from version control, or set chartVersion in code (use one of 0.34.7, 0.35.3, 0.36.1)`,
    );
    // Set in code, the same value is the code's mistake.
    expect(errorOf(() => synthesize(lockFile, { hosts: ['a'], vcs: [], group: { chartVersion: '0.99.0' } }))).toContain('[CG8] platform/dev: chartVersion = "0.99.0": not a vCluster chart version the catalog knows. Fix: use one of');
  });

  test('records the group\'s OIDC issuer; an older lock without it is brought up to date quietly, and CI still passes on it', () => {
    const oidc = { issuerUrl: 'https://login.example.com', clientId: 'kubernetes' };
    synthesize(lockFile, { hosts: ['a'], vcs: [['one']], group: { oidc } });
    expect(readLock(lockFile)!.stacks.platform.groups.dev.oidc).toEqual(oidc);
    // As an older version wrote it: no oidc key.
    const older = readLock(lockFile)!;
    const { oidc: _dropped, ...group } = older.stacks.platform.groups.dev;
    fs.writeFileSync(lockFile, serializeLock({ ...older, stacks: { platform: { groups: { dev: group } } } }));
    expect(() => synthesize(lockFile, { hosts: ['a'], vcs: [['one']], group: { oidc } }, 'check')).not.toThrow();
    synthesize(lockFile, { hosts: ['a'], vcs: [['one']], group: { oidc } });
    expect(readLock(lockFile)!.stacks.platform.groups.dev.oidc).toEqual(oidc);
    // Changed once the group has virtual clusters: CG20.
    expect(errorOf(() => synthesize(lockFile, { hosts: ['a'], vcs: [['one']], group: { oidc: { ...oidc, clientId: 'other' } } }))).toContain('[CG20] platform/dev: oidc = ');
    expect(diffLock(readLock(lockFile), { platform: { groups: { dev: { ...readLock(lockFile)!.stacks.platform.groups.dev, oidc: null } } } })).toEqual(['group platform/dev: OIDC https://login.example.com (client kubernetes) -> none']);
  });

  test('diffs name every change', () => {
    const old = { lockfileVersion: 1, stacks: { s: { groups: { g: { chartVersion: '0.35.3', kubernetesVersion: 'v1.35.0', virtualClusters: { a: { host: 'h1' }, b: { host: 'h1' } } }, gone: { chartVersion: '0.35.3', kubernetesVersion: 'v1.35.0', virtualClusters: {} } } } } };
    expect(diffLock(old, { s: { groups: { g: { chartVersion: '0.36.1', kubernetesVersion: 'v1.36.0', virtualClusters: { a: { host: 'h2' }, c: { host: 'h1' } } } } } })).toEqual([
      'group s/g: vCluster 0.35.3 -> 0.36.1',
      'group s/g: Kubernetes v1.35.0 -> v1.36.0',
      'virtual cluster s/g/a moves from host h1 to h2',
      'virtual cluster s/g/c is new, on host h1',
      'virtual cluster s/g/b is gone',
      'group s/gone is gone',
    ]);
  });
});
