// npm run bench: median wall time and peak memory of a whole synth process, library vs plain cdktf.
import { spawnSync } from 'child_process';
import * as path from 'path';

const SIZES = (process.env.BENCH_SIZES ?? '10,100,1000,5000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ROOT = path.resolve(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

function once(variant: string, n: number): { ms: number; rssMb: number; resources: number; digest: string } {
  const start = process.hrtime.bigint();
  const res = spawnSync(TSX, [path.join(__dirname, 'synth-once.ts'), variant, String(n)], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (res.status !== 0) throw new Error(`${variant} ${n} failed:\n${res.stderr}`);
  const out = JSON.parse(res.stdout.trim().split('\n').pop()!);
  return { ms, rssMb: out.maxRssKb / 1024, resources: out.resources, digest: out.digest };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(1);

console.log(`synth of N virtual clusters over 10 hosts; median of ${RUNS} runs, each a whole process (node + tsx start included)`);
console.log('    N | library ms | plain ms | time ratio | library MB | plain MB | memory ratio | resources');
for (const n of SIZES) {
  const lib: ReturnType<typeof once>[] = [];
  const plain: ReturnType<typeof once>[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Interleaved, so that a slow moment of the machine hits both sides.
    lib.push(once('library', n));
    plain.push(once('plain', n));
  }
  const [lm, pm] = [median(lib.map((r) => r.ms)), median(plain.map((r) => r.ms))];
  const [lr, pr] = [median(lib.map((r) => r.rssMb)), median(plain.map((r) => r.rssMb))];
  // A fair comparison: both sides synthesized the same resources, ids and paths aside.
  if (lib[0].digest !== plain[0].digest) throw new Error(`at ${n}, the plain stack is not the library's resources written by hand (digests differ)`);
  console.log(`${String(n).padStart(5)} | ${lm.toFixed(0).padStart(10)} | ${pm.toFixed(0).padStart(8)} | ${(lm / pm).toFixed(2).padStart(10)} | ${lr.toFixed(0).padStart(10)} | ${pr.toFixed(0).padStart(8)} | ${(lr / pr).toFixed(2).padStart(12)} | ${lib[0].resources}`);
}
