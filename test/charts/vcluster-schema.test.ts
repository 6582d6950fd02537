import * as fs from 'fs';
import * as path from 'path';
import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import { BackupTarget, ChartCatalog, ClusterGroup, EndpointType, IngressController } from '../../src';
import { parse as parseYaml } from 'yaml';
import { PRO_VALUE_PATHS } from '../../src/charts/catalog';
import { CHART_CONTROL_PLANE } from '../../src/charts/vcluster-values';
import { host, releaseValues, synthJson, testStack, UPSTREAM } from '../helpers';

// The real chart schemas live beside the repository (../shared/upstream); a missing copy must
// not let this pass quietly. SKIP_UPSTREAM_SCHEMAS=1 skips it, loudly, for a bare clone.
const skip = process.env.SKIP_UPSTREAM_SCHEMAS === '1';

// Compiling a schema takes most of a second: once per version for the whole file.
const compiled = new Map<string, ValidateFunction>();

function schemaFor(version: string): ValidateFunction {
  let validate = compiled.get(version);
  if (!validate) compiled.set(version, (validate = compileSchema(version)));
  return validate;
}

function compileSchema(version: string): ValidateFunction {
  const file = path.join(UPSTREAM, 'vcluster', `v${version}`, 'values.schema.json');
  if (!fs.existsSync(file)) {
    throw new Error(`UPSTREAM SCHEMA MISSING: ${file} does not exist. The vCluster schemas come from ../shared/upstream beside the repository; set SKIP_UPSTREAM_SCHEMAS=1 to skip this check knowingly.`);
  }
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addKeyword('pro');
  return ajv.compile(JSON.parse(fs.readFileSync(file, 'utf8')));
}

const EXPOSURES = {
  'ingress (nginx)': { endpointType: EndpointType.INGRESS },
  'ingress (existing class)': { endpointType: EndpointType.INGRESS, ingressController: IngressController.existing({ className: 'haproxy', sslPassthrough: true }) },
  'Gateway TLSRoute': { endpointType: EndpointType.INGRESS, ingressController: IngressController.gatewayTlsRoute({ gatewayName: 'gw', gatewayNamespace: 'infra', sectionName: 'tls' }) },
  'load balancer': { endpointType: EndpointType.LOAD_BALANCER },
};
const cases = ChartCatalog.vclusterVersions().flatMap((version) => Object.keys(EXPOSURES).map((name) => [version, name] as const));

(skip ? describe.skip : describe)('vCluster values against the upstream schemas', () => {
  if (skip) console.warn('SKIPPED: vCluster values were NOT checked against the upstream schemas (SKIP_UPSTREAM_SCHEMAS=1)');

  test.each(cases)('vCluster %s, %s exposure: every values document the library emits is valid', (version, exposure) => {
    const validate = schemaFor(version);
    const stack = testStack();
    const g = new ClusterGroup(stack, 'g', {
      hosts: [{ host: host(stack, 'a'), dnsPattern: '*.a.example.com' }],
      ...EXPOSURES[exposure as keyof typeof EXPOSURES],
      chartVersion: version,
      values: { networkPolicy: true, syncIngresses: true },
    });
    g.addVirtualCluster('plain');
    g.addVirtualCluster('tiny', { cpu: 0.25, memory: '200Mi', storage: '1Gi' });
    g.addVirtualCluster('largest', { cpu: 6, memory: '8Gi', storage: '10Gi', values: { networkPolicy: false, syncIngresses: false } });
    const json = synthJson(stack);
    for (const name of ['plain', 'tiny', 'largest']) {
      const values = releaseValues(json, name);
      const ok = validate(values);
      expect({ name, errors: ok ? null : validate.errors }).toEqual({ name, errors: null });
    }
  });

  test.each(ChartCatalog.vclusterVersions())('vCluster %s: a paused virtual cluster (HA replicas from raw values included) has valid values', (version) => {
    const validate = schemaFor(version);
    const stack = testStack();
    const g = new ClusterGroup(stack, 'g', { hosts: [{ host: host(stack, 'a'), dnsPattern: '*.a.example.com' }], chartVersion: version });
    g.addVirtualCluster('paused', { paused: true });
    g.addVirtualCluster('ha', { paused: true, values: { extraValues: { controlPlane: { statefulSet: { highAvailability: { replicas: 3 } } } } } });
    const json = synthJson(stack);
    for (const name of ['paused', 'ha']) {
      const values = releaseValues(json, name);
      expect(values.controlPlane.statefulSet.highAvailability.replicas).toBe(0);
      expect({ name, errors: validate(values) ? null : validate.errors }).toEqual({ name, errors: null });
    }
    expect(releaseValues(json, 'ha').controlPlane.statefulSet.annotations['loft.sh/paused-replicas']).toBe('3');
  });

  test.each(ChartCatalog.vclusterVersions())('vCluster %s: the control plane resources the library clamps are the chart\'s own', (version) => {
    const values = parseYaml(fs.readFileSync(path.join(UPSTREAM, 'vcluster', `v${version}`, 'values.yaml'), 'utf8'));
    expect(values.controlPlane.statefulSet.resources).toMatchObject({
      limits: { memory: `${CHART_CONTROL_PLANE.memoryLimitBytes / 2 ** 30}Gi` },
      requests: { memory: `${CHART_CONTROL_PLANE.memoryRequestBytes / 2 ** 20}Mi`, cpu: `${CHART_CONTROL_PLANE.cpuRequestMilli}m` },
    });
    expect(values.controlPlane.statefulSet.persistence.volumeClaim.size).toBe(`${CHART_CONTROL_PLANE.volumeBytes / 2 ** 30}Gi`);
  });

  test.each(ChartCatalog.vclusterVersions())('vCluster %s: OIDC flags, role bindings and a ServiceAccount kubeconfig are valid values, and the bindings valid RBAC objects', (version) => {
    const stack = testStack();
    const g = new ClusterGroup(stack, 'g', {
      hosts: [{ host: host(stack, 'a'), dnsPattern: '*.a.example.com' }],
      chartVersion: version,
      oidc: { issuerUrl: 'https://login.example.com/realms/dev', clientId: 'kubernetes', usernameClaim: 'email', groupsClaim: 'groups', groupsPrefix: 'oidc:' },
    });
    const team = g.addVirtualCluster('team', {
      access: [{ clusterRole: 'edit', users: ['alice@example.com'], groups: ['oidc:devs'] }, { clusterRole: 'view', namespace: 'apps', serviceAccounts: ['ci/deployer'] }],
      serviceAccountKubeconfig: { serviceAccount: 'kube-system/ci' },
    });
    const values = releaseValues(synthJson(stack), 'team');
    expect(values.exportKubeConfig).toEqual({
      server: 'https://team.a.example.com',
      additionalSecrets: [{ name: 'vc-team-sa', namespace: 'vcluster-team', server: 'https://team.a.example.com', serviceAccount: { name: 'ci', namespace: 'kube-system', clusterRole: 'cluster-admin' } }],
    });
    expect(team.serviceAccountKubeconfigSecret).toEqual({ name: 'vc-team-sa', namespace: 'vcluster-team', key: 'config' });
    const validate = schemaFor(version);
    expect({ errors: validate(values) ? null : validate.errors }).toEqual({ errors: null });
    expect(values.controlPlane.distro.k8s).toEqual({
      enabled: true,
      version: expect.any(String),
      apiServer: { extraArgs: ['--oidc-issuer-url=https://login.example.com/realms/dev', '--oidc-client-id=kubernetes', '--oidc-username-claim=email', '--oidc-groups-claim=groups', '--oidc-groups-prefix=oidc:'] },
    });
    const docs = String(values.experimental.deploy.vcluster.manifests).split('\n---\n').map((d) => parseYaml(d));
    expect(docs).toEqual([
      {
        apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'cluster-groups-access-0' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
        subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice@example.com' }, { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'oidc:devs' }],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'cluster-groups-access-1', namespace: 'apps' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
        subjects: [{ kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' }],
      },
    ]);
  });

  test.each(ChartCatalog.vclusterVersions())('vCluster %s: backups\' credentials and a restore\'s init container are valid values', (version) => {
    const validate = schemaFor(version);
    const stack = testStack();
    const g = new ClusterGroup(stack, 'g', { hosts: [{ host: host(stack, 'a'), dnsPattern: '*.a.example.com' }], chartVersion: version });
    const s3 = BackupTarget.s3({ bucket: 'backups', credentialsSecret: 'creds' });
    g.addVirtualCluster('s3', { backups: { schedule: '@daily', timeZone: 'UTC', target: s3 }, restoreFrom: { target: s3, snapshot: 'g.old.0' } });
    g.addVirtualCluster('oci', { restoreFrom: { target: BackupTarget.oci({ repository: 'registry.example.com/snapshots', credentialsSecret: 'login' }), snapshot: 'g.old.0' } });
    const json = synthJson(stack);
    for (const name of ['s3', 'oci']) {
      const values = releaseValues(json, name);
      expect(values.controlPlane.statefulSet.initContainers).toHaveLength(1);
      expect({ name, errors: validate(values) ? null : validate.errors }).toEqual({ name, errors: null });
    }
  });

  test('the validator is live: it rejects a key the chart does not have', () => {
    const validate = schemaFor(ChartCatalog.newestVclusterVersion());
    expect(validate({ controlPlane: { distro: { k8s: { enabeld: true } } } })).toBe(false);
    expect(validate.errors![0]).toMatchObject({ keyword: 'additionalProperties', params: { additionalProperty: 'enabeld' } });
  });

  test('0.36 rejects the volume-snapshot keys the catalog gates on, 0.35 accepts them', () => {
    const values = { snapshots: { auto: { volumes: { enabled: true } } } };
    expect(schemaFor('0.35.3')(values)).toBe(true);
    expect(schemaFor('0.36.1')(values)).toBe(false);
  });
});

(skip ? describe.skip : describe)('Pro-only values', () => {
  /** Paths whose schema node is marked `pro`, following $refs. */
  function proPaths(version: string): string[] {
    const schema = JSON.parse(fs.readFileSync(path.join(UPSTREAM, 'vcluster', `v${version}`, 'values.schema.json'), 'utf8'));
    const out = new Set<string>();
    const walk = (node: any, at: string, depth: number): void => {
      if (depth > 12) return;
      let n = node;
      if (n.pro) out.add(at);
      while (n.$ref) {
        n = schema.$defs[n.$ref.split('/').pop()];
        if (n.pro) out.add(at);
      }
      for (const [k, child] of Object.entries(n.properties ?? {})) walk(child, at ? `${at}.${k}` : k, depth + 1);
    };
    walk(schema, '', 0);
    // A child of a Pro path adds nothing.
    return [...out].filter((p) => ![...out].some((q) => p.startsWith(`${q}.`))).sort();
  }

  test.each(ChartCatalog.vclusterVersions())('the catalog lists every path the %s schema marks pro', (version) => {
    const marked = proPaths(version);
    expect(marked.length).toBeGreaterThan(0);
    expect(PRO_VALUE_PATHS).toEqual(expect.arrayContaining(marked));
  });
});
