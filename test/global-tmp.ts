// Every temp file of a test run (the tests' own dirs, cdktf's Testing outdirs, the library's
// generated charts, child processes' files) goes under one directory, removed when the run ends.
// Workers and the processes they start inherit TMPDIR, which os.tmpdir() reads on every call.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const KEY = 'CLUSTER_GROUPS_TEST_TMP';

export function setup(): void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-jest-'));
  process.env[KEY] = root;
  process.env.TMPDIR = root;
}

export function teardown(): void {
  const root = process.env[KEY];
  // KEEP_TEST_TMP=1 leaves the files for a look after a failure.
  if (root && !process.env.KEEP_TEST_TMP) fs.rmSync(root, { recursive: true, force: true });
}
