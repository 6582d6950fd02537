// An application stack beside the platform stack, deployed through the cdktf CLI as users run it:
// both stacks keep their state in OpenTofu's `kubernetes` backend on a real API server, and the
// application stack's providers are configured from the virtual cluster's kubeconfig, which
// cdktf hands over from the platform's state (a cross-stack reference).
//
// What stands in for what (no vCluster control plane runs on a fake node): as soon as the
// platform creates the virtual cluster's namespace, the test writes the ServiceAccount-token
// kubeconfig Secret vCluster would write (`vc-shop-sa`), pointing at the same API server with a
// second identity, a ServiceAccount that may only edit namespace `shop-apps`; that namespace
// stands in for the inside of the virtual cluster.
import * as fs from 'fs';
import * as path from 'path';
import { stringify as stringifyYaml } from 'yaml';
import { LOCK_FILE_CONTEXT, LOCK_MODE_CONTEXT } from '../../src';
import { MANIFEST } from '../../tools/engines';
import { REPO, tempDir, writeApp } from '../helpers';
import { cdktfCli, runCdktf } from './cdktf-cli';
import { Fixture, HostFixture } from './cluster';
import { chartDirectory } from './harness';
import { apiServerSkipReason, record, reportSkipped } from './results';

const skipReason = apiServerSkipReason();

describe('application stacks: a platform and an app stack through cdktf deploy, with state in the kubernetes backend', () => {
  if (skipReason) return reportSkipped('apps', skipReason);
  const work = tempDir('cg-app-stack-');
  const project = path.join(work, 'project');
  let fixture: Fixture;
  let h: HostFixture;
  let cli = '';
  let standIn: NodeJS.Timeout | undefined;
  const proved: { [step: string]: boolean } = {};

  /** Writes the kubeconfig Secret vCluster would write, once the platform made the namespace. */
  function writeKubeconfigWhenReady(): void {
    let written = false;
    standIn = setInterval(() => {
      if (written) return;
      try {
        if (!h.json(['get', 'namespaces']).items.some((n: any) => n.metadata.name === 'vcluster-shop')) return;
        const token = h.kubectl(['create', 'token', 'deployer', '-n', 'shop-apps', '--duration=2h']);
        const ca = fs.readFileSync(path.join(h.dir, 'certs', 'apiserver.crt')).toString('base64');
        const config = { apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'shop', cluster: { server: h.server, 'certificate-authority-data': ca } }], users: [{ name: 'deployer', user: { token } }], contexts: [{ name: 'shop', context: { cluster: 'shop', user: 'deployer', namespace: 'shop-apps' } }], 'current-context': 'shop' };
        h.apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'vc-shop-sa', namespace: 'vcluster-shop' }, stringData: { config: stringifyYaml(config) } });
        written = true;
      } catch {
        // The namespace is being created; the next tick tries again.
      }
    }, 500);
  }

  beforeAll(async () => {
    cli = cdktfCli();
    fixture = await Fixture.start(path.join(work, 'fixture'), ['lab']);
    h = fixture.host('lab');
    h.kubectl(['create', 'namespace', 'tf-state']);
    h.kubectl(['create', 'namespace', 'shop-apps']);
    h.kubectl(['create', 'serviceaccount', 'deployer', '-n', 'shop-apps']);
    h.kubectl(['create', 'rolebinding', 'deployer-edit', '-n', 'shop-apps', '--clusterrole=edit', '--serviceaccount=shop-apps:deployer']);
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: `${path.join(REPO, 'node_modules', '.bin', 'tsx')} main.ts`, output: 'cdktf.out', terraformProviders: [] }));
    const overrides = (stack: string) => MANIFEST.engines.filter((e) => e.provider)
      .map((e) => `${stack}.addOverride('terraform.required_providers.${e.provider!.name}.version', '${e.provider!.mirrorVersion}');`).join('\n');
    const backend = (suffix: string) => `{ secretSuffix: '${suffix}', namespace: 'tf-state', configPath: ${JSON.stringify(path.join(fixture.home, '.kube', 'config'))}, configContext: 'lab' }`;
    // The user's app: a platform stack and an application stack with two tiers (the second
    // after the first), each stack with its state in the cluster. The providers are the mirror's builds.
    writeApp(project, `
const { ConfigMapV1 } = require(${JSON.stringify(path.join(REPO, 'node_modules', '@cdktf/provider-kubernetes/lib/config-map-v1'))});
lib.ChartSource.applyTo(app, { all: lib.ChartSource.directory(${JSON.stringify(chartDirectory())}) });
const platform = new TerraformStack(app, 'platform');
new lib.KubernetesStateBackend(platform, ${backend('platform')});
const group = new lib.ClusterGroup(platform, 'dev', { hosts: [{ host: host(platform, 'lab'), dnsPattern: '*.lab.example.com' }] });
const shop = group.addVirtualCluster('shop', { cpu: 2, memory: '8Gi', serviceAccountKubeconfig: { serviceAccount: 'shop-apps/deployer', clusterRole: 'edit' } });
const apps = new TerraformStack(app, 'shop-apps');
new lib.KubernetesStateBackend(apps, ${backend('shop-apps')});
const conn = new lib.VirtualClusterConnection(apps, 'shop', { virtualCluster: shop, serviceAccount: true });
const database = new ConfigMapV1(apps, 'database', { provider: conn.kubernetesProvider, metadata: { name: 'database', namespace: 'shop-apps' }, data: { host: 'db.shop-apps.svc' } });
new ConfigMapV1(apps, 'api', { provider: conn.kubernetesProvider, metadata: { name: 'api', namespace: 'shop-apps' }, data: { database: database.metadata.name } });
${overrides('platform')}
${overrides('apps')}
`, { context: { [LOCK_FILE_CONTEXT]: path.join(project, 'cluster-groups.lock.json'), [LOCK_MODE_CONTEXT]: 'update' }, footer: 'lib.PlatformSynth.run(app);' });
  }, 900_000);

  afterAll(async () => {
    if (standIn) clearInterval(standIn);
    await fixture?.stop();
    record({ tier: 'apps', name: 'platform and app stack', ok: proved.deployed === true && proved.destroyed === true, detail: { viaCdktfCli: true, ...proved } });
  }, 60_000);

  const cdktf = (args: string[]) => runCdktf(fixture, cli, project, args);

  const order = (out: string, verb: RegExp) => out.split('\n').filter((l) => verb.test(l)).map((l) => (/kubernetes_config_map_v1\.(\w+)/.exec(l) ?? [])[1]).filter(Boolean);

  test('cdktf deploy applies the platform, then the app stack, whose providers log in with the kubeconfig from the platform\'s state', async () => {
    writeKubeconfigWhenReady();
    // Named in the wrong order on purpose: cdktf orders the stacks by their dependency.
    const out = await cdktf(['deploy', 'shop-apps', 'platform', '--auto-approve', '--skip-provider-lock']);
    expect(out.indexOf('platform  helm_release')).toBeGreaterThanOrEqual(0);
    expect(out.indexOf('platform  helm_release')).toBeLessThan(out.indexOf('shop-apps  kubernetes_config_map_v1'));
    // Both states are in the cluster; the platform's carries the kubeconfig as a sensitive output.
    const states = h.json(['get', 'secrets', '-n', 'tf-state']).items.map((s: any) => s.metadata.name).sort();
    expect(states).toEqual(['tfstate-default-platform', 'tfstate-default-shop-apps']);
    const cm = h.json(['get', 'configmap', 'api', '-n', 'shop-apps']);
    expect(cm.data).toEqual({ database: 'database' });
    expect(order(out, /Creation complete/)).toEqual(['database', 'api']);
    proved.deployed = true;
  }, 1_500_000);

  test('cdktf destroy removes the app stack first, its tiers in reverse, then the platform', async () => {
    const out = await cdktf(['destroy', 'platform', 'shop-apps', '--auto-approve', '--skip-provider-lock']);
    expect(order(out, /Destruction complete/)).toEqual(['api', 'database']);
    expect(h.json(['get', 'configmaps', '-n', 'shop-apps']).items.map((c: any) => c.metadata.name)).toEqual(['kube-root-ca.crt']);
    expect(h.json(['get', 'namespaces', '-l', 'app.kubernetes.io/managed-by=cdktf-cluster-groups']).items).toEqual([]);
    proved.destroyed = true;
  }, 1_500_000);
});
