// cdktf-cli 0.21.0 from npm, installed once into the engine cache (it is 400 MB: not a dev
// dependency of the library), for the test that deploys as users do.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { cacheRoot } from '../../tools/engines';
import { REPO } from '../helpers';
import { runWithStandIn } from './apply';
import { Fixture } from './cluster';
import { tofuEnv } from './harness';

export const CDKTF_CLI_VERSION = '0.21.0';

export function cdktfCli(): string {
  const dir = path.join(cacheRoot(), `cdktf-cli-${CDKTF_CLI_VERSION}`);
  const bin = path.join(dir, 'node_modules', '.bin', 'cdktf');
  if (fs.existsSync(bin)) return bin;
  fs.mkdirSync(cacheRoot(), { recursive: true });
  const tmp = fs.mkdtempSync(`${dir}.partial-`);
  try {
    process.stderr.write(`engine: installing cdktf-cli ${CDKTF_CLI_VERSION} from npm into ${dir}\n`);
    const r = spawnSync('npm', ['install', '--prefix', tmp, `cdktf-cli@${CDKTF_CLI_VERSION}`, '--no-audit', '--no-fund', '--loglevel=error'], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error(`npm install cdktf-cli@${CDKTF_CLI_VERSION} failed (exit ${r.status ?? r.signal})`);
    fs.renameSync(tmp, dir);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return bin;
}

/** Runs the cdktf CLI in a project as users do (the built tofu, no colours, CI), with the load-balancer stand-in. */
export async function runCdktf(fixture: Fixture, cli: string, project: string, args: string[]): Promise<string> {
  const env = { ...tofuEnv(), TSX_TSCONFIG_PATH: path.join(REPO, 'tsconfig.json'), CI: '1', FORCE_COLOR: '0' };
  const r = await runWithStandIn(fixture, cli, args, project, env);
  if (r.code !== 0) throw new Error(`cdktf ${args.join(' ')} failed (exit ${r.code ?? r.signal}):\n${r.output.slice(-8000)}`);
  return r.output;
}
