import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { AppDeployment, AppProfile, AppTier, CHARTS, ClusterGroup, VirtualClusterConnection } from '../src';
import { stageBitnamiChart } from '../tools/bitnami';
import { helmSchemaCheck } from './charts/helm-schema';
import { errorOf, host, tempDir, testApp } from './helpers';

/** The three-tier profile of the README: a database preset, an API container that uses it, a web chart. */
function shopProfile(): AppProfile {
  const db = AppTier.postgres('db', { passwordSecret: { name: 'db-credentials', key: 'password' } });
  const api = AppTier.container('api', {
    image: 'ghcr.io/example/shop-api:1.4.2',
    port: 8080,
    env: { DB_HOST: db.host!, DB_PORT: String(db.port) },
    secretEnv: { DB_PASSWORD: db.passwordSecret! },
  });
  const web = AppTier.helmChart('web', { chart: 'oci://ghcr.io/example/charts/shop-web', version: '2.0.1', values: { api: { url: `http://${api.host}:${api.port}` } } });
  return new AppProfile({ name: 'shop', version: '1.0.0', tiers: [db, api, web] });
}

function deploy(profile: AppProfile, namespace?: string): { [type: string]: { [id: string]: any } } {
  const app = testApp({ outdir: tempDir() });
  const platform = new TerraformStack(app, 'platform');
  const shop = new ClusterGroup(platform, 'dev', { hosts: [{ host: host(platform, 'a'), dnsPattern: '*.a.example.com' }] }).addVirtualCluster('shop');
  const apps = new TerraformStack(app, 'apps');
  new AppDeployment(apps, 'deployment', { profile, connection: new VirtualClusterConnection(apps, 'shop', { virtualCluster: shop }), namespace });
  app.synth();
  return JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', 'apps', 'cdk.tf.json'), 'utf8')).resource;
}

describe('application profiles', () => {
  test('deploys the tiers in order, each after the one before, with outputs as values and secrets only by reference', () => {
    const r = deploy(shopProfile());
    const [ns] = Object.keys(r.kubernetes_namespace_v1);
    const [dbId, db] = Object.entries(r.helm_release as Record<string, any>).find(([, x]) => x.name === 'db')!;
    const [api] = Object.entries(r.kubernetes_deployment_v1);
    const web = Object.values(r.helm_release as Record<string, any>).find((x) => x.name === 'web');
    expect(db.depends_on).toEqual([`kubernetes_namespace_v1.${ns}`]);
    expect(api[1].depends_on).toEqual([`helm_release.${dbId}`]);
    expect(web.depends_on).toEqual(expect.arrayContaining([`kubernetes_deployment_v1.${api[0]}`]));
    // The database: the pinned chart, its password only named, a volume of the size asked for.
    expect(db.chart).toBe('postgresql');
    expect(db.repository).toBe(CHARTS.postgresql.repository);
    expect(db.version).toBe(CHARTS.postgresql.version);
    expect(JSON.parse(db.values[0])).toEqual({
      fullnameOverride: 'db',
      auth: { existingSecret: 'db-credentials', secretKeys: { adminPasswordKey: 'password' }, database: 'db' },
      primary: { persistence: { size: '1Gi' }, resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '500m', memory: '512Mi' } } },
    });
    // The API reaches the database by its Service name, in the same namespace.
    expect(api[1].spec.replicas).toBe('1');
    expect(api[1].spec.template.spec.container[0].resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '250m', memory: '256Mi' } });
    expect(api[1].spec.template.spec.container[0].env).toEqual([
      { name: 'DB_HOST', value: 'db' }, { name: 'DB_PORT', value: '5432' }, { name: 'DB_PASSWORD', value_from: { secret_key_ref: { name: 'db-credentials', key: 'password' } } },
    ]);
    expect(JSON.parse(web.values[0])).toEqual({ api: { url: 'http://api:8080' } });
    expect(web.namespace).toBe('shop');
    expect(JSON.stringify(r)).not.toMatch(/password"\s*:\s*"[^$]/i);
  });

  test('each preset installs its pinned chart with values its schema accepts, and names the host its Service has', () => {
    const tiers = [
      AppTier.postgres('pg', { passwordSecret: { name: 's', key: 'k' } }),
      AppTier.mysql('my', { passwordSecret: { name: 's', key: 'mysql-root-password' }, storage: '8Gi', cpu: 1, memory: '1Gi' }),
      AppTier.mongodb('mongo', { passwordSecret: { name: 's', key: 'mongodb-root-password' } }),
      AppTier.redis('cache', { passwordSecret: { name: 's', key: 'k' } }),
    ];
    expect(tiers.map((t) => [t.host, t.port])).toEqual([['pg', 5432], ['my', 3306], ['mongo', 27017], ['cache-master', 6379]]);
    const r = deploy(new AppProfile({ name: 'data', version: '0.1.0', tiers }), 'default');
    expect(r.kubernetes_namespace_v1).toBeUndefined();
    const charts = tempDir('cg-bitnami-');
    for (const release of Object.values(r.helm_release as Record<string, any>)) {
      const key = release.chart as 'postgresql' | 'mysql' | 'mongodb' | 'redis';
      expect(release.version).toBe(CHARTS[key].version);
      const check = helmSchemaCheck(stageBitnamiChart(charts, key))!;
      const values = JSON.parse(release.values[0]);
      expect({ chart: key, errors: check(values) ? null : check.errors }).toEqual({ chart: key, errors: null });
    }
  });

  test('a manifests tier puts namespaced objects in the deployment\'s namespace, and leaves cluster-scoped ones as given', () => {
    const tier = AppTier.manifests('rbac', { manifests: [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: 'b' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'elsewhere', namespace: 'other' } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [] },
    ] });
    const r = deploy(new AppProfile({ name: 'shop', version: '1.0.0', tiers: [tier] }));
    expect(Object.values(r.kubernetes_manifest as Record<string, any>).map((m) => [m.manifest.kind, m.manifest.metadata])).toEqual([
      ['ConfigMap', { namespace: 'shop', name: 'settings' }],
      ['ConfigMap', { namespace: 'other', name: 'elsewhere' }],
      ['ClusterRole', { name: 'reader' }],
    ]);
  });

  test('fails if a profile or tier is not one', () => {
    const db = AppTier.postgres('db', { passwordSecret: { name: 'x', key: 'y' } });
    expect(errorOf(() => new AppProfile({ name: 'shop', version: '1.0', tiers: [db] }))).toBe('[input] AppProfile shop: version = "1.0": not a semantic version. Fix: write it as MAJOR.MINOR.PATCH, such as "1.0.0"');
    expect(errorOf(() => new AppProfile({ name: 'shop', version: '1.0.0', tiers: [db, AppTier.container('db', { image: 'x' })] }))).toBe('[input] AppProfile shop: tiers = "db": two tiers with one name would share a Service and workloads. Fix: give each tier its own name');
    expect(errorOf(() => new AppProfile({ name: 'shop', version: '1.0.0', tiers: [] }))).toBe('[input] AppProfile shop: tiers = []: no tiers. Fix: give at least one tier');
    expect(errorOf(() => AppTier.container('API', { image: 'x' }))).toMatch(/^\[input\] AppTier API: name = "API": not a DNS-1035 label/);
    expect(errorOf(() => AppTier.container('api', { image: 'x', port: 70000 }))).toBe('[input] AppTier api: port = 70000: not a port. Fix: give a whole number from 1 to 65535');
    expect(errorOf(() => AppTier.container('api', { image: 'x', memory: 'lots' }))).toMatch(/^\[input\] AppTier api: options\.memory = "lots": /);
    expect(errorOf(() => AppTier.container('api', { image: 'x', cpu: -1 }))).toBe('[input] AppTier api: options.cpu = -1: must be above zero. Fix: give a positive cpu');
    expect(errorOf(() => AppTier.redis('cache', { passwordSecret: { name: 's', key: 'k' }, storage: '0Gi' }))).toBe('[input] AppTier cache: options.storage = "0Gi": must be above zero. Fix: give a positive storage');
    expect(errorOf(() => AppTier.container('api', { image: 'x', replicas: 1.5 }))).toBe('[input] AppTier api: options.replicas = 1.5: not a whole number of 0 or more. Fix: give the number of pods, such as 2');
    expect(errorOf(() => AppTier.mysql('db', { passwordSecret: { name: 's', key: 'password' } }))).toBe('[input] AppTier db: options.passwordSecret.key = "password": the mysql chart reads the password from key "mysql-root-password" of the Secret. Fix: put it under "mysql-root-password" and name that key here');
    expect(errorOf(() => AppTier.postgres('db', {} as any))).toBe('[input] AppTier db: options.passwordSecret = undefined: required. Fix: give options.passwordSecret (an object with name, key)');
  });

  test('fails if the deployment is not in its connection\'s stack', () => {
    const app = testApp({ outdir: tempDir() });
    const platform = new TerraformStack(app, 'platform');
    const shop = new ClusterGroup(platform, 'dev', { hosts: [{ host: host(platform, 'a'), dnsPattern: '*.a.example.com' }] }).addVirtualCluster('shop');
    const conn = new VirtualClusterConnection(new TerraformStack(app, 'apps'), 'shop', { virtualCluster: shop });
    expect(errorOf(() => new AppDeployment(new TerraformStack(app as App, 'other'), 'shop', { profile: shopProfile(), connection: conn }))).toBe('[input] other/shop: connection = "apps/shop": in another stack: its providers belong to the stack they were made in. Fix: create the deployment in the connection\'s application stack');
  });
});
