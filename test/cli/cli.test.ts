import * as fs from 'fs';
import * as path from 'path';
import { readLock, serializeLock } from '../../src/lock/lock-file';
import { REPO, tempDir } from '../helpers';
import { CLI_JS, cli, cliProcess, project } from './cli-helpers';

// The CLI runs in this process, but each validate or report synthesizes an app in a child process.
jest.setTimeout(120_000);

const lockOf = (groups: Record<string, [string, string]>) => ({
  lockfileVersion: 1,
  stacks: { platform: { groups: Object.fromEntries(Object.entries(groups).map(([g, [chart, k8s]]) => [g, { chartVersion: chart, kubernetesVersion: k8s, virtualClusters: {} }])) } },
});

/** A copy of a lock in a temp dir, for commands that write it. */
function lockCopy(lock: object): string {
  const file = path.join(tempDir(), 'cluster-groups.lock.json');
  fs.writeFileSync(file, serializeLock(lock as any));
  return file;
}

describe('cli: help and bad input', () => {
  test('--help lists the commands and the exit codes; no command is a usage error on stderr', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const c of ['validate', 'report', 'plan-upgrade', 'upgrade', 'plan-move', 'move', 'exit codes:']) expect(help.out).toContain(c);
    expect(await cli([])).toMatchObject({ code: 2, out: '', err: expect.stringMatching(/^error: no command given\n\nusage: cdktf-cluster-groups/) });
  });

  test('--version prints the package version', async () => {
    expect(await cli(['--version'])).toEqual({ code: 0, out: `${require('../../package.json').version}\n`, err: '' });
  });

  test.each(['validate', 'report', 'plan-upgrade', 'upgrade', 'plan-move', 'move'])('%s --help and -h', async (c) => {
    for (const flag of ['--help', '-h']) {
      const r = await cli([c, flag]);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`^usage: cdktf-cluster-groups ${c}`));
    }
  });

  // Unknown options are errors, never positional arguments (validate -q used to pass as one).
  test.each([
    [['deploy'], 'error: unknown command "deploy"'],
    [['--verbose'], 'error: unknown option "--verbose"'],
    [['validate', '-q'], "error: unknown option '-q'"],
    [['validate', '--colour', 'yes'], "error: unknown option '--colour'"],
    [['validate', 'extra'], "error: unexpected argument 'extra'"],
    [['upgrade', 'ml', '--json', '--to', '0.36.1'], "error: unknown option '--json'"],
    [['plan-upgrade', 'a', 'b', '--to', '0.36.1'], 'error: unexpected argument "b"'],
    [['report', '--format', 'pdf'], 'error: --format is table, json or html, not "pdf"'],
    [['report', '--json', '--format', 'html'], 'error: --json and --format html ask for two formats; give one'],
    [['report', '--rates', 'cpu=0.03,memory=0.004'], 'error: --rates: give every rate; missing storage, lb'],
    [['report', '--rates', 'cpu=-1,memory=0,storage=0,lb=0'], 'error: --rates: "cpu=-1" is not one of cpu=, memory=, storage=, lb= with a price of 0 or more'],
    [['plan-upgrade', 'ml'], 'error: plan-upgrade needs a group and --to <version>'],
    [['upgrade', 'ml', '--to'], "error: option '--to <value>' argument missing"],
    [['upgrade', 'ml', '--to='], 'error: --to needs a value'],
    [['validate', '--dir', '/'], 'error: no cdktf.json in / or above it'],
  ])('fails with a clear message on stderr, usage after it, and exit 2: %j', async (args, message) => {
    const r = await cli(args);
    expect(r).toMatchObject({ code: 2, out: '' });
    expect(r.err).toContain(message);
    expect(r.err).toContain('usage: cdktf-cluster-groups');
  });

  test('the installed binary: compiled JavaScript, exit status and streams as a shell sees them', () => {
    expect(cliProcess(['--version'])).toMatchObject({ code: 0, out: `${require('../../package.json').version}\n`, err: '' });
    expect(cliProcess(['validate', '-q'])).toMatchObject({ code: 2, out: '', err: expect.stringContaining("unknown option '-q'") });
    expect(fs.readFileSync(CLI_JS, 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
  });
});

describe('cli plan-upgrade', () => {
  test('plans from the locked version, gate and changes included', async () => {
    const r = await cli(['plan-upgrade', 'ml', '--to', '0.36.1']);
    expect(r.code).toBe(0);
    expect(r.out).toBe([
      'group load-balancer-platform/ml: vCluster 0.35.3 -> 0.36.1, Kubernetes v1.36.0',
      'step 1: 0.35.3 -> 0.36.1',
      '  gate volume-snapshot-keys: vCluster 0.36 rejects the old volume-snapshot keys (snapshots.auto.volumes).',
      "  change: remove snapshots.auto.volumes from the group's and its virtual clusters' values (volume-snapshot-keys)",
      'next: cdktf-cluster-groups upgrade load-balancer-platform/ml --to 0.36.1, then synthesize, review and apply',
      '',
    ].join('\n'));
  });

  test('--json: the same plan as one object', async () => {
    const r = await cli(['plan-upgrade', 'ml', '--to', '0.36.1', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      group: 'load-balancer-platform/ml',
      from: '0.35.3',
      to: '0.36.1',
      kubernetesVersion: 'v1.36.0',
      steps: [{ from: '0.35.3', to: '0.36.1', gates: [{ id: 'volume-snapshot-keys', note: expect.stringContaining('rejects the old volume-snapshot keys') }], changes: [expect.stringContaining('remove snapshots.auto.volumes')] }],
      problems: [],
      next: 'cdktf-cluster-groups upgrade load-balancer-platform/ml --to 0.36.1',
    });
    const down = await cli(['plan-upgrade', 'ingress-platform/dev', '--to', '0.35.3', '--json']);
    expect(down.code).toBe(1);
    expect(JSON.parse(down.out)).toMatchObject({ steps: [], problems: [expect.stringContaining('0.35.3 is older than 0.36.1')] });
  });

  test('refuses a downgrade, names unknown and ambiguous groups', async () => {
    expect(await cli(['plan-upgrade', 'ingress-platform/dev', '--to', '0.35.3'])).toMatchObject({ code: 1, out: expect.stringContaining('problem: 0.35.3 is older than 0.36.1') });
    expect((await cli(['plan-upgrade', 'nope', '--to', '0.36.1'])).err).toContain('error: no group "nope" in the lock file (known: app-mode/teams, day-two/dev, day-two/prod, edge-site/site, ingress-platform/dev, load-balancer-platform/ml)');
    const lock = lockCopy({ lockfileVersion: 1, stacks: { a: lockOf({ dev: ['0.35.3', 'v1.35.0'] }).stacks.platform, b: lockOf({ dev: ['0.35.3', 'v1.35.0'] }).stacks.platform } });
    expect((await cli(['plan-upgrade', 'dev', '--to', '0.36.1', '--lock', lock])).err).toContain('"dev" names several groups (a/dev, b/dev); use stack/group');
  });
});

describe('cli upgrade', () => {
  test('moves the lock one legal step and leaves the rest alone', async () => {
    const file = lockCopy(lockOf({ dev: ['0.35.3', 'v1.35.0'], prod: ['0.35.3', 'v1.35.0'] }));
    const r = await cli(['upgrade', 'platform/dev', '--to', '0.36.1', '--lock', file]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`group platform/dev: locked vCluster 0.35.3 -> 0.36.1 in ${file}`);
    expect(r.out).toContain('before applying: remove snapshots.auto.volumes');
    expect(readLock(file)).toEqual(lockOf({ dev: ['0.36.1', 'v1.35.0'], prod: ['0.35.3', 'v1.35.0'] }));
  });

  test('refuses jumps and downgrades without touching the lock', async () => {
    const file = lockCopy(lockOf({ dev: ['0.34.7', 'v1.35.0'] }));
    const before = fs.readFileSync(file, 'utf8');
    const jump = await cli(['upgrade', 'dev', '--to', '0.36.1', '--lock', file]);
    expect(jump).toMatchObject({ code: 1, out: 'refused: 0.34.7 -> 0.36.1 skips a minor version. The path is 0.34.7 -> 0.35.3 -> 0.36.1: upgrade to 0.35.3 first, apply, then continue.\n' });
    expect((await cli(['upgrade', 'dev', '--to', '0.34.7', '--lock', lockCopy(lockOf({ dev: ['0.35.3', 'v1.35.0'] }))])).out).toContain('never moves down');
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  test('asks for a Kubernetes version when the next chart does not run the current one', async () => {
    const file = lockCopy(lockOf({ dev: ['0.34.7', 'v1.32.0'] }));
    expect(await cli(['upgrade', 'dev', '--to', '0.35.3', '--lock', file])).toMatchObject({ code: 1, out: expect.stringContaining('refused: vCluster 0.35.3 runs Kubernetes 1.33, 1.34, 1.35, 1.36; pass --kubernetes') });
    expect((await cli(['upgrade', 'dev', '--to', '0.35.3', '--kubernetes', 'v1.34.0', '--lock', file])).out).toContain('refused: Kubernetes moves one minor version at a time');
    const ok = await cli(['upgrade', 'dev', '--to', '0.35.3', '--kubernetes', 'v1.33.0', '--lock', file]);
    expect(ok.code).toBe(0);
    expect(readLock(file)!.stacks.platform.groups.dev).toMatchObject({ chartVersion: '0.35.3', kubernetesVersion: 'v1.33.0' });
  });

  test('end to end: the next synth runs the upgraded version for a group that does not pin one', async () => {
    const dir = project(`
const stack = new TerraformStack(app, 'platform');
const g = new lib.ClusterGroup(stack, 'dev', { hosts: [{ host: host(stack, 'a'), dnsPattern: '*.a.example.com' }] });
g.addVirtualCluster('one');
`, { lockfileVersion: 1, stacks: { platform: { groups: { dev: { chartVersion: '0.35.3', kubernetesVersion: 'v1.35.0', virtualClusters: { one: { host: 'a' } } } } } } });
    const version = async () => JSON.parse((await cli(['report', '--json', '--dir', dir])).out).groups[0].chartVersion;
    expect(await version()).toBe('0.35.3');
    expect((await cli(['upgrade', 'dev', '--to', '0.36.1', '--dir', dir])).code).toBe(0);
    expect(await version()).toBe('0.36.1');
    expect((await cli(['validate', '--dir', dir])).code).toBe(0);
  });

  test('a broken lock file is an error that says what to do', async () => {
    const file = path.join(tempDir(), 'cluster-groups.lock.json');
    fs.writeFileSync(file, '{');
    const r = await cli(['upgrade', 'dev', '--to', '0.36.1', '--lock', file, '--dir', REPO]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('is not valid JSON');
  });
});
