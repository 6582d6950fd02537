// Access (OIDC and role bindings) on a real API server. A virtual cluster's API server is a
// kube-apiserver: this one, from the engine builds, stands in for it. It starts with the OIDC
// flags the library puts into the vCluster values, and takes the role bindings vCluster would
// apply from `experimental.deploy.vcluster.manifests`; kubectl then asks it who may do what.
// (The vCluster control plane itself does not run here: its pods run on a fake node.)
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { ClusterGroup } from '../../src';
import { oidcArgs } from '../../src/charts/vcluster-values';
import { host, releaseValues, synthJson, tempDir, testStack } from '../helpers';
import { Fixture, HostFixture } from './cluster';
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
    record({ tier: 'access', name: 'oidc and bindings', ok: proved.applied === true && proved.enforced === true, detail: proved });
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
});
