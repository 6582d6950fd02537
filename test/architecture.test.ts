import * as fs from 'fs';
import * as path from 'path';
import { REPO } from './helpers';

const SRC = path.join(REPO, 'src');

/** The layer table of ARCHITECTURE.md: layer -> the layers it may import. */
function layerTable(): Map<string, Set<string>> {
  const text = fs.readFileSync(path.join(REPO, 'ARCHITECTURE.md'), 'utf8');
  const rows = text.split('\n').filter((l) => /^\| [a-z]+ \| `src\//.test(l));
  const table = new Map<string, Set<string>>();
  for (const row of rows) {
    const [layer, , allowed] = row.split('|').slice(1, -1).map((c) => c.trim());
    table.set(layer, new Set(allowed === 'nothing' ? [] : allowed.split(',').map((x) => x.trim())));
  }
  return table;
}

/** The layer of a file under src/: its folder, or "constructs" for the top level and addons. */
function layerOf(file: string): string {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel.length === 1 || rel[0] === 'addons' ? 'constructs' : rel[0];
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** The files of ours a file imports: static, type-only, re-exports and require() alike. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|require\()\s*'(\.[^']*)'/g)].map((m) => m[1]);
  return specs.map((s) => {
    const base = path.resolve(path.dirname(file), s);
    return fs.existsSync(`${base}.ts`) ? `${base}.ts` : path.join(base, 'index.ts');
  });
}

/** Every cycle's files, as found by a depth-first walk (each reported once). */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (state.get(g) === 'open') found.push(stack.slice(stack.indexOf(g)).concat(g));
      else if (!state.has(g)) visit(g);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of graph.keys()) if (!state.has(f)) visit(f);
  return found;
}

describe('architecture', () => {
  const table = layerTable();
  const files = sourceFiles(SRC);
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  const rel = (f: string) => path.relative(REPO, f);

  test('ARCHITECTURE.md gives every folder of src/ a layer', () => {
    expect([...table.keys()]).toEqual(['model', 'private', 'charts', 'rules', 'placement', 'lock', 'upgrade', 'report', 'synth', 'constructs', 'sdk', 'cli']);
    expect(files.map(layerOf).filter((l) => !table.has(l))).toEqual([]);
  });

  test('every import stays within its layer or goes to one the table allows', () => {
    const broken = [...graph].flatMap(([f, targets]) =>
      targets.filter((t) => layerOf(t) !== layerOf(f) && !table.get(layerOf(f))!.has(layerOf(t))).map((t) => `${rel(f)} (${layerOf(f)}) imports ${rel(t)} (${layerOf(t)})`));
    expect(broken).toEqual([]);
  });

  test('no two files import each other, directly or around a loop', () => {
    expect(cycles(graph).map((c) => c.map(rel).join(' -> '))).toEqual([]);
  });

  test('the checks catch what they are for', () => {
    // A layering break and a cycle, in a graph of three files made up for the purpose.
    const a = path.join(SRC, 'rules', 'a.ts');
    const b = path.join(SRC, 'charts', 'b.ts');
    const c = path.join(SRC, 'charts', 'c.ts');
    const fake = new Map([[a, [b]], [b, [c]], [c, [b]]]);
    expect(table.get(layerOf(a))!.has(layerOf(b))).toBe(false);
    expect(cycles(fake).map((x) => x.map(rel).join(' -> '))).toEqual(['src/charts/b.ts -> src/charts/c.ts -> src/charts/b.ts']);
  });
});
