// npm run bench: wall time, CPU time and peak memory of a whole synth process, library vs the same
// resources by hand in plain cdktf (flat, and in the library's tree), as medians of interleaved runs.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const SIZES = (process.env.BENCH_SIZES ?? '10,100,1000,5000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const ROOT = path.resolve(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
// BENCH_SOURCE_MAPS=off: both sides run without source-mapped stack traces (tsx turns them on),
// as an app compiled to JavaScript runs. cdktf captures a stack per token, and each frame of a
// file costs a source-map lookup: this shows how much of the gap that is.
const SOURCE_MAPS = process.env.BENCH_SOURCE_MAPS !== 'off';
// BENCH_MEASURE=instructions: one run per side under valgrind (cachegrind, no cache simulation) in
// V8's single-threaded mode, with a GC schedule set by allocation alone: left to time its GC by the
// clock, V8 collected at other moments from run to run, and the count of one side at 5000 virtual
// clusters varied by 6 %. Wall time on a shared machine varies by 20 % or more.
const INSTRUCTIONS = process.env.BENCH_MEASURE === 'instructions';

function once(variant: string, n: number): { ms: number; cpuMs: number; rssMb: number; resources: number; digest: string; addresses: string } {
  const start = process.hrtime.bigint();
  const env = { ...process.env, BENCH_SOURCE_MAPS: SOURCE_MAPS ? 'on' : 'off' };
  const res = spawnSync(TSX, [path.join(__dirname, 'synth-once.ts'), variant, String(n)], { cwd: ROOT, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (res.status !== 0) throw new Error(`${variant} ${n} failed:\n${res.stderr}`);
  const out = JSON.parse(res.stdout.trim().split('\n').pop()!);
  return { ms, cpuMs: out.cpuMs, rssMb: out.maxRssKb / 1024, resources: out.resources, digest: out.digest, addresses: out.addresses };
}

function instructions(variant: string, n: number): { count: number; digest: string; addresses: string } {
  const env = { ...process.env, BENCH_SOURCE_MAPS: SOURCE_MAPS ? 'on' : 'off' };
  const args = ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', process.execPath, '--single-threaded', '--predictable-gc-schedule', '--import', 'tsx', path.join(__dirname, 'synth-once.ts'), variant, String(n)];
  const res = spawnSync('valgrind', args, { cwd: ROOT, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  if (res.error) throw new Error(`BENCH_MEASURE=instructions needs valgrind (apt-get install valgrind): ${res.error.message}`);
  const refs = /I\s+refs:\s+([\d,]+)/.exec(res.stderr);
  if (res.status !== 0 || !refs) throw new Error(`${variant} ${n} failed under valgrind:\n${res.stderr.slice(-4000)}`);
  const out = JSON.parse(res.stdout.trim().split('\n').pop()!);
  return { count: Number(refs[1].replace(/,/g, '')), digest: out.digest, addresses: out.addresses };
}

const VARIANTS = ['library', 'plain', 'plain-tree'] as const;
type Variant = (typeof VARIANTS)[number];

/** Results in VARIANTS order: all synthesized the same resources, and the same tree has the library's addresses. */
function checkDigests(n: number, [lib, plain, tree]: { digest: string; addresses: string }[]): void {
  if (plain.digest !== lib.digest || tree.digest !== lib.digest) throw new Error(`at ${n}, the plain stacks are not the library's resources written by hand (digests differ)`);
  if (tree.addresses !== lib.addresses) throw new Error(`at ${n}, the same-tree stack does not have the library's Terraform addresses`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
// Installed as npm would: package.json and lib/ under a node_modules directory. Loaded from lib/
// in the checkout instead, tsx would transform each file and map every stack frame in it,
// a cost users (whose copy is in node_modules) never pay.
const installed = path.join(ROOT, '.bench', 'node_modules', 'cdktf-cluster-groups');
fs.rmSync(installed, { recursive: true, force: true });
fs.mkdirSync(installed, { recursive: true });
fs.cpSync(path.join(ROOT, 'lib'), path.join(installed, 'lib'), { recursive: true });
fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(installed, 'package.json'));

if (INSTRUCTIONS) {
  console.log('synth of N virtual clusters over 10 hosts; instructions executed by the whole process (node --single-threaded --predictable-gc-schedule, tsx start included), one run per side');
  console.log(`source-mapped stack traces: ${SOURCE_MAPS ? 'on' : 'OFF on all sides'}`);
  console.log('plain: the resources written by hand at the stack\'s root; same tree: written by hand in the library\'s construct tree (what that shape costs any construct library)');
  console.log('    N |    library |      plain |  same tree | library / plain | library / same tree');
  for (const n of SIZES) {
    const [lib, plain, tree] = VARIANTS.map((v) => instructions(v, n));
    checkDigests(n, [lib, plain, tree]);
    const g = (x: number) => `${(x / 1e9).toFixed(3)} G`.padStart(10);
    console.log(`${String(n).padStart(5)} | ${g(lib.count)} | ${g(plain.count)} | ${g(tree.count)} | ${(lib.count / plain.count).toFixed(3).padStart(15)} | ${(lib.count / tree.count).toFixed(3).padStart(19)}`);
  }
  process.exit(0);
}

console.log(`synth of N virtual clusters over 10 hosts; ${RUNS} interleaved runs of each side, whole processes (node + tsx start included)`);
console.log('ratios are the median of the ratios of runs made one after the other (the range in brackets), so that a slow moment of a shared machine, which hits both, cancels out');
console.log('wall time is what the target is set on; CPU time (user + system, all threads) is printed beside it because it is less disturbed by other load');
console.log('plain: the resources written by hand at the stack\'s root; same tree: written by hand in the library\'s construct tree (what that shape costs any construct library)');
console.log(`source-mapped stack traces: ${SOURCE_MAPS ? 'on, as tsx and ts-node run an app (BENCH_SOURCE_MAPS=off to compare)' : 'OFF on all sides (BENCH_SOURCE_MAPS=off), as an app compiled to JavaScript runs'}`);
console.log('    N | library ms | plain ms | time ratio        | CPU time ratio    | library MB | plain MB | memory ratio      | time vs same tree | resources');
for (const n of SIZES) {
  const runs: Record<Variant, ReturnType<typeof once>[]> = { library: [], plain: [], 'plain-tree': [] };
  for (let i = 0; i < RUNS; i++) for (const v of VARIANTS) runs[v].push(once(v, n));
  // A fair comparison: all sides synthesized the same resources, ids and paths aside.
  checkDigests(n, VARIANTS.map((v) => runs[v][0]));
  const lib = runs.library;
  const ratio = (other: ReturnType<typeof once>[], key: 'ms' | 'cpuMs' | 'rssMb') => {
    const rs = lib.map((r, i) => r[key] / other[i][key]);
    return `${median(rs).toFixed(2)} [${Math.min(...rs).toFixed(2)}-${Math.max(...rs).toFixed(2)}]`.padEnd(17);
  };
  const cell = (rs: ReturnType<typeof once>[], key: 'ms' | 'rssMb', width: number) => median(rs.map((r) => r[key])).toFixed(0).padStart(width);
  const plain = runs.plain;
  console.log(`${String(n).padStart(5)} | ${cell(lib, 'ms', 10)} | ${cell(plain, 'ms', 8)} | ${ratio(plain, 'ms')} | ${ratio(plain, 'cpuMs')} | ${cell(lib, 'rssMb', 10)} | ${cell(plain, 'rssMb', 8)} | ${ratio(plain, 'rssMb')} | ${ratio(runs['plain-tree'], 'ms')} | ${lib[0].resources}`);
}
