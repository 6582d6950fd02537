// The load-balancer example deployed and destroyed through the cdktf CLI, as users run it:
// `cdktf deploy` with TERRAFORM_BINARY_NAME pointing at the built tofu, on the tier-3 fixture.
import * as fs from 'fs';
import * as path from 'path';
import { LOCK_FILE_CONTEXT, LOCK_MODE_CONTEXT } from '../../src';
import { MANIFEST } from '../../tools/engines';
import { REPO, tempDir, writeApp } from '../helpers';
import { cdktfCli, CDKTF_CLI_VERSION, runCdktf } from './cdktf-cli';
import { Fixture } from './cluster';
import { chartDirectory } from './harness';
import { apiServerSkipReason, record, reportSkipped } from './results';

const skipReason = apiServerSkipReason();

describe(`cdktf deploy (cdktf-cli ${CDKTF_CLI_VERSION}) with the built tofu`, () => {
  if (skipReason) return reportSkipped('tier3', skipReason);
  const work = tempDir('cg-cdktf-deploy-');
  const project = path.join(work, 'project');
  let fixture: Fixture;
  let cli = '';
  const proved: { [step: string]: boolean } = {};

  beforeAll(async () => {
    cli = cdktfCli();
    fixture = await Fixture.start(path.join(work, 'fixture'), ['rack1']);
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'cdktf.json'), JSON.stringify({
      language: 'typescript',
      app: `${path.join(REPO, 'node_modules', '.bin', 'tsx')} main.ts`,
      output: 'cdktf.out',
      terraformProviders: [],
    }));
    // The user's app, less what this machine forces: the charts come from a local directory, and
    // the providers are the mirror's builds (the only provider versions that exist here).
    const overrides = MANIFEST.engines.filter((e) => e.provider)
      .map((e) => `stack.addOverride('terraform.required_providers.${e.provider!.name}.version', '${e.provider!.mirrorVersion}');`).join('\n');
    writeApp(project, `
const { LoadBalancerPlatform } = require(${JSON.stringify(path.join(REPO, 'examples', 'load-balancer-platform', 'platform'))});
lib.ChartSource.applyTo(app, { all: lib.ChartSource.directory(${JSON.stringify(chartDirectory())}) });
const stack = new LoadBalancerPlatform(app, 'load-balancer-platform');
${overrides}
`, { context: { [LOCK_FILE_CONTEXT]: path.join(project, 'cluster-groups.lock.json'), [LOCK_MODE_CONTEXT]: 'update' } });
  }, 900_000);

  afterAll(async () => {
    await fixture?.stop();
    record({ tier: 'tier3', name: 'cdktf-deploy', ok: proved.deployed === true && proved.destroyed === true, detail: { viaCdktfCli: true, ...proved } });
  }, 60_000);

  const cdktf = (args: string[]) => runCdktf(fixture, cli, project, args);

  test('deploys the platform: the releases are deployed and the virtual clusters ready', async () => {
    // --skip-provider-lock: with a provider mirror, cdktf would otherwise run `providers lock`, which asks the registry.
    await cdktf(['deploy', 'load-balancer-platform', '--auto-approve', '--skip-provider-lock']);
    const h = fixture.host('rack1');
    for (const [name, ns] of [['training', 'vcluster-training'], ['notebooks', 'vcluster-notebooks']]) {
      expect(h.json(['get', 'statefulset', name, '-n', ns]).status.readyReplicas).toBe(1);
      expect(h.json(['get', 'secrets', '-n', ns, '-l', `owner=helm,name=${name},status=deployed`]).items).toHaveLength(1);
    }
    proved.deployed = true;
  }, 1_200_000);

  test('destroys it, leaving nothing of ours', async () => {
    await cdktf(['destroy', 'load-balancer-platform', '--auto-approve', '--skip-provider-lock']);
    const h = fixture.host('rack1');
    expect(h.json(['get', 'namespaces', '-l', 'app.kubernetes.io/managed-by=cdktf-cluster-groups']).items).toEqual([]);
    expect(h.json(['get', 'secrets', '-A', '-l', 'owner=helm']).items).toEqual([]);
    proved.destroyed = true;
  }, 1_200_000);
});
