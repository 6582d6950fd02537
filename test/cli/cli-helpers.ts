import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { REPO, tempDir, writeApp } from '../helpers';

const TSX = path.join(REPO, 'node_modules', '.bin', 'tsx');
/** The compiled CLI, as npm installs it (npm test builds lib/ first). */
export const CLI_JS = path.join(REPO, 'lib', 'cli', 'main.js');

export interface CliResult {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/**
 * Runs the CLI in this process, writing to buffers: the same code path as the binary, without
 * starting Node for each call. The apps it synthesizes still run as their own processes.
 */
export async function cli(args: string[]): Promise<CliResult> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** Runs the compiled CLI as its own process, for what only a process shows (exit status, streams). */
export function cliProcess(args: string[], cwd = REPO): CliResult {
  if (!fs.existsSync(CLI_JS)) throw new Error(`${CLI_JS} is missing: run "npm run build" (npm test does it first)`);
  const r = spawnSync(process.execPath, [CLI_JS, ...args], { cwd, encoding: 'utf8' });
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
