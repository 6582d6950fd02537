import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO, tempDir } from '../helpers';

const TSX = path.join(REPO, 'node_modules', '.bin', 'tsx');
const MAIN = path.join(REPO, 'src', 'cli', 'main.ts');

/** Runs the CLI as a user would, in `cwd`; CI is unset so that only the CLI decides the lock mode. */
export function cli(args: string[], cwd = REPO) {
  const env = { ...process.env };
  delete env.CI;
  const r = spawnSync(TSX, [MAIN, ...args], { cwd, encoding: 'utf8', env });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/**
 * A throwaway cdktf project whose app is `body`, run with this repository's modules; `body` sees
 * `App`, `TerraformStack`, `lib` (this library) and `host(stack, name)`.
 */
export function project(body: string, lock?: object): string {
  const dir = tempDir('cg-cli-');
  const main = `
const { App, TerraformStack } = require(${JSON.stringify(path.join(REPO, 'node_modules', 'cdktf'))});
const lib = require(${JSON.stringify(path.join(REPO, 'src'))});
const { host } = require(${JSON.stringify(path.join(REPO, 'test', 'helpers'))});
const app = new App();
${body}
app.synth();
`;
  fs.writeFileSync(path.join(dir, 'main.ts'), main);
  fs.writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: `${TSX} main.ts` }));
  if (lock) fs.writeFileSync(path.join(dir, 'cluster-groups.lock.json'), JSON.stringify(lock));
  return dir;
}
