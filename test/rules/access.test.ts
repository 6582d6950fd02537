import { formatViolation } from '../../src/model/platform-model';
import { checkAccess } from '../../src/rules/access';
import { checkOwnedValues } from '../../src/rules/owned-values';
import { platform, vcM } from './model-builder';

const oidc = { issuerUrl: 'https://login.example.com/realms/dev', clientId: 'kubernetes' };
const binding = { clusterRole: 'edit', users: ['alice@example.com'], groups: [], serviceAccounts: [] };

describe('CG20 access', () => {
  test('passes for an https issuer and well-formed bindings', () => {
    const vc = vcM('x', { access: [binding, { clusterRole: 'system:aggregate-to-view', namespace: 'apps', users: [], groups: ['devs'], serviceAccounts: ['ci/deployer'] }] });
    expect(checkAccess(platform({ oidc: { ...oidc, usernameClaim: 'email', groupsClaim: 'groups', groupsPrefix: 'oidc:' }, virtualClusters: [vc] }))).toEqual([]);
  });

  test.each([
    ['http://login.example.com', 'the API server accepts only an https:// issuer'],
    ['https://login.example.com/?tenant=1', 'an issuer URL has no query or fragment'],
    ['https://login.example.com/#x', 'an issuer URL has no query or fragment'],
    ['https://user:pw@login.example.com', 'an issuer URL has no user or password'],
    ['login.example.com', 'not a URL'],
  ])('fails on an issuer the API server refuses: %s', (issuerUrl, message) => {
    expect(checkAccess(platform({ oidc: { ...oidc, issuerUrl } })).map((v) => `${v.prop}: ${v.message}`)).toEqual([`oidc.issuerUrl: ${message}`]);
  });

  test('fails on an empty client id or claim', () => {
    expect(checkAccess(platform({ oidc: { ...oidc, clientId: '', usernameClaim: '' } })).map(formatViolation)).toEqual([
      '[CG20] s/g: oidc.clientId = "": empty: the API server accepts only ID tokens issued for a client id. Fix: give the client id your identity provider issues the tokens for',
      '[CG20] s/g: oidc.usernameClaim = "": an empty claim name. Fix: name the claim, or leave usernameClaim out',
    ]);
  });

  test('fails on a ServiceAccount kubeconfig whose account or role cannot exist', () => {
    const vc = vcM('x', { serviceAccountKubeconfig: { serviceAccount: 'ci', clusterRole: '..' } });
    expect(checkAccess(platform({ virtualClusters: [vc] })).map((v) => `${v.prop} = ${JSON.stringify(v.value)}: ${v.message}`)).toEqual([
      'serviceAccountKubeconfig.serviceAccount = "ci": not a service account as namespace/name',
      'serviceAccountKubeconfig.clusterRole = "..": not a ClusterRole name',
    ]);
    expect(checkAccess(platform({ virtualClusters: [vcM('y', { serviceAccountKubeconfig: { serviceAccount: 'kube-system/ci', clusterRole: 'view' } })] }))).toEqual([]);
  });

  test('fails on bindings the API server would refuse, or that give no one anything', () => {
    const vc = vcM('x', {
      access: [
        { clusterRole: 'a/b', namespace: 'Apps', users: [' '], groups: [], serviceAccounts: ['deployer', 'ci/Bad_Name'] },
        { clusterRole: 'view', users: [], groups: [], serviceAccounts: [] },
      ],
    });
    expect(checkAccess(platform({ virtualClusters: [vc] })).map((v) => `${v.path}: ${v.prop} = ${JSON.stringify(v.value)}: ${v.message}`)).toEqual([
      's/g/x: access[0].clusterRole = "a/b": not a ClusterRole name',
      's/g/x: access[0].namespace = "Apps": not a namespace name (a DNS-1123 label)',
      's/g/x: access[0].users[0] = " ": an empty name',
      's/g/x: access[0].serviceAccounts[0] = "deployer": not a service account as namespace/name',
      's/g/x: access[0].serviceAccounts[1] = "ci/Bad_Name": not a service account as namespace/name',
      's/g/x: access[1].users = []: a binding without users, groups or service accounts gives no one anything',
    ]);
  });
});

describe('CG20 access: OIDC is set before the group has virtual clusters', () => {
  const locked = (oidcLock: { issuerUrl: string; clientId: string } | null | undefined, vcs: string[] = ['x']) => ({ oidc: oidcLock, virtualClusters: vcs });

  test('passes for a new group, a locked group without virtual clusters, an unchanged issuer, and an older lock file', () => {
    expect(checkAccess(platform({ oidc }))).toEqual([]);
    expect(checkAccess(platform({ oidc, lockedOidc: locked(null, []) }))).toEqual([]);
    expect(checkAccess(platform({ oidc, lockedOidc: locked({ ...oidc }) }))).toEqual([]);
    expect(checkAccess(platform({ lockedOidc: locked(null) }))).toEqual([]);
    // Written before the lock recorded OIDC: nothing to compare with.
    expect(checkAccess(platform({ oidc, lockedOidc: locked(undefined) }))).toEqual([]);
  });

  test('fails if OIDC is added to, changed on or removed from a group that has virtual clusters', () => {
    expect(checkAccess(platform({ oidc, lockedOidc: locked(null, ['x', 'y']) })).map(formatViolation)).toEqual([
      '[CG20] s/g: oidc = {"issuerUrl":"https://login.example.com/realms/dev","clientId":"kubernetes"}: the lock file records none for group "g", which already has virtual clusters (x, y): OIDC is set before the first one exists, as Palette requires. Fix: leave oidc out of this group, or create a new group with it and move the virtual clusters to it',
    ]);
    expect(checkAccess(platform({ oidc: { ...oidc, clientId: 'k8s' }, lockedOidc: locked(oidc) })).map((v) => v.fix)).toEqual([
      'keep oidc at https://login.example.com/realms/dev (client kubernetes), or create a new group with the new issuer and move the virtual clusters to it',
    ]);
    expect(checkAccess(platform({ lockedOidc: locked(oidc) })).map((v) => `${v.prop} = ${JSON.stringify(v.value)}`)).toEqual(['oidc = null']);
  });
});

describe('CG17 owned-values: the keys OIDC and access set', () => {
  const raw = (values: Record<string, unknown>) => [{ path: 's/g/x', prop: 'values.extraValues', values }];

  test("are the user's without oidc or access, and the library's with them", () => {
    const extraArgs = { controlPlane: { distro: { k8s: { apiServer: { extraArgs: ['--v=4'] } } } } };
    const manifests = { experimental: { deploy: { vcluster: { manifests: 'kind: Namespace' } } } };
    expect(checkOwnedValues(platform({ virtualClusters: [vcM('x', { rawValues: raw({ ...extraArgs, ...manifests }) })] }))).toEqual([]);
    expect(checkOwnedValues(platform({ oidc, virtualClusters: [vcM('x', { rawValues: raw(extraArgs), access: [binding] }), vcM('y', { rawValues: raw(manifests) })] })).map((v) => `${v.path}: ${v.prop}`)).toEqual([
      's/g/x: values.extraValues.controlPlane.distro.k8s.apiServer.extraArgs',
    ]);
    expect(checkOwnedValues(platform({ virtualClusters: [vcM('x', { rawValues: raw(manifests), access: [binding] })] })).map(formatViolation)).toEqual([
      '[CG17] s/g/x: values.extraValues.experimental.deploy.vcluster.manifests = "kind: Namespace": changes what the library sets for the role bindings given as access. Fix: remove it and give the bindings as access (raw manifests would replace them)',
    ]);
  });
});
