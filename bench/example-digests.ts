// npm run digests: a sha256 of every file each example synthesizes, one line per file. Run it
// before and after a refactor that must not change what users get; the lists must be equal.
// Left out: the manifest's annotation stack traces (source lines of this library), and the
// checkout's own path (cdktf writes the local backend's state path absolute).
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
// The example platform: every example stack in one app.
const APPS: [string, string][] = [['examples', 'examples/main.ts']];

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

for (const [name, script] of APPS) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-digests-'));
  const res = spawnSync(TSX, [script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true', CDKTF_OUTDIR: outdir } });
  if (res.status !== 0) throw new Error(`${name} failed:\n${res.stderr}`);
  for (const f of files(outdir).sort()) {
    let text = fs.readFileSync(f, 'utf8').split(ROOT).join('<checkout>');
    if (path.basename(f) === 'manifest.json') text = JSON.stringify(JSON.parse(text), (k, v) => (k === 'stacktrace' ? undefined : v));
    console.log(`${createHash('sha256').update(text).digest('hex')}  ${name}/${path.relative(outdir, f)}`);
  }
  fs.rmSync(outdir, { recursive: true, force: true });
}
