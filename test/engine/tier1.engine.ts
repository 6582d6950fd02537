// Tier 1: every example and user-scenario stack passes `tofu init` (filesystem mirror only) and
// `tofu validate` with the real provider builds, through cdktf's own toBeValidTerraform.
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { LOCK_FILE_CONTEXT, LOCK_MODE_CONTEXT, PlatformSynth } from '../../src';
import { tempDir } from '../helpers';
import { chartDirectory, prepareStack, tofu } from './harness';
import { record } from './results';
import { SCENARIOS } from './scenarios';

function synthScenario(name: string, charts: string): string {
  const outdir = tempDir(`cg-tier1-${name}-`);
  const app = new App({ outdir, context: { [LOCK_FILE_CONTEXT]: path.join(outdir, 'lock.json'), [LOCK_MODE_CONTEXT]: 'update' } });
  SCENARIOS.find((s) => s.name === name)!.build(app, name, charts);
  if (!PlatformSynth.run(app)) throw new Error(`${name}: synth failed (the problems are printed above)`);
  return path.join(outdir, 'stacks', name);
}

describe('tier 1: tofu validate with the real providers', () => {
  const charts = chartDirectory();

  it.each(SCENARIOS.map((s) => s.name))('%s is valid Terraform', (name) => {
    const prepared = prepareStack(synthScenario(name, charts), name);
    let ok = false;
    try {
      expect(prepared.outdir).toBeValidTerraform();
      ok = true;
    } finally {
      record({ tier: 'tier1', name, ok, dnsRemoved: prepared.dnsRemoved.length });
    }
  });

  it('fails if one attribute is broken (the tier can fail)', () => {
    const prepared = prepareStack(synthScenario('load-balancer-platform', charts), 'broken');
    const file = path.join(prepared.dir, 'cdk.tf.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    const release = Object.values<any>(json.resource.helm_release)[0];
    release.wait = 'sometimes';
    fs.writeFileSync(file, JSON.stringify(json));
    expect(prepared.outdir).not.toBeValidTerraform();
    const r = tofu(prepared.dir, ['validate', '-no-color']);
    expect(r.status).not.toBe(0);
    expect(r.stderr + r.stdout).toMatch(/wait/);
  });
});
