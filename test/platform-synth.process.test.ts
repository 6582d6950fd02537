import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO, tempDir, writeApp } from './helpers';

// PlatformSynth.run as a user's main.ts runs it, in a process of its own: what it prints, and the
// exit code. (Outside `npm run test:unit`, which starts no process.)
/** Runs a small app as a process, the way a user's main.ts runs, ending in PlatformSynth.run. */
function runApp(body: string) {
  const dir = tempDir('cg-synth-');
  const file = writeApp(dir, `const stack = new TerraformStack(app, 'platform');\n${body}`, {
    context: { 'cluster-groups:lockFile': path.join(dir, 'lock.json'), 'cluster-groups:lockMode': 'update' },
    footer: 'lib.PlatformSynth.run(app);',
  });
  return { ...spawnSync(path.join(REPO, 'node_modules', '.bin', 'tsx'), [file], { encoding: 'utf8', env: { ...process.env, CDKTF_OUTDIR: path.join(dir, 'out') } }), file };
}

describe('PlatformSynth in a process', () => {
  test('prints every violation plainly, without a stack trace or the hint to skip validation, and exits 1', () => {
    const r = runApp(`
const g = new lib.ClusterGroup(stack, 'dev', { hosts: [{ host: host(stack, 'a'), dnsPattern: '*.a.example.com' }] });
g.addVirtualCluster('huge', { cpu: 12 });
g.addVirtualCluster('Bad_Name', { namespace: 'ok' });
`);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('synth failed, nothing was written: 2 problem(s)\n');
    expect(r.stderr).toContain('  [CG6] platform/dev/Bad_Name: clusterName = "Bad_Name": not a valid virtual cluster name');
    expect(r.stderr).toContain('  [CG7] platform/dev/huge: cpu = 12: group "dev" allows at most 6 CPU per virtual cluster');
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).not.toContain('skipValidation');
  });

  test('reports input errors with the rule violations, together, in one list: construction throws nothing', () => {
    const r = runApp(`
const bad = new lib.ClusterGroup(stack, 'dev', { hosts: [{ host: host(stack, 'a'), dnsPattern: '*.a.example.com' }], maxMemory: '8 GB' });
bad.addVirtualCluster('x');
const ok = new lib.ClusterGroup(stack, 'ok', { hosts: [{ host: host(stack, 'b'), dnsPattern: '*.b.example.com' }] });
ok.addVirtualCluster('huge', { cpu: 12 });
ok.addVirtualCluster('typo', { extraValues: {} });
`);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp([
      '^synth failed, nothing was written: 3 problem\\(s\\)\\n',
      ' {2}\\[input\\] platform/dev: maxMemory = "8 GB": not a Kubernetes quantity\\. [^\\n]*\\n',
      ' {2}\\[input\\] platform/ok/typo: extraValues = \\{\\}: not a prop here[^\\n]*\\n',
      ' {2}\\[CG7\\] platform/ok/huge: cpu = 12:[^\\n]*\\n',
    ].join('')));
    expect(r.stderr).not.toMatch(/^\s+at /m);
    const stacks = path.join(path.dirname(r.file), 'out', 'stacks');
    expect(fs.existsSync(stacks) ? fs.readdirSync(stacks) : []).toEqual([]);
  });

  test('prints the warnings too, each with its construct path, whether the synth passes or fails', () => {
    const ok = runApp(`
const g = new lib.ClusterGroup(stack, 'dev', { hosts: [{ host: host(stack, 'a'), dnsPattern: '*.a.example.com' }], chartVersion: '0.35.3', proLicense: true });
g.addVirtualCluster('one', { values: { extraValues: { sleep: { auto: { afterInactivity: '1h' } } } } });
`);
    expect(ok.status).toBe(0);
    const lines = ok.stderr.split('\n').filter((l) => l.startsWith('warning: '));
    expect(lines).toHaveLength(3);
    expect(lines).toContainEqual('warning: platform/dev/one: values.extraValues.sleep is a vCluster Pro feature: it runs only with the licence the group declares');
    expect(lines.some((l) => /^warning: platform\/dev: vCluster 0\.36\.1 is available/.test(l))).toBe(true);
    expect(lines.some((l) => /^warning: platform\/dev\/[^:]+: create the DNS record "\*\.a\.example\.com" A /.test(l))).toBe(true);

    const failed = runApp(`
const g = new lib.ClusterGroup(stack, 'dev', { hosts: [{ host: host(stack, 'a'), dnsPattern: '*.a.example.com' }], chartVersion: '0.35.3' });
g.addVirtualCluster('huge', { cpu: 12 });
`);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/^synth failed, nothing was written: 1 problem\(s\)\n {2}\[CG7\][^\n]*\nwarning: platform\/dev/);
  });
});
