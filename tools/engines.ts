// Builds the real engines (OpenTofu, the providers, Kubernetes, etcd, kwok, ExternalDNS) from Go
// modules into a cache outside the clone, and tells the engine tests where they are.
//
//   tsx tools/engines.ts build [--tier N]   build what tiers up to N need (default: all)
//   tsx tools/engines.ts status             what is cached, what is missing
//
// A build lands in a temporary directory and is renamed into place when complete, so an
// interrupted build never looks done. The cache key covers the wrapper's go.mod and go.sum, the
// flags and `go version`: a change to any of them builds anew.
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface ProviderBuild {
  readonly name: string;
  readonly source: string;
  readonly mirrorVersion: string;
  readonly standsInFor: string;
  readonly binding: string;
  readonly note: string;
}

export interface EngineSpec {
  readonly name: string;
  readonly module: string;
  readonly goModule: string;
  readonly version: string;
  readonly tier: number;
  readonly binaries: { readonly [binary: string]: string };
  readonly ldflags?: string;
  readonly provider?: ProviderBuild;
}

const TOOLS = __dirname;
export const MANIFEST: { engines: EngineSpec[] } = JSON.parse(fs.readFileSync(path.join(TOOLS, 'versions.json'), 'utf8'));

export function cacheRoot(): string {
  const base = process.env.CLUSTER_GROUPS_ENGINE_CACHE
    ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'cdktf-cluster-groups', 'engines');
  return path.resolve(base);
}

let goVersionMemo: string | undefined;
function goVersion(): string {
  if (goVersionMemo === undefined) {
    const r = spawnSync('go', ['version'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error('go is not on PATH: the engine tests build their engines with Go (see the README)');
    goVersionMemo = r.stdout.trim();
  }
  return goVersionMemo;
}

function buildFlags(spec: EngineSpec): string[] {
  return ['-trimpath', '-ldflags', `-s -w ${spec.ldflags ?? ''}`.trim()];
}

/** The directory a complete build of `spec` lives in. */
export function engineDir(spec: EngineSpec): string {
  const dir = path.join(TOOLS, spec.module);
  const h = createHash('sha256');
  for (const part of [goVersion(), spec.version, JSON.stringify(spec.binaries), ...buildFlags(spec),
    fs.readFileSync(path.join(dir, 'go.mod'), 'utf8'), fs.readFileSync(path.join(dir, 'go.sum'), 'utf8')]) {
    h.update(part).update('\0');
  }
  return path.join(cacheRoot(), `${spec.name}-${spec.version}-${h.digest('hex').slice(0, 12)}`);
}

export function spec(name: string): EngineSpec {
  const s = MANIFEST.engines.find((e) => e.name === name);
  if (!s) throw new Error(`no engine named ${name} in tools/versions.json`);
  return s;
}

/** The path of a built binary, or undefined when it is not in the cache. */
export function binary(binaryName: string): string | undefined {
  const s = MANIFEST.engines.find((e) => binaryName in e.binaries);
  if (!s) throw new Error(`no engine builds ${binaryName}`);
  const file = path.join(engineDir(s), binaryName);
  return fs.existsSync(file) ? file : undefined;
}

export function isBuilt(s: EngineSpec): boolean {
  return fs.existsSync(engineDir(s));
}

/** Checks that the wrapper's go.mod requires the version the manifest names. */
export function checkWrapper(s: EngineSpec): void {
  const gomod = fs.readFileSync(path.join(TOOLS, s.module, 'go.mod'), 'utf8');
  if (!new RegExp(`^\\s*${s.goModule.replace(/[.]/g, '\\.')} ${s.version.replace(/[.+]/g, '\\$&')}( |$)`, 'm').test(gomod)) {
    throw new Error(`tools/${s.module}/go.mod does not require ${s.goModule} ${s.version} as tools/versions.json says`);
  }
}

export function build(s: EngineSpec): { dir: string; seconds: number; cached: boolean } {
  checkWrapper(s);
  const dir = engineDir(s);
  if (fs.existsSync(dir)) return { dir, seconds: 0, cached: true };
  fs.mkdirSync(cacheRoot(), { recursive: true });
  const tmp = fs.mkdtempSync(`${dir}.partial-`);
  const started = Date.now();
  try {
    for (const [bin, pkg] of Object.entries(s.binaries)) {
      process.stderr.write(`engines: building ${bin} (${s.goModule} ${s.version})\n`);
      const r = spawnSync('go', ['build', ...buildFlags(s), '-o', path.join(tmp, bin), pkg], {
        cwd: path.join(TOOLS, s.module),
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOFLAGS: '-mod=readonly -buildvcs=false' },
      });
      if (r.status !== 0) throw new Error(`go build of ${pkg} failed (exit ${r.status ?? r.signal})`);
    }
    fs.writeFileSync(path.join(tmp, 'BUILD.json'), JSON.stringify({ ...s, go: goVersion(), builtAt: new Date().toISOString() }, null, 2));
    fs.renameSync(tmp, dir);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return { dir, seconds: Math.round((Date.now() - started) / 1000), cached: false };
}

/** Where the Go module cache keeps the source of `goModule`, as the engine's wrapper resolves it. */
export function moduleDir(engineName: string, goModule: string): string {
  const r = spawnSync('go', ['list', '-m', '-f', '{{.Dir}}', goModule], {
    cwd: path.join(TOOLS, spec(engineName).module), encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=readonly' },
  });
  const dir = r.stdout.trim();
  if (r.status !== 0 || !dir || !fs.existsSync(dir)) throw new Error(`go list -m ${goModule} (tools/${spec(engineName).module}) failed: ${r.stderr}`);
  return dir;
}

/** A filesystem mirror holding the provider builds, and a CLI config that uses nothing else. */
export function providerMirror(): { mirror: string; cliConfig: string } {
  const root = path.join(cacheRoot(), 'mirror');
  const platform = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;
  for (const s of MANIFEST.engines.filter((e) => e.provider)) {
    const p = s.provider!;
    const [bin] = Object.keys(s.binaries);
    const src = binary(bin);
    if (!src) throw new Error(`the ${s.name} build is missing: run \`npm run engines\` first`);
    const dir = path.join(root, p.source, p.mirrorVersion, platform);
    const dest = path.join(dir, `${bin}_v${p.mirrorVersion}`);
    if (!fs.existsSync(dest) || fs.readlinkSync(dest) !== src) {
      fs.mkdirSync(dir, { recursive: true });
      fs.rmSync(dest, { force: true });
      fs.symlinkSync(src, dest);
    }
  }
  const cliConfig = path.join(cacheRoot(), 'tofurc');
  fs.writeFileSync(cliConfig, `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(root)}\n  }\n}\n`);
  return { mirror: root, cliConfig };
}

function main(argv: string[]): number {
  const [cmd, ...rest] = argv;
  if (cmd === 'status') {
    for (const s of MANIFEST.engines) process.stdout.write(`${isBuilt(s) ? 'built  ' : 'missing'} tier ${s.tier} ${s.name} ${s.version} ${engineDir(s)}\n`);
    return 0;
  }
  if (cmd === 'build') {
    const i = rest.indexOf('--tier');
    const tier = i >= 0 ? Number(rest[i + 1]) : Infinity;
    if (i >= 0 && !(tier >= 1 && tier <= 3)) {
      process.stderr.write('usage: engines build [--tier 1|2|3]\n');
      return 2;
    }
    for (const s of MANIFEST.engines.filter((e) => e.tier <= tier)) {
      const r = build(s);
      process.stdout.write(`engines: ${s.name} ${s.version} ${r.cached ? 'cached' : `built in ${r.seconds} s`}\n`);
    }
    return 0;
  }
  process.stderr.write('usage: engines build [--tier 1|2|3] | engines status\n');
  return 2;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
