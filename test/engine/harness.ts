// What the engine tiers share: the built engines, tofu runs against the filesystem mirror, the
// copy of a synthesized stack that names the mirror's provider versions, and a local chart
// directory made from ../shared/upstream.
import { ChildProcess, spawn, spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { stageBitnamiChart } from '../../tools/bitnami';
import { binary, MANIFEST, providerMirror } from '../../tools/engines';
import { tempDir, UPSTREAM } from '../helpers';

/** The path of a built engine binary; fails loudly when the cache lacks it. */
export function engine(name: string): string {
  const file = binary(name);
  if (!file) throw new Error(`ENGINE MISSING: ${name} is not built. Run \`npm run engines\` (needs Go; see the README).`);
  return file;
}

let envMemo: NodeJS.ProcessEnv | undefined;
/** The environment for tofu: the mirror as the only installation method, nothing fetched. */
export function tofuEnv(): NodeJS.ProcessEnv {
  if (!envMemo) {
    const { cliConfig } = providerMirror();
    envMemo = {
      ...process.env,
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      CHECKPOINT_DISABLE: '1',
      TERRAFORM_BINARY_NAME: engine('tofu'),
    };
    delete envMemo.TF_PLUGIN_CACHE_DIR;
  }
  return envMemo;
}

export function tofu(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(engine('tofu'), args, { cwd: dir, env: { ...tofuEnv(), ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/**
 * Starts a server process of the tests, logging to `<logDir>/<name>.log`, under `timeout` so
 * that it stops by itself even when the test run dies.
 */
export function startServer(logDir: string, name: string, bin: string, args: string[], env?: NodeJS.ProcessEnv): ChildProcess {
  const log = fs.openSync(path.join(logDir, `${name}.log`), 'a');
  const child = spawn('timeout', ['--signal=TERM', '--kill-after=10', String(SERVER_LIFETIME_SECONDS), bin, ...args], { stdio: ['ignore', log, log], env });
  fs.closeSync(log);
  return child;
}

const SERVER_LIFETIME_SECONDS = 45 * 60;

/**
 * Stops a server from startServer: SIGTERM to the process group `timeout` leads (it forwards a
 * signal it gets, but a SIGKILL to it alone would orphan the server), SIGKILL to the group if it
 * has not exited 10 s later, and a last SIGKILL for anything left in the group.
 */
export async function stopServer(child: ChildProcess): Promise<void> {
  const group = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // The group is gone already.
    }
  };
  if (child.exitCode === null && child.signalCode === null) {
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => group('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      group('SIGTERM');
    });
  }
  group('SIGKILL');
}

/** Polls `probe` every half second until it returns a value; throws with `what` on time-out. */
export async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

export interface PreparedStack {
  /** A cdktf.out-like directory (manifest.json + stacks/<name>/) for `toBeValidTerraform`. */
  readonly outdir: string;
  /** The stack's working directory inside it. */
  readonly dir: string;
  /** Addresses of hashicorp/dns resources taken out: the dns provider cannot be built here. */
  readonly dnsRemoved: string[];
  /** What was rewritten, in words. */
  readonly notes: string[];
}

/**
 * Copies a synthesized stack so that tofu can run it here: the provider versions become the
 * mirror builds' versions (never the other way round), the backend a local file in the copy, and
 * hashicorp/dns resources, with every reference to them, are taken out and listed.
 */
export function prepareStack(synthStackDir: string, name: string, outdir = tempDir(`cg-engine-${name}-`)): PreparedStack {
  const json = JSON.parse(fs.readFileSync(path.join(synthStackDir, 'cdk.tf.json'), 'utf8'));
  const notes: string[] = [];
  const required = json.terraform?.required_providers ?? {};
  for (const e of MANIFEST.engines.filter((x) => x.provider)) {
    const p = e.provider!;
    if (!required[p.name]) continue;
    notes.push(`${p.name} ${required[p.name].version} -> ${p.mirrorVersion} (${p.note})`);
    required[p.name] = { ...required[p.name], version: p.mirrorVersion };
  }
  const dnsRemoved = removeDns(json);
  if (dnsRemoved.length) notes.push(`took out ${dnsRemoved.length} hashicorp/dns resource(s), not validated: ${dnsRemoved.join(', ')}`);
  json.terraform.backend = { local: { path: 'terraform.tfstate' } };

  const dir = path.join(outdir, 'stacks', name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(json, null, 2));
  const assets = path.join(synthStackDir, 'assets');
  if (fs.existsSync(assets)) fs.cpSync(assets, path.join(dir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(outdir, 'manifest.json'), JSON.stringify({ version: 'engine-copy', stacks: { [name]: { name, workingDirectory: `stacks/${name}` } } }));
  process.stderr.write(`engine: ${name}: copy for the mirror builds: ${notes.join('; ')}\n`);
  return { outdir, dir, dnsRemoved, notes };
}

/** Takes hashicorp/dns out of a stack: provider, resources, and whatever refers to them. */
function removeDns(json: any): string[] {
  const removed: string[] = [];
  for (const block of ['resource', 'data'] as const) {
    for (const type of Object.keys(json[block] ?? {})) {
      if (!type.startsWith('dns_')) continue;
      for (const id of Object.keys(json[block][type])) removed.push(`${block === 'data' ? 'data.' : ''}${type}.${id}`);
      delete json[block][type];
    }
    if (json[block] && Object.keys(json[block]).length === 0) delete json[block];
  }
  delete json.provider?.dns;
  delete json.terraform?.required_providers?.dns;
  if (!removed.length) return removed;
  const refersToDns = (v: unknown) => removed.some((a) => JSON.stringify(v).includes(a));
  for (const block of ['resource', 'data'] as const) {
    for (const byId of Object.values<any>(json[block] ?? {})) {
      for (const r of Object.values<any>(byId)) {
        if (Array.isArray(r.depends_on)) r.depends_on = r.depends_on.filter((d: string) => !removed.includes(d));
        if (refersToDns(r)) throw new Error(`a resource refers to a dns resource in more than depends_on: ${JSON.stringify(r).slice(0, 200)}`);
      }
    }
  }
  for (const [id, o] of Object.entries<any>(json.output ?? {})) if (refersToDns(o)) delete json.output[id];
  return removed;
}

/**
 * A local chart directory, as an air-gapped user keeps one: each catalog chart unpacked as
 * `<chart>-<version>/`, copied from ../shared/upstream. The vCluster chart says `version: 0.0.1`
 * in its repository; its release pipeline stamps the tag, so the copy does the same.
 */
export function chartDirectory(dir = tempDir('cg-charts-')): string {
  if (!fs.existsSync(UPSTREAM)) throw new Error(`UPSTREAM MISSING: ${UPSTREAM} (the engine tests install the real charts from it)`);
  const copy = (from: string, to: string) => fs.cpSync(path.join(UPSTREAM, from), path.join(dir, to), { recursive: true, dereference: true });
  for (const v of fs.readdirSync(path.join(UPSTREAM, 'vcluster')).filter((x) => x.startsWith('v'))) {
    const to = `vcluster-${v.slice(1)}`;
    copy(path.join('vcluster', v, 'chart'), to);
    const chartYaml = path.join(dir, to, 'Chart.yaml');
    fs.writeFileSync(chartYaml, fs.readFileSync(chartYaml, 'utf8').replace(/^version:.*$/m, `version: ${v.slice(1)}`));
  }
  copy('ingress-nginx/helm-chart-4.15.1/chart', 'ingress-nginx-4.15.1');
  copy('metallb/v0.16.1/chart', 'metallb-0.16.1');
  copy('external-dns/1.21.1/chart', 'external-dns-1.21.1');
  // The application profiles' presets: Bitnami's charts, through the Go module proxy.
  for (const c of ['postgresql', 'mysql', 'mongodb', 'redis']) stageBitnamiChart(dir, c);
  return dir;
}
