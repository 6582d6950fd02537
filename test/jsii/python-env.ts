// A Python virtual environment with the PyPI packages of cdktf, the providers and the jsii
// runtime, at the versions the package is tested with in TypeScript. It is cached outside the
// clone, keyed by those versions and the Python version.
import { spawnSync, SpawnSyncOptions } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO } from '../helpers';

const PYTHON = process.env.PYTHON ?? 'python3';

function run(cmd: string, args: string[], opts: SpawnSyncOptions = {}): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stdout ?? ''}${r.stderr ?? ''}`);
  return String(r.stdout);
}

/** PyPI pins: the npm devDependencies' versions, and the jsii runtime of the jsii-pacmak we generate with. */
export function pythonRequirements(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const pacmak = JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules', 'jsii-pacmak', 'package.json'), 'utf8'));
  const dev = pkg.devDependencies as Record<string, string>;
  const exact = (name: string) => {
    if (!/^\d+\.\d+\.\d+$/.test(dev[name])) throw new Error(`devDependency ${name} must be an exact version to pin its PyPI twin (found ${dev[name]})`);
    return dev[name];
  };
  return [
    `cdktf==${exact('cdktf')}`,
    `constructs==${exact('constructs')}`,
    `cdktf-cdktf-provider-helm==${exact('@cdktf/provider-helm')}`,
    `cdktf-cdktf-provider-kubernetes==${exact('@cdktf/provider-kubernetes')}`,
    `cdktf-cdktf-provider-dns==${exact('@cdktf/provider-dns')}`,
    `jsii==${pacmak.version}`,
  ];
}

/** The venv's python executable, creating the venv when it is not cached yet. */
export function pythonVenv(): string {
  const version = run(PYTHON, ['--version']).trim();
  const reqs = pythonRequirements();
  const key = createHash('sha256').update([version, ...reqs].join('\0')).digest('hex').slice(0, 12);
  const root = path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'cdktf-cluster-groups', 'python');
  const dir = path.join(root, `venv-${key}`);
  const python = path.join(dir, 'bin', 'python');
  if (fs.existsSync(python)) return python;
  fs.mkdirSync(root, { recursive: true });
  // Built beside its final path and renamed when complete. A moved venv keeps working for
  // `python` and `python -m pip`, which is all this uses (its scripts' shebangs would not).
  const partial = `${dir}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  run(PYTHON, ['-m', 'venv', partial]);
  run(path.join(partial, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...reqs], { timeout: 15 * 60 * 1000 });
  fs.renameSync(partial, dir);
  return python;
}
