// Access (OIDC and role bindings) on a real API server. A virtual cluster's API server is a
// kube-apiserver: this one, from the engine builds, stands in for it. It starts with the OIDC
// flags the library puts into the vCluster values, and takes the role bindings vCluster would
// apply from `experimental.deploy.vcluster.manifests`; kubectl then asks it who may do what.
// (The vCluster control plane itself does not run here: its pods run on a fake node.)
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { DataKubernetesSecretV1 } from '@cdktf/provider-kubernetes/lib/data-kubernetes-secret-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { ClusterGroup } from '../../src';
import { caOfKubeconfigSecret, oidcKubeconfigDocument } from '../../src/access';
import { oidcArgs } from '../../src/charts/vcluster-values';
import { host, releaseValues, synthJson, tempDir, testStack } from '../helpers';
import { tofuOkAsync } from './apply';
import { Fixture, HostFixture } from './cluster';
import { engine, prepareStack } from './harness';
import { apiServerSkipReason, record, reportSkipped } from './results';

const skipReason = apiServerSkipReason();

describe('access: OIDC flags and role bindings on a real API server', () => {
  if (skipReason) return reportSkipped('access', skipReason);
  const oidc = { issuerUrl: 'https://login.example.com/realms/dev', clientId: 'kubernetes', usernameClaim: 'email', groupsClaim: 'groups', groupsPrefix: 'oidc:' };
  let fixture: Fixture;
  let api: HostFixture;
  let values: any;
  const proved: { [step: string]: boolean } = {};

  beforeAll(async () => {
    const stack = testStack();
    const g = new ClusterGroup(stack, 'g', { hosts: [{ host: host(stack, 'a'), dnsPattern: '*.a.example.com' }], oidc });
    g.addVirtualCluster('team', {
      access: [
        { clusterRole: 'edit', users: ['alice@example.com'], groups: ['oidc:devs'] },
        { clusterRole: 'view', namespace: 'apps', serviceAccounts: ['ci/deployer'] },
      ],
    });
    values = releaseValues(synthJson(stack), 'team');
    // The flags exactly as the values carry them.
    expect(values.controlPlane.distro.k8s.apiServer.extraArgs).toEqual(oidcArgs(oidc));
    fixture = await Fixture.start(path.join(tempDir('cg-access-'), 'fixture'), ['vc'], { apiServerArgs: values.controlPlane.distro.k8s.apiServer.extraArgs });
    api = fixture.host('vc');
  }, 300_000);

  afterAll(async () => {
    await fixture?.stop();
    record({ tier: 'access', name: 'oidc and bindings', ok: proved.applied === true && proved.enforced === true && proved.kubeconfig === true, detail: proved });
  }, 60_000);

  test('the API server starts with the OIDC flags, and takes the bindings', () => {
    api.kubectl(['create', 'namespace', 'apps']);
    const docs = String(values.experimental.deploy.vcluster.manifests).split('\n---\n').map((d) => parseYaml(d));
    for (const d of docs) api.apply(d);
    expect(api.json(['get', 'clusterrolebinding', 'cluster-groups-access-0']).roleRef.name).toBe('edit');
    expect(api.json(['get', 'rolebinding', 'cluster-groups-access-1', '-n', 'apps']).subjects).toEqual([{ kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' }]);
    proved.applied = true;
  });

  test('the bindings give what they say, and nothing more', () => {
    // `kubectl auth can-i` exits 0 for yes, 1 for no; the API server decides, with impersonation.
    const canI = (args: string[]) => {
      try {
        api.kubectl(['auth', 'can-i', ...args]);
        return true;
      } catch {
        return false;
      }
    };
    expect(canI(['create', 'deployments', '-n', 'default', '--as', 'alice@example.com'])).toBe(true);
    expect(canI(['create', 'deployments', '-n', 'default', '--as', 'bob@example.com', '--as-group', 'oidc:devs'])).toBe(true);
    expect(canI(['create', 'clusterroles', '--as', 'alice@example.com'])).toBe(false);
    expect(canI(['list', 'pods', '-n', 'apps', '--as', 'system:serviceaccount:ci:deployer'])).toBe(true);
    expect(canI(['create', 'pods', '-n', 'apps', '--as', 'system:serviceaccount:ci:deployer'])).toBe(false);
    expect(canI(['list', 'pods', '-n', 'default', '--as', 'system:serviceaccount:ci:deployer'])).toBe(false);
    expect(canI(['list', 'pods', '-n', 'default', '--as', 'mallory@example.com'])).toBe(false);
    proved.enforced = true;
  });

  test('the OIDC kubeconfig, applied with tofu, carries the server and the CA certificate of the kubeconfig Secret, and the CA verifies the server', async () => {
    // The Secret vCluster writes on the host, written here by the test (no vCluster runs): a
    // kubeconfig for this API server with its real serving certificate.
    const cert = fs.readFileSync(path.join(api.dir, 'certs', 'apiserver.crt'));
    api.kubectl(['create', 'namespace', 'vcluster-team']);
    const written = { apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'team', cluster: { server: api.server, 'certificate-authority-data': cert.toString('base64') } }], users: [{ name: 'admin', user: { token: 'not-read' } }], contexts: [{ name: 'team', context: { cluster: 'team', user: 'admin' } }], 'current-context': 'team' };
    api.apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'vc-team', namespace: 'vcluster-team' }, stringData: { config: stringifyYaml(written) } });

    const work = tempDir('cg-oidc-kubeconfig-');
    const app = new App({ outdir: path.join(work, 'out') });
    const stack = new TerraformStack(app, 'kubeconfig');
    const provider = new KubernetesProvider(stack, 'vc', { configPath: '~/.kube/config', configContext: 'vc' });
    const secret = new DataKubernetesSecretV1(stack, 'secret', { provider, metadata: { name: 'vc-team', namespace: 'vcluster-team' } });
    new TerraformOutput(stack, 'kubeconfig', { value: oidcKubeconfigDocument('team', api.server, caOfKubeconfigSecret(secret, 'config'), oidc) });
    app.synth();
    const dir = prepareStack(path.join(work, 'out', 'stacks', 'kubeconfig'), 'kubeconfig', work).dir;
    await tofuOkAsync(fixture, dir, ['init', '-input=false', '-no-color']);
    await tofuOkAsync(fixture, dir, ['apply', '-input=false', '-no-color', '-auto-approve']);
    const out = await tofuOkAsync(fixture, dir, ['output', '-raw', 'kubeconfig']);
    const kubeconfig = parseYaml(out);
    expect(kubeconfig.clusters).toEqual([{ name: 'team', cluster: { server: api.server, 'certificate-authority-data': cert.toString('base64') } }]);
    expect(kubeconfig.users[0].user.exec.args).toEqual(['oidc-login', 'get-token', `--oidc-issuer-url=${oidc.issuerUrl}`, `--oidc-client-id=${oidc.clientId}`, '--oidc-extra-scope=email']);
    // Without the plugin here, the same kubeconfig with a token user: TLS is verified with the CA from the output.
    const admin = parseYaml(fs.readFileSync(api.kubeconfig, 'utf8')).users[0].user;
    const check = path.join(work, 'verify.kubeconfig');
    fs.writeFileSync(check, stringifyYaml({ ...kubeconfig, users: [{ name: 'oidc', user: admin }] }));
    const r = spawnSync(engine('kubectl'), ['--kubeconfig', check, 'get', '--raw', '/readyz'], { encoding: 'utf8' });
    expect({ code: r.status, out: r.stdout, err: r.stderr }).toEqual({ code: 0, out: 'ok', err: '' });
    proved.kubeconfig = true;
  }, 600_000);
});
