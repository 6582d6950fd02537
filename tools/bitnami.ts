// Bitnami's charts (the application profiles' database and cache presets) from the Go module
// proxy: no chart repository is reachable here, but the proxy serves the charts repository as a
// module. tools/bitnami-charts pins its commit, and its go.sum the content.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const MODULE = 'github.com/bitnami/charts';
const WRAPPER = path.join(__dirname, 'bitnami-charts');

/** The unpacked repository, downloaded into the Go module cache on first use. */
export function bitnamiChartsRoot(): string {
  const r = spawnSync('go', ['mod', 'download', '-json', MODULE], { cwd: WRAPPER, encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=readonly' } });
  const dir = r.status === 0 ? (JSON.parse(r.stdout).Dir as string | undefined) : undefined;
  if (!dir || !fs.existsSync(dir)) throw new Error(`BITNAMI CHARTS MISSING: go mod download ${MODULE} (tools/bitnami-charts) failed: ${r.stderr || r.stdout}`);
  return dir;
}

/**
 * Copies Bitnami chart `name` into `dest/<name>-<version>`, with its `common` dependency where
 * Helm looks for it (`charts/common`), as `helm dependency build` would. Returns the directory.
 */
export function stageBitnamiChart(dest: string, name: string): string {
  const root = path.join(bitnamiChartsRoot(), 'bitnami');
  const version = /^version:\s*(\S+)/m.exec(fs.readFileSync(path.join(root, name, 'Chart.yaml'), 'utf8'))![1];
  const dir = path.join(dest, `${name}-${version}`);
  if (fs.existsSync(path.join(dir, 'Chart.yaml'))) return dir;
  fs.cpSync(path.join(root, name), dir, { recursive: true });
  fs.cpSync(path.join(root, 'common'), path.join(dir, 'charts', 'common'), { recursive: true });
  // The module cache is read-only; the copies need not be.
  for (const f of walk(dir)) fs.chmodSync(f, fs.statSync(f).isDirectory() ? 0o755 : 0o644);
  return dir;
}

function walk(dir: string): string[] {
  return [dir, ...fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]))];
}
