// Every temp file of a test run (the tests' own dirs, cdktf's Testing outdirs, the library's
// generated charts, child processes' files) goes under one directory, removed when the run ends.
// Workers and the processes they start inherit TMPDIR, which os.tmpdir() reads on every call.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const KEY = 'CLUSTER_GROUPS_TEST_TMP';

export function setup(): void {
  const tmp = os.tmpdir();
  const root = fs.mkdtempSync(path.join(tmp, 'cg-jest-'));
  // tsx keeps its transform cache in the temp dir: the apps the tests run share the usual one
  // instead of transforming every file again in each run.
  const tsxCache = `tsx-${os.userInfo().uid}`;
  fs.mkdirSync(path.join(tmp, tsxCache), { recursive: true });
  fs.symlinkSync(path.join(tmp, tsxCache), path.join(root, tsxCache), 'dir');
  process.env[KEY] = root;
  process.env.TMPDIR = root;
}

export function teardown(): void {
  const root = process.env[KEY];
  if (!root) return;
  const left = processesUsing(root);
  for (const p of left) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
  // KEEP_TEST_TMP=1 leaves the files for a look after a failure.
  if (!process.env.KEEP_TEST_TMP) fs.rmSync(root, { recursive: true, force: true });
  // A server a test started and did not stop would otherwise run on, orphaned, for good.
  if (left.length) throw new Error(`the tests left ${left.length} process(es) running (now killed):\n${left.map((p) => `  ${p.pid} ${p.command}`).join('\n')}`);
}

/** Processes (Linux) whose command line names a path under `root`, this process excepted. */
function processesUsing(root: string): { pid: number; command: string }[] {
  if (!fs.existsSync('/proc')) return [];
  const found: { pid: number; command: string }[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    let command: string;
    try {
      command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    } catch {
      continue;
    }
    if (command.includes(`${root}/`)) found.push({ pid, command: command.slice(0, 200) });
  }
  return found;
}
