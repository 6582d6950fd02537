// The Python bindings as a Python user gets them: jsii-pacmak's package (built by
// `npm run test:jsii` before this runs) installed with pip next to the PyPI packages of cdktf and
// the providers, running on the jsii runtime.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO, tempDir } from '../helpers';
import { pythonVenv } from './python-env';

const DIST = path.join(REPO, 'dist', 'python');
const TSX = path.join(REPO, 'node_modules', '.bin', 'tsx');
// The jsii runtime's banner on Node 20's end of life says nothing about this package.
const ENV = { ...process.env, CI: 'true', JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' };

let python: string;

beforeAll(() => {
  if (!fs.existsSync(path.join(DIST, 'setup.py'))) {
    throw new Error('dist/python is missing: run `npm run test:jsii`, which builds it with jsii and jsii-pacmak first');
  }
  python = pythonVenv();
  const r = spawnSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--force-reinstall', DIST], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pip install dist/python failed:\n${r.stdout}${r.stderr}`);
});

function py(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(python, args, { cwd: REPO, encoding: 'utf8', env: { ...ENV, ...env } });
}

/** The manifest without the stack traces of its annotations, which name each language's frames. */
function manifest(outdir: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'), (k, v) => (k === 'stacktrace' ? undefined : v));
}

describe('Python, through jsii', () => {
  test('examples/python/main.py writes the same Terraform JSON as the TypeScript example it mirrors', () => {
    const out = tempDir('cg-jsii-');
    const pyRun = py(['examples/python/main.py'], { CDKTF_OUTDIR: path.join(out, 'py') });
    const tsRun = spawnSync(TSX, ['examples/load-balancer-platform/main.ts'], { cwd: REPO, encoding: 'utf8', env: { ...ENV, CDKTF_OUTDIR: path.join(out, 'ts') } });
    expect(tsRun.status).toBe(0);
    // The same warnings, printed by PlatformSynth.run, and nothing else.
    expect({ status: pyRun.status, stderr: pyRun.stderr }).toEqual({ status: 0, stderr: tsRun.stderr });
    expect(pyRun.stderr).toMatch(/^warning: load-balancer-platform\/ml: vCluster 0\.36\.1 is available/);

    const stack = (dir: string) => fs.readFileSync(path.join(out, dir, 'stacks', 'load-balancer-platform', 'cdk.tf.json'), 'utf8');
    expect(stack('py')).toBe(stack('ts'));
    expect(JSON.parse(stack('py')).resource.helm_release).toHaveProperty(['ml_training_release_FA2B752A']);
    expect(manifest(path.join(out, 'py'))).toEqual(manifest(path.join(out, 'ts')));
  });

  test('a rule violation reaches a Python app as the same plain message and a false from PlatformSynth.run', () => {
    const app = [
      'from cdktf import App, TerraformStack',
      'from cdktf_cdktf_provider_helm.provider import HelmProvider',
      'from cdktf_cdktf_provider_kubernetes.provider import KubernetesProvider',
      'from cdktf_cluster_groups import ClusterGroup, ClusterGroupHost, EndpointType, HostCluster, HostClusterKind, PlatformSynth, ResourceSize',
      'app = App(context={PlatformSynth.LOCK_FILE_CONTEXT: LOCK, PlatformSynth.LOCK_MODE_CONTEXT: "update"})',
      'stack = TerraformStack(app, "s")',
      'host = HostCluster(stack, "h", kind=HostClusterKind.CLOUD, kubernetes_provider=KubernetesProvider(stack, "k"), helm_provider=HelmProvider(stack, "p"),',
      '    endpoint_types=[EndpointType.LOAD_BALANCER], capacity=ResourceSize(cpu=4, memory="8Gi", storage="100Gi"))',
      'group = ClusterGroup(stack, "g", hosts=[ClusterGroupHost(host=host)], endpoint_type=EndpointType.LOAD_BALANCER, max_cpu=2)',
      'group.add_virtual_cluster("big", cpu=3)',
      'print("run:", PlatformSynth.run(app))',
    ].join('\n');
    const dir = tempDir('cg-jsii-');
    const lock = path.join(dir, 'lock.json');
    const r = py(['-c', `LOCK = ${JSON.stringify(lock)}\n${app}`], { CDKTF_OUTDIR: path.join(dir, 'out') });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('run: False');
    expect(r.stderr).toMatch(/^synth failed, nothing was written: 1 problem\(s\)\n {2}\[CG7\] s\/g\/big: cpu = 3: group "g" allows at most 2 CPU/);
    expect(fs.existsSync(lock)).toBe(false);
  });

  test('the static members stand in for the module constants jsii leaves out', () => {
    const r = py(['-c', [
      'from cdktf_cluster_groups import ChartCatalog, PlatformSynth',
      'print(ChartCatalog.VCLUSTER.version, ChartCatalog.METALLB.repository, PlatformSynth.LOCK_MODE_CONTEXT)',
      'print([g.id for g in ChartCatalog.UPGRADE_GATES], ChartCatalog.gates_between("0.35.3", "0.36.1")[0].removed_paths)',
    ].join('\n')]);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(r.stdout).toBe("0.36.1 https://metallb.github.io/metallb cluster-groups:lockMode\n['etcd-migration', 'volume-snapshot-keys'] ['snapshots.auto.volumes']\n");
  });

  test('the CLI comes with the Python package as a script on the venv\'s PATH', () => {
    const r = spawnSync(path.join(path.dirname(python), 'cdktf-cluster-groups'), ['--version'], { cwd: REPO, encoding: 'utf8', env: ENV });
    const version = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version;
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
  });
});
