import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CHARTS, IMAGES } from '../src';
import { RULES } from '../src/rules';
import { ownedValuesKeys } from '../src/rules/owned-values';
import { REPO, tempDir } from './helpers';
import { cli } from './cli/cli-helpers';

const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');

/** The contents of fenced blocks of one language, in order. */
function blocks(lang: string): string[] {
  return [...readme.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
}

/** Rows of the markdown table whose header starts with `header`, as cell arrays. */
function table(header: string): string[][] {
  const lines = readme.split('\n');
  const start = lines.findIndex((l) => l.startsWith(header));
  if (start < 0) throw new Error(`no table headed ${header}`);
  const rows: string[][] = [];
  for (const l of lines.slice(start + 2)) {
    if (!l.startsWith('|')) break;
    rows.push(l.split('|').slice(1, -1).map((c) => c.trim()));
  }
  return rows;
}

describe('README', () => {
  test('shows the two commands', () => {
    expect(readme).toContain('npm install && npm run synth');
    expect(readme).toContain('npm test');
  });

  test('the quick start is the ingress example, verbatim', () => {
    const ts = blocks('ts');
    expect(ts[0]).toBe(fs.readFileSync(path.join(REPO, 'examples/ingress-platform/platform.ts'), 'utf8'));
    expect(ts[1]).toBe(fs.readFileSync(path.join(REPO, 'examples/ingress-platform/main.ts'), 'utf8'));
  });

  test('the Day-2 and application stack sections show examples/day-two and examples/app-mode, verbatim', () => {
    expect(blocks('ts')).toContain(fs.readFileSync(path.join(REPO, 'examples/day-two/platform.ts'), 'utf8'));
    expect(blocks('ts')).toContain(fs.readFileSync(path.join(REPO, 'examples/app-mode/platform.ts'), 'utf8'));
  });

  test('the image table matches the catalog', () => {
    expect(table('| image |')).toEqual(Object.values(IMAGES).map((i) => [i.image, i.tag, 'digest' in i ? i.digest : '']));
  });

  test('the printed summary is what npm run synth prints, and it writes every example stack', () => {
    const outdir = tempDir();
    const res = spawnSync(path.join(REPO, 'node_modules/.bin/tsx'), ['examples/main.ts'], { cwd: REPO, encoding: 'utf8', env: { ...process.env, CI: 'true', CDKTF_OUTDIR: outdir } });
    expect(res.status).toBe(0);
    // What the terminal shows: PlatformSynth.run's warnings (stderr) come before the summary.
    const printed = (res.stderr + res.stdout).trimEnd().split('\n').slice(0, -1).join('\n'); // less "synthesized into <dir>"
    expect(blocks('text')[0].trimEnd()).toBe(printed);
    expect(res.stdout).toContain('6 group(s) (3 load balancer, 3 ingress), 12 virtual cluster(s)');
    expect(fs.readdirSync(path.join(outdir, 'stacks')).sort()).toEqual(['app-mode', 'app-mode-shop', 'day-two', 'edge-site', 'ingress-platform', 'load-balancer-platform']);
  });

  test('the SDK example is examples/sdk/check-model.ts, verbatim, and prints what the README shows', () => {
    const file = path.join(REPO, 'examples/sdk/check-model.ts');
    const code = fs.readFileSync(file, 'utf8');
    expect(blocks('ts')).toContain(code);
    const res = spawnSync(path.join(REPO, 'node_modules/.bin/tsx'), [file], { cwd: REPO, encoding: 'utf8' });
    expect(res.status).toBe(0);
    const shown = readme.split(code)[1].match(/```text\n([\s\S]*?)```/)![1];
    expect(shown).toBe(res.stdout);
  });

  test('the plan-upgrade output is what the CLI prints', async () => {
    const res = await cli(['plan-upgrade', 'load-balancer-platform/ml', '--to', '0.36.1']);
    expect(res.code).toBe(0);
    expect(blocks('text')).toContain(res.out);
  });

  test('the chart version table matches the catalog', () => {
    expect(table('| chart |')).toEqual([
      [CHARTS.vcluster.chart, CHARTS.vcluster.repository, CHARTS.vcluster.versions.map((v) => v.version).join(', ')],
      [CHARTS.ingressNginx.chart, CHARTS.ingressNginx.repository, CHARTS.ingressNginx.version],
      [CHARTS.metallb.chart, CHARTS.metallb.repository, CHARTS.metallb.version],
      [CHARTS.externalDns.chart, CHARTS.externalDns.repository, CHARTS.externalDns.version],
      ...[CHARTS.postgresql, CHARTS.mysql, CHARTS.mongodb, CHARTS.redis].map((c) => [c.chart, c.repository, c.version]),
    ]);
  });

  test('the rules table lists every rule with its id, name and summary', () => {
    const rows = table('| id | name | rule |');
    expect(rows).toEqual(RULES.map((r) => [r.id, r.name, r.summary]));
  });

  test('the owned-keys table names every key the library owns (CG17), by its last segment at least', () => {
    const rows = table('| guarantee | keys the library owns | set it with |').map((r) => r[1]).join(' ');
    const missing = Object.values(ownedValuesKeys()).flat().filter((k) => !rows.includes(k.split(/[./]/).pop()!));
    expect(missing).toEqual([]);
  });
});
