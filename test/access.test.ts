import { TerraformOutput } from 'cdktf';
import { ClusterGroup, EndpointType } from '../src';
import { errorOf, host, synthJson, testStack } from './helpers';

const OIDC = { issuerUrl: 'https://login.example.com/realms/dev', clientId: 'kubernetes', usernameClaim: 'email' };

describe('oidcKubeconfig', () => {
  test('a kubeconfig whose user logs in with kubelogin, with the server and the CA of vCluster\'s kubeconfig Secret', () => {
    const stack = testStack();
    const g = new ClusterGroup(stack, 'g', { hosts: [{ host: host(stack, 'a'), dnsPattern: '*.a.example.com' }], oidc: OIDC });
    const vc = g.addVirtualCluster('team');
    new TerraformOutput(stack, 'kubeconfig', { value: vc.oidcKubeconfig() });
    new TerraformOutput(stack, 'again', { value: vc.oidcKubeconfig({ extraScopes: ['groups'] }) });
    const json = synthJson(stack);
    const value: string = json.output.kubeconfig.value;
    expect(value).toMatch(/^\$\{yamlencode\(\{"apiVersion" = "v1", "kind" = "Config", "clusters" = \[\{"name" = "team", "cluster" = \{"server" = "https:\/\/team\.a\.example\.com", "certificate-authority-data" = nonsensitive\(yamldecode\(data\.kubernetes_secret_v1\.[^.]+\.data\["config"\]\)\.clusters\.0\.cluster\["certificate-authority-data"\]\)\}\}\]/);
    expect(value).toContain('"exec" = {"apiVersion" = "client.authentication.k8s.io/v1", "command" = "kubectl", "args" = ["oidc-login", "get-token", "--oidc-issuer-url=https://login.example.com/realms/dev", "--oidc-client-id=kubernetes", "--oidc-extra-scope=email"], "interactiveMode" = "IfAvailable"}');
    expect(json.output.again.value).toContain('"--oidc-client-id=kubernetes", "--oidc-extra-scope=groups"]');
    // One read of the Secret, after the release that makes vCluster write it.
    const secrets = Object.values(json.data.kubernetes_secret_v1 as Record<string, any>);
    expect(secrets).toEqual([{ depends_on: [expect.stringMatching(/^helm_release\./)], metadata: { name: 'vc-team', namespace: 'vcluster-team' }, provider: 'kubernetes.a' }]);
  });

  test('in a load-balancer group, the server is the load balancer\'s address', () => {
    const stack = testStack();
    const g = new ClusterGroup(stack, 'g', { hosts: [{ host: host(stack, 'a') }], endpointType: EndpointType.LOAD_BALANCER, oidc: OIDC });
    new TerraformOutput(stack, 'kubeconfig', { value: g.addVirtualCluster('team').oidcKubeconfig() });
    expect(synthJson(stack).output.kubeconfig.value).toContain('"server" = "https://${coalesce(data.kubernetes_service_v1.');
  });

  test('fails if the group has no OIDC issuer, or the options are not options', () => {
    const stack = testStack();
    const g = new ClusterGroup(stack, 'g', { hosts: [{ host: host(stack, 'a'), dnsPattern: '*.a.example.com' }] });
    const vc = g.addVirtualCluster('team');
    expect(errorOf(() => vc.oidcKubeconfig())).toBe('[input] test/g/team: oidcKubeconfig() = undefined: group "g" trusts no OIDC issuer. Fix: set oidc on the group, or use the certificate kubeconfig (kubeconfig) or a serviceAccountKubeconfig');
    const withOidc = new ClusterGroup(stack, 'h', { hosts: [{ host: host(stack, 'b'), dnsPattern: '*.b.example.com' }], oidc: OIDC }).addVirtualCluster('team');
    expect(errorOf(() => withOidc.oidcKubeconfig({ extraScopes: 'groups' } as any))).toMatch(/^\[input\] test\/h\/team: options\.extraScopes = "groups": /);
  });
});
