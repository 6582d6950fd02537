// The README's recipe for CDK Terrain (cdktn, the community fork of the archived cdktf): npm
// `overrides` map cdktf to cdktn for the app and the provider bindings alike. The packed library
// synthesizes the same platform under both, generated charts included, with the flags that
// `cdktn init` writes into a new project's cdktf.json.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO, tempDir } from '../helpers';

const README = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');

/** The package.json of the README's cdktn recipe. */
function recipe(): { dependencies: Record<string, string>; overrides: Record<string, string> } {
  const section = README.split('### CDK Terrain (cdktn)')[1];
  if (!section) throw new Error('README: no "### CDK Terrain (cdktn)" section');
  return JSON.parse(section.match(/```json\n([\s\S]*?)```/)![1]);
}

// Both generated charts (MetalLB pools, the ExternalDNS cleanup Job), through the public API.
const APP = `
const { HelmProvider } = require('@cdktf/provider-helm/lib/provider');
const { KubernetesProvider } = require('@cdktf/provider-kubernetes/lib/provider');
const { App, TerraformStack, TerraformOutput } = require('cdktf');
const lib = require('cdktf-cluster-groups');
const app = new App();
const stack = new TerraformStack(app, 'platform');
const store = new lib.HostCluster(stack, 'store', {
  kind: lib.HostClusterKind.EDGE,
  kubernetesProvider: new KubernetesProvider(stack, 'store-k8s', { alias: 'store', configContext: 'store' }),
  helmProvider: new HelmProvider(stack, 'store-helm', { alias: 'store', kubernetes: { configContext: 'store' } }),
  endpointTypes: [lib.EndpointType.INGRESS, lib.EndpointType.LOAD_BALANCER],
  capacity: { cpu: 16, memory: '64Gi', storage: '500Gi' },
});
const site = new lib.EdgeClusterGroup(stack, 'site', {
  hosts: [{ host: store, dnsPattern: '*.store.example.com', metallb: { addressPools: [{ name: 'vip', addresses: ['10.42.0.240/29'] }] } }],
  dns: lib.WildcardDns.externalDns({ provider: 'rfc2136' }),
});
new TerraformOutput(stack, 'pos-endpoint', { value: site.addVirtualCluster('pos', { cpu: 2, memory: '4Gi' }).endpoint });
if (!lib.PlatformSynth.run(app)) process.exit(1);
`;

/** Every file the synth wrote, by path, with what differs by design left out. */
function synthesized(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name !== 'manifest.json') files[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  const tf = 'stacks/platform/cdk.tf.json';
  const json = JSON.parse(files[tf]);
  delete json['//'].metadata.version; // 0.21.0 or 0.24.0
  delete json.terraform.backend; // the local state path names the project's directory
  files[tf] = JSON.stringify(json, null, 2);
  return files;
}

describe('CDK Terrain (cdktn): the README recipe', () => {
  const work = tempDir('cg-cdktn-');
  let tarball = '';

  beforeAll(() => {
    execFileSync(path.join(REPO, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { cwd: REPO });
    tarball = path.join(work, execFileSync('npm', ['pack', '--pack-destination', work, '--silent'], { cwd: REPO, encoding: 'utf8' }).trim().split('\n').pop()!);
  }, 120_000);

  /** A project with these dependencies, installed, its app synthesized; the files it wrote. */
  function project(name: string, pkg: object, context: object): Record<string, string> {
    const dir = path.join(work, name);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, private: true, ...pkg }, null, 2));
    fs.writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'node main.js', context }));
    fs.writeFileSync(path.join(dir, 'main.js'), APP);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
    // What the cdktf and cdktn CLIs pass the app from cdktf.json.
    const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: path.join(dir, 'cdktf.out'), CDKTF_CONTEXT_JSON: JSON.stringify(context) };
    delete env.CI; // a local synth: the lock file is written
    const r = spawnSync(process.execPath, ['main.js'], { cwd: dir, env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${name}: synth failed (exit ${r.status}):\n${r.stderr}`);
    const cdktf = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', 'cdktf', 'package.json'), 'utf8'));
    return { '(cdktf package)': `${cdktf.name}@${cdktf.version}`, ...synthesized(path.join(dir, 'cdktf.out')) };
  }

  test('synthesizes what cdktf does, asset paths included, with cdktn\'s new-project flags on', () => {
    const r = recipe();
    const library = { ...r.dependencies, 'cdktf-cluster-groups': `file:${tarball}` };
    // What `cdktn init` writes into cdktf.json: canonical asset hashes hash a chart directory
    // differently, so a library must name its generated charts' hashes itself.
    const flags = { canonicalAssetHashes: 'true', failOnConstructsOutsideOfStacks: 'true' };
    const terrain = project('terrain', { dependencies: library, overrides: r.overrides }, flags);
    const classic = project('classic', { dependencies: { ...library, cdktf: '0.21.0' } }, {});
    expect(terrain['(cdktf package)']).toBe(`cdktn@${r.overrides.cdktf.replace('npm:cdktn@', '')}`);
    expect(classic['(cdktf package)']).toBe('cdktf@0.21.0');
    const charts = Object.keys(terrain).filter((f) => f.endsWith('Chart.yaml'));
    expect(charts).toHaveLength(2);
    expect({ ...terrain, '(cdktf package)': '' }).toEqual({ ...classic, '(cdktf package)': '' });
  }, 600_000);
});
