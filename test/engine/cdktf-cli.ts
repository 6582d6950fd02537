// cdktf-cli 0.21.0 from npm, installed once into the engine cache (it is 400 MB: not a dev
// dependency of the library), for the test that deploys as users do.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { cacheRoot } from '../../tools/engines';

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
