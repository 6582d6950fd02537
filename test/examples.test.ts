import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import { DayTwoPlatform } from '../examples/day-two/platform';
import { EdgeSite } from '../examples/edge-site/platform';
import { IngressPlatform } from '../examples/ingress-platform/platform';
import { LoadBalancerPlatform } from '../examples/load-balancer-platform/platform';
import { LOCK_FILE_CONTEXT, LOCK_MODE_CONTEXT } from '../src';
import { REPO, tempDir } from './helpers';

const TSX = path.join(REPO, 'node_modules', '.bin', 'tsx');
const LOCK = path.join(REPO, 'cluster-groups.lock.json');

/** Runs an example app as CI does: CI=true, so the committed lock file must be up to date. */
function run(script: string) {
  const outdir = tempDir('cg-example-');
  const res = spawnSync(TSX, [script], { cwd: REPO, encoding: 'utf8', env: { ...process.env, CI: 'true', CDKTF_OUTDIR: outdir } });
  return { ...res, outdir };
}

describe('examples', () => {
  // Every example app (a directory with a main.ts), found rather than listed, so none is missed.
  const apps = fs.readdirSync(path.join(REPO, 'examples'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(REPO, 'examples', d.name, 'main.ts')))
    .map((d) => [`examples/${d.name}/main.ts`, d.name]);

  test('finds the example apps', () => {
    expect(apps.map(([, name]) => name).sort()).toEqual(['app-mode', 'day-two', 'edge-site', 'ingress-platform', 'load-balancer-platform']);
  });

  test.each(apps)('%s synthesizes under CI with the committed lock file', (script, stack) => {
    const res = run(script);
    expect({ status: res.status, stderr: res.stderr }).toEqual({ status: 0, stderr: expect.not.stringContaining('Error') });
    const json = JSON.parse(fs.readFileSync(path.join(res.outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(json.resource.helm_release).length).toBeGreaterThan(0);
  });

  // examples/main.ts (all of them in one app, what npm run synth runs) is checked in readme.test.ts.

  test.each([
    ['ingress-platform', IngressPlatform],
    ['load-balancer-platform', LoadBalancerPlatform],
    ['edge-site', EdgeSite],
    ['day-two', DayTwoPlatform],
  ])('%s matches its snapshot', (id, Platform: new (app: App, id: string) => TerraformStack) => {
    const app = Testing.app({ context: { [LOCK_FILE_CONTEXT]: LOCK, [LOCK_MODE_CONTEXT]: 'check' } });
    const stack = new Platform(app, id);
    expect(Testing.synth(stack, true)).toMatchSnapshot();
  });
});
