import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO, tempDir, writeApp } from '../helpers';

const TSX = path.join(REPO, 'node_modules', '.bin', 'tsx');
const MAIN = path.join(REPO, 'src', 'cli', 'main.ts');

/** Runs the CLI as a user would, in `cwd`; CI is unset so that only the CLI decides the lock mode. */
export function cli(args: string[], cwd = REPO) {
  const env = { ...process.env };
  delete env.CI;
  const r = spawnSync(TSX, [MAIN, ...args], { cwd, encoding: 'utf8', env });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A throwaway cdktf project whose app is `body` (see writeApp), with a lock file if given. */
export function project(body: string, lock?: object): string {
  const dir = tempDir('cg-cli-');
  writeApp(dir, body);
  fs.writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: `${TSX} main.ts` }));
  if (lock) fs.writeFileSync(path.join(dir, 'cluster-groups.lock.json'), JSON.stringify(lock));
  return dir;
}
