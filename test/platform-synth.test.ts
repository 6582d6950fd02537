import * as path from 'path';
import * as fs from 'fs';
import { App, TerraformStack, Testing } from 'cdktf';
import { ClusterGroup, PlatformSynth } from '../src';
import { warningLines } from '../src/synth/platform-synth';
import { PlatformState } from '../src/synth/platform-state';
import { host, tempDir } from './helpers';

describe('PlatformSynth', () => {
  test('a construct that depends on one with an input error adds no error of its own, and app.synth() fails with it', () => {
    const app = Testing.app({ outdir: tempDir(), context: { 'cluster-groups:lockFile': path.join(tempDir(), 'lock.json'), 'cluster-groups:lockMode': 'update' } }) as App;
    const stack = new TerraformStack(app, 'platform');
    const a = host(stack, 'a', { capacity: { cpu: 0, memory: '1Gi', storage: '1Gi' } });
    const g = new ClusterGroup(stack, 'dev', { hosts: [{ host: a, dnsPattern: '*.a.example.com' }] });
    const vc = g.addVirtualCluster('one');
    expect([g.hosts, g.virtualClusters, vc.endpoint, vc.hostClusterName]).toEqual([[], [], '', undefined]);
    // What cannot be answered without a host names the problem that left it unbuilt.
    expect(() => vc.release).toThrow('[input] platform/a: capacity.cpu = 0: must be above zero');
    expect(() => app.synth()).toThrow(/\[input\] platform\/a: capacity\.cpu = 0: must be above zero/);
    expect(() => Testing.synth(stack, true)).toThrow(/Validation failed[\s\S]*platform\/a: capacity\.cpu = 0/);
    const errors = PlatformState.find(app)!.validate();
    expect(errors).toEqual(['[input] platform/a: capacity.cpu = 0: must be above zero. Fix: give a positive cpu']);
  });

  test('returns true and writes the stacks when all is well', () => {
    const outdir = tempDir();
    const app = Testing.app({ outdir, context: { 'cluster-groups:lockFile': path.join(tempDir(), 'lock.json'), 'cluster-groups:lockMode': 'update' } }) as App;
    const stack = new TerraformStack(app, 'platform');
    new ClusterGroup(stack, 'dev', { hosts: [{ host: host(stack, 'a'), dnsPattern: '*.a.example.com' }] }).addVirtualCluster('one');
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(PlatformSynth.run(app)).toBe(true);
    expect(stderr.mock.calls.join('')).toMatch(/^warning: platform\/dev\/a-addons: create the DNS record/m);
    stderr.mockRestore();
    expect(JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'platform', 'cdk.tf.json'), 'utf8')).resource.helm_release).toBeDefined();
  });

  test('rethrows what is not a group rule failure', () => {
    const app = Testing.app({ outdir: tempDir(), context: { 'cluster-groups:lockFile': path.join(tempDir(), 'lock.json'), 'cluster-groups:lockMode': 'update' } }) as App;
    const stack = new TerraformStack(app, 'platform');
    new ClusterGroup(stack, 'dev', { hosts: [{ host: host(stack, 'a'), dnsPattern: '*.a.example.com' }] }).addVirtualCluster('one');
    stack.node.addValidation({ validate: () => ['a check of your own'] });
    expect(() => PlatformSynth.run(app)).toThrow('a check of your own');
    const bare = Testing.app({ outdir: tempDir() }) as App;
    bare.synth = () => {
      throw new Error('disk full');
    };
    expect(() => PlatformSynth.run(bare)).toThrow('disk full');
  });

  test('app.synth() warns that the lock stays unwritten, on the first group rather than the nameless app root', () => {
    const app = Testing.app({ outdir: tempDir(), context: { 'cluster-groups:lockFile': path.join(tempDir(), 'lock.json'), 'cluster-groups:lockMode': 'update' } }) as App;
    const stack = new TerraformStack(app, 'platform');
    new ClusterGroup(stack, 'dev', { hosts: [{ host: host(stack, 'a'), dnsPattern: '*.a.example.com' }] }).addVirtualCluster('one');
    app.synth();
    const lines = warningLines(app);
    expect(lines).toContainEqual(expect.stringMatching(/^warning: platform\/dev: the lock file is written by PlatformSynth\.run\(app\), not by app\.synth\(\): \d+ change\(s\) stay unrecorded/));
    expect(lines.filter((l) => l.startsWith('warning: : '))).toEqual([]);
  });

  // What the README's testing section says: cdktf runs validations only when asked.
  test('Testing.synth runs the rules only with its second argument', () => {
    const app = Testing.app({ context: { 'cluster-groups:lockFile': path.join(tempDir(), 'lock.json'), 'cluster-groups:lockMode': 'update' } });
    const stack = new TerraformStack(app, 'platform');
    new ClusterGroup(stack, 'dev', { hosts: [{ host: host(stack, 'a'), dnsPattern: '*.a.example.com' }] }).addVirtualCluster('huge', { cpu: 12 });
    expect(() => Testing.synth(stack)).not.toThrow();
    expect(() => Testing.synth(stack, true)).toThrow(/\[CG7\] platform\/dev\/huge: cpu = 12: /);
  });
});
