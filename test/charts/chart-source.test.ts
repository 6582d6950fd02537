import * as fs from 'fs';
import * as path from 'path';
import { ChartSource, ClusterGroup } from '../../src';
import { airGappedPlatform } from '../../examples/air-gapped/platform';
import { errorOf, host, release, REPO, synthErrors, synthJson, tempDir, testApp, testStack } from '../helpers';

/** A chart directory holding the given `<name>-<version>` charts, each a minimal unpacked chart. */
function chartDir(charts: string[], layout: (name: string, version: string) => string = (n, v) => `${n}-${v}`): string {
  const dir = tempDir('cg-charts-');
  for (const c of charts) {
    const [, name, version] = c.match(/^(.*)-(\d+\.\d+\.\d+)$/)!;
    fs.mkdirSync(path.join(dir, layout(name, version), 'templates'), { recursive: true });
    fs.writeFileSync(path.join(dir, layout(name, version), 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: ${version}\n`);
  }
  return dir;
}

function ingressPlatform(stack = testStack()) {
  const g = new ClusterGroup(stack, 'g', { hosts: [{ host: host(stack, 'a'), dnsPattern: '*.a.example.com' }] });
  g.addVirtualCluster('vc');
  return stack;
}

describe('chart sources', () => {
  test('by default every chart comes from its public repository at the pinned version', () => {
    const json = synthJson(ingressPlatform());
    expect(release(json, 'vc')).toMatchObject({ repository: 'https://charts.loft.sh', chart: 'vcluster', version: '0.36.1' });
    expect(release(json, 'ingress-nginx')).toMatchObject({ repository: 'https://kubernetes.github.io/ingress-nginx', chart: 'ingress-nginx', version: '4.15.1' });
  });

  test('an OCI mirror for the whole app keeps the pinned versions', () => {
    const app = testApp();
    ChartSource.applyTo(app, { all: ChartSource.oci('oci://registry.example.com/charts/') });
    const json = synthJson(ingressPlatform(testStack(app)));
    expect(release(json, 'vc')).toMatchObject({ repository: 'oci://registry.example.com/charts', chart: 'vcluster', version: '0.36.1' });
    expect(release(json, 'ingress-nginx')).toMatchObject({ repository: 'oci://registry.example.com/charts', chart: 'ingress-nginx', version: '4.15.1' });
  });

  test('a local directory: the chart is copied into the stack, once per chart and version', () => {
    const dir = chartDir(['vcluster-0.36.1', 'ingress-nginx-4.15.1']);
    const stack = testStack();
    ChartSource.applyTo(stack, { all: ChartSource.directory(dir) });
    const g = new ClusterGroup(stack, 'g', { hosts: [{ host: host(stack, 'a'), dnsPattern: '*.a.example.com' }] });
    g.addVirtualCluster('one');
    g.addVirtualCluster('two');
    const json = synthJson(stack);
    expect(release(json, 'one')).toMatchObject({ chart: expect.stringMatching(/^assets\/chart-source_chart-vcluster-0361_[0-9A-F]{8}\/vcluster-0\.36\.1$/), version: '0.36.1' });
    expect(release(json, 'one').repository).toBeUndefined();
    expect(release(json, 'two').chart).toBe(release(json, 'one').chart);
    expect(release(json, 'ingress-nginx').chart).toMatch(/^assets\/.*\/ingress-nginx-4\.15\.1$/);
  });

  test('a packaged chart as helm pull writes it, and a chart in a folder named after it (copied under its name and version)', () => {
    const dir = chartDir(['ingress-nginx-4.15.1'], (n) => n);
    fs.writeFileSync(path.join(dir, 'vcluster-0.36.1.tgz'), 'not read at synth');
    const stack = testStack();
    ChartSource.applyTo(stack, { all: ChartSource.directory(dir) });
    const json = synthJson(ingressPlatform(stack));
    expect(release(json, 'vc').chart).toMatch(/^assets\/.*\/vcluster-0\.36\.1\.tgz$/);
    expect(release(json, 'ingress-nginx').chart).toMatch(/^assets\/.*\/ingress-nginx-4\.15\.1$/);
  });

  test('per chart: the nearest scope wins, chart by chart', () => {
    const app = testApp();
    ChartSource.applyTo(app, { all: ChartSource.oci('oci://app.example.com/charts') });
    const stack = testStack(app);
    ChartSource.applyTo(stack, { vcluster: ChartSource.oci('oci://stack.example.com/vcluster') });
    const json = synthJson(ingressPlatform(stack));
    expect(release(json, 'vc').repository).toBe('oci://stack.example.com/vcluster');
    expect(release(json, 'ingress-nginx').repository).toBe('oci://app.example.com/charts');
  });

  test('fails if the directory lacks a chart or holds another version', () => {
    const dir = chartDir(['vcluster-0.35.3'], (n) => n);
    const stack = testStack();
    ChartSource.applyTo(stack, { vcluster: ChartSource.directory(dir) });
    ingressPlatform(stack);
    expect(synthErrors(stack)).toEqual([
      `[CG15] test/g/vc: chart source of vcluster = "${dir}": the directory has no vcluster 0.36.1 (looked for vcluster-0.36.1.tgz, vcluster-0.36.1/ and vcluster/; vcluster/ holds vcluster 0.35.3). `
      + 'Fix: put vcluster-0.36.1.tgz there (helm pull vcluster --version 0.36.1 --repo https://charts.loft.sh), or choose another ChartSource for vcluster',
    ]);
  });

  test('fails if sources are applied after the groups chose their charts', () => {
    const stack = ingressPlatform();
    expect(errorOf(() => ChartSource.applyTo(stack, { all: ChartSource.oci('oci://r.example.com/c') })))
      .toBe('[input] test: ChartSource.applyTo came after test/g/a-addons had chosen its charts. Fix: call ChartSource.applyTo before creating the groups and virtual clusters under it');
  });

  test('the README\'s air-gapped example synthesizes from a chart directory and an OCI registry', () => {
    const file = path.join(REPO, 'examples/air-gapped/platform.ts');
    expect(fs.readFileSync(path.join(REPO, 'README.md'), 'utf8')).toContain(fs.readFileSync(file, 'utf8'));
    const dir = tempDir('cg-air-gapped-');
    const charts = chartDir(['ingress-nginx-4.15.1', 'external-dns-1.21.1']);
    fs.renameSync(charts, path.join(dir, 'charts'));
    const [cwd, ci] = [process.cwd(), process.env.CI];
    try {
      process.chdir(dir);
      process.env.CI = 'false';
      const app = airGappedPlatform();
      app.synth();
      const json = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.out/stacks/ingress-platform/cdk.tf.json'), 'utf8'));
      expect(release(json, 'payments')).toMatchObject({ repository: 'oci://registry.example.com/charts', chart: 'vcluster', version: '0.36.1' });
      expect(release(json, 'ingress-nginx').chart).toMatch(/^assets\/.*\/ingress-nginx-4\.15\.1$/);
      expect(fs.existsSync(path.join(dir, 'cdktf.out/stacks/ingress-platform', release(json, 'external-dns').chart, 'Chart.yaml'))).toBe(true);
    } finally {
      process.chdir(cwd);
      if (ci === undefined) delete process.env.CI;
      else process.env.CI = ci;
    }
  });

  test('fails if an OCI reference is not one', () => {
    expect(errorOf(() => ChartSource.oci('https://registry.example.com/charts'))).toBe(
      '[input] ChartSource.oci: url = "https://registry.example.com/charts": not an OCI reference. Fix: use oci://<registry>[/<path>], such as oci://registry.example.com/charts',
    );
  });
});
