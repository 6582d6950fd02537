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
import { CHARTS, LOCK_FILE_CONTEXT, LOCK_MODE_CONTEXT } from '../../src';
import { MANIFEST } from '../../tools/engines';
import { REPO, tempDir, writeApp } from '../helpers';
import { cdktfCli, runCdktf } from './cdktf-cli';
import { Fixture, HostFixture } from './cluster';
import { chartDirectory } from './harness';
import { apiServerSkipReason, record, reportSkipped } from './results';

const skipReason = apiServerSkipReason();

describe('application stacks: a platform and an app stack with a three-tier profile through cdktf deploy, with state in the kubernetes backend', () => {
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
    // What the team brings: the database password's Secret, and the web tier's chart.
    h.apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db-credentials', namespace: 'shop-apps' }, stringData: { password: 'only-in-the-cluster' } });
    fs.mkdirSync(path.join(work, 'web-chart', 'templates'), { recursive: true });
    fs.writeFileSync(path.join(work, 'web-chart', 'Chart.yaml'), 'apiVersion: v2\nname: web\nversion: 0.1.0\n');
    fs.writeFileSync(path.join(work, 'web-chart', 'templates', 'config.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\ndata:\n  apiUrl: {{ .Values.apiUrl | quote }}\n');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: `${path.join(REPO, 'node_modules', '.bin', 'tsx')} main.ts`, output: 'cdktf.out', terraformProviders: [] }));
    const overrides = (stack: string) => MANIFEST.engines.filter((e) => e.provider)
      .map((e) => `${stack}.addOverride('terraform.required_providers.${e.provider!.name}.version', '${e.provider!.mirrorVersion}');`).join('\n');
    const backend = (suffix: string) => `{ secretSuffix: '${suffix}', namespace: 'tf-state', configPath: ${JSON.stringify(path.join(fixture.home, '.kube', 'config'))}, configContext: 'lab' }`;
    // The user's app: a platform stack and an application stack with two tiers (the second
    // after the first), each stack with its state in the cluster. The providers are the mirror's builds.
    writeApp(project, `
lib.ChartSource.applyTo(app, { all: lib.ChartSource.directory(${JSON.stringify(chartDirectory())}) });
const platform = new TerraformStack(app, 'platform');
new lib.KubernetesStateBackend(platform, ${backend('platform')});
const group = new lib.ClusterGroup(platform, 'dev', { hosts: [{ host: host(platform, 'lab'), dnsPattern: '*.lab.example.com' }] });
const shop = group.addVirtualCluster('shop', { cpu: 2, memory: '8Gi', serviceAccountKubeconfig: { serviceAccount: 'shop-apps/deployer', clusterRole: 'edit' } });
const apps = new TerraformStack(app, 'shop-apps');
new lib.KubernetesStateBackend(apps, ${backend('shop-apps')});
const conn = new lib.VirtualClusterConnection(apps, 'shop', { virtualCluster: shop, serviceAccount: true });
// Three tiers: a database preset, an API container that uses it, a web chart; the password only by Secret reference.
const db = lib.AppTier.postgres('db', { passwordSecret: { name: 'db-credentials', key: 'password' } });
const api = lib.AppTier.container('api', { image: 'ghcr.io/example/shop-api:1.4.2', port: 8080, env: { DB_HOST: db.host, DB_PORT: String(db.port) }, secretEnv: { DB_PASSWORD: db.passwordSecret } });
const web = lib.AppTier.helmChart('web', { chart: ${JSON.stringify(path.join(work, 'web-chart'))}, version: '0.1.0', values: { apiUrl: 'http://' + api.host + ':' + api.port } });
const profile = new lib.AppProfile({ name: 'shop', version: '1.0.0', tiers: [db, api, web] });
new lib.AppDeployment(apps, 'shop-profile', { profile, connection: conn, namespace: 'shop-apps', createNamespace: false });
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

  /** The tiers' resources in the order a tofu run reports `verb` for them. */
  const order = (out: string, verb: RegExp) => out.split('\n').filter((l) => verb.test(l))
    .map((l) => (/(kubernetes_stateful_set_v1|kubernetes_deployment_v1|helm_release)\.shop-profile_(\w+?)_/.exec(l) ?? [])[2]).filter(Boolean);

  test('cdktf deploy applies the platform, then the app stack, whose providers log in with the kubeconfig from the platform\'s state; the profile\'s tiers in order', async () => {
    writeKubeconfigWhenReady();
    // Named in the wrong order on purpose: cdktf orders the stacks by their dependency.
    const out = await cdktf(['deploy', 'shop-apps', 'platform', '--auto-approve', '--skip-provider-lock']);
    expect(out.indexOf('platform  helm_release')).toBeGreaterThanOrEqual(0);
    expect(out.indexOf('platform  helm_release')).toBeLessThan(out.indexOf('shop-apps  helm_release'));
    // Both states are in the cluster.
    const states = h.json(['get', 'secrets', '-n', 'tf-state']).items.map((s: any) => s.metadata.name).sort();
    expect(states).toEqual(['tfstate-default-platform', 'tfstate-default-shop-apps']);
    expect(order(out, /Creation complete/)).toEqual(['db', 'api', 'web']);
    // Each tier as the profile says, made by the virtual cluster's identity in its namespace.
    // The database is Bitnami's PostgreSQL chart at the catalog's version, reading the password from the team's Secret.
    const dbSet = h.json(['get', 'statefulset', 'db', '-n', 'shop-apps']);
    expect(dbSet.status.readyReplicas).toBe(1);
    expect(dbSet.metadata.labels['helm.sh/chart']).toBe(`postgresql-${CHARTS.postgresql.version}`);
    expect(JSON.stringify(dbSet.spec.template.spec)).toContain('"secretName":"db-credentials"');
    expect(h.json(['get', 'pvc', 'data-db-0', '-n', 'shop-apps']).status.phase).toBe('Bound');
    expect(h.json(['get', 'deployment', 'api', '-n', 'shop-apps']).spec.template.spec.containers[0].env.slice(0, 2)).toEqual([{ name: 'DB_HOST', value: 'db' }, { name: 'DB_PORT', value: '5432' }]);
    expect(h.json(['get', 'service', 'api', '-n', 'shop-apps']).spec.ports[0].port).toBe(8080);
    expect(h.json(['get', 'configmap', 'web-config', '-n', 'shop-apps']).data).toEqual({ apiUrl: 'http://api:8080' });
    proved.deployed = true;
  }, 1_500_000);

  test('cdktf destroy removes the app stack first, its tiers in reverse, then the platform', async () => {
    const out = await cdktf(['destroy', 'platform', 'shop-apps', '--auto-approve', '--skip-provider-lock']);
    expect(order(out, /Destruction complete/)).toEqual(['web', 'api', 'db']);
    expect(h.json(['get', 'statefulsets,deployments,services', '-n', 'shop-apps']).items).toEqual([]);
    expect(h.json(['get', 'secrets', '-n', 'shop-apps', '-l', 'owner=helm']).items).toEqual([]);
    expect(h.json(['get', 'namespaces', '-l', 'app.kubernetes.io/managed-by=cdktf-cluster-groups']).items).toEqual([]);
    proved.destroyed = true;
  }, 1_500_000);
});
