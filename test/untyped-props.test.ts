import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { ClusterGroup, EndpointType, HostAddons, HostCluster, HostClusterKind, IngressController, WildcardDns } from '../src';
import { errorOf, host, testStack } from './helpers';

// What a JavaScript caller (or TypeScript through `any`) can pass: the same [input] errors a
// typed caller would get from the compiler, never a TypeError from inside the library.
const loose = (v: object) => v as any;

function hostProps(stack: ReturnType<typeof testStack>, over: object = {}) {
  return loose({
    kind: HostClusterKind.CLOUD,
    kubernetesProvider: new KubernetesProvider(stack, 'k8s'),
    helmProvider: new HelmProvider(stack, 'helm'),
    endpointTypes: [EndpointType.INGRESS],
    capacity: { cpu: 8, memory: '32Gi', storage: '100Gi' },
    ...over,
  });
}

describe('untyped callers', () => {
  test.each([
    ['capacity missing', { capacity: undefined }, '[input] test/h: capacity = undefined: required. Fix: give capacity (an object with cpu, memory, storage)'],
    ['an unknown kind', { kind: 'baremetal' }, '[input] test/h: kind = "baremetal": not one of "cloud", "data-center", "edge". Fix: give one of "cloud", "data-center", "edge"'],
    ['no providers', { kubernetesProvider: undefined }, '[input] test/h: kubernetesProvider = undefined: required. Fix: give kubernetesProvider (a KubernetesProvider)'],
    ['providers swapped', { helmProvider: 'k8s' }, '[input] test/h: helmProvider = "k8s": not a HelmProvider. Fix: give a HelmProvider'],
    ['an endpoint type in the wrong case', { endpointTypes: ['INGRESS'] }, '[input] test/h: endpointTypes[0] = "INGRESS": not one of "ingress", "load-balancer". Fix: give one of "ingress", "load-balancer"'],
    ['cpu as a string', { capacity: { cpu: '8', memory: '32Gi', storage: '100Gi' } }, '[input] test/h: capacity.cpu = "8": not a number. Fix: give a number'],
    ['a misspelt prop', { endpointType: [EndpointType.INGRESS] }, '[input] test/h: endpointType = ["ingress"]: not a prop here, so it would be ignored. Fix: did you mean endpointTypes?'],
  ])('HostCluster: %s', (_, over, message) => {
    const stack = testStack();
    expect(errorOf(() => new HostCluster(stack, 'h', hostProps(stack, over)))).toBe(message);
  });

  test('HostCluster: the wrong provider names the kind of object given', () => {
    const stack = testStack();
    const props = hostProps(stack);
    expect(errorOf(() => new HostCluster(stack, 'h', { ...props, helmProvider: props.kubernetesProvider }))).toBe(
      '[input] test/h: helmProvider = "(a KubernetesProvider)": not a HelmProvider. Fix: give a HelmProvider',
    );
    expect(errorOf(() => new HostCluster(stack, 'h2', undefined as any))).toBe(
      '[input] test/h2: props = undefined: not an object of props. Fix: pass an object with kind, kubernetesProvider, helmProvider, endpointTypes, capacity',
    );
  });

  test('ClusterGroup: hosts missing, not a list, or a host given bare', () => {
    const stack = testStack();
    const a = host(stack, 'a');
    expect(errorOf(() => new ClusterGroup(stack, 'g1', loose({})))).toBe('[input] test/g1: hosts = undefined: required. Fix: give hosts (a list of objects with host)');
    expect(errorOf(() => new ClusterGroup(stack, 'g2', loose({ hosts: { host: a } })))).toBe('[input] test/g2: hosts = {"host":"(a HostCluster)"}: not a list. Fix: give a list of objects with host');
    expect(errorOf(() => new ClusterGroup(stack, 'g3', loose({ hosts: [a] })))).toBe('[input] test/g3: hosts[0] = "(a HostCluster \\"a\\")": a host cluster on its own, not a member. Fix: wrap it: { host: a } (with dnsPattern in ingress groups)');
    expect(errorOf(() => new ClusterGroup(stack, 'g4', loose({ hosts: [{ host: 'a' }] })))).toBe('[input] test/g4: hosts[0].host = "a": not a HostCluster. Fix: give a HostCluster');
    expect(errorOf(() => new ClusterGroup(stack, 'g5', loose({ hosts: [{ host: a }], endpointType: 'LoadBalancer' })))).toBe(
      '[input] test/g5: endpointType = "LoadBalancer": not one of "ingress", "load-balancer". Fix: give one of "ingress", "load-balancer"',
    );
  });

  test('VirtualCluster: a values prop one level too high, and wrong types', () => {
    const stack = testStack();
    const g = new ClusterGroup(stack, 'g', { hosts: [{ host: host(stack, 'a'), dnsPattern: '*.a.example.com' }] });
    expect(errorOf(() => g.addVirtualCluster('x', loose({ extraValues: { sync: {} } })))).toBe(
      '[input] test/g/x: extraValues = {"sync":{}}: not a prop here, so it would be ignored. Fix: did you mean values.extraValues?',
    );
    expect(errorOf(() => g.addVirtualCluster('y', loose({ memory: 4096 })))).toBe('[input] test/g/y: memory = 4096: not a string. Fix: give a string');
    expect(errorOf(() => g.addVirtualCluster('z', loose({ values: { networkpolicy: false } })))).toBe(
      '[input] test/g/z: values.networkpolicy = false: not a prop here, so it would be ignored. Fix: did you mean values.networkPolicy?',
    );
  });

  test.each([
    ['NaN', { capacity: { cpu: NaN, memory: '1Gi', storage: '1Gi' } }, /^\[input\] test\/h: capacity\.cpu = NaN: /],
  ])('values print as written: %s', (_, over, message) => {
    const stack = testStack();
    expect(errorOf(() => new HostCluster(stack, 'h', hostProps(stack, over)))).toMatch(message);
  });

  test('values print as written, whatever they hold', () => {
    const loop: any = { a: 1 };
    loop.self = loop;
    const other = testStack();
    expect(errorOf(() => new HostCluster(other, 'l', hostProps(other, { labels: loop })))).toBe(
      '[input] test/l: labels = {"a":1,"self":"(seen above)"}: not an object of strings. Fix: give an object of strings',
    );
    const stack = testStack();
    expect(errorOf(() => new HostCluster(stack, 'f', hostProps(stack, { clusterName: () => 'x' })))).toBe('[input] test/f: clusterName = "(a function)": not a string. Fix: give a string');
  });

  test('the add-ons\' options: factories name themselves, MetalLB options their host member', () => {
    // A factory throws nothing: the group that uses its result reports the error with the rest.
    const stack0 = testStack();
    const a0 = host(stack0, 'a');
    let groups = 0;
    const inGroup = (made: { ingress?: IngressController; dns?: WildcardDns }) => () =>
      new ClusterGroup(stack0, `g${groups++}`, { hosts: [{ host: a0, dnsPattern: '*.a.example.com' }], ingressController: made.ingress, dns: made.dns });
    let made: IngressController | undefined;
    expect(() => (made = IngressController.existing(loose({ className: 'nginx' })))).not.toThrow();
    expect(errorOf(inGroup({ ingress: made }))).toBe(
      '[input] IngressController.existing: options.sslPassthrough = undefined: required. Fix: give options.sslPassthrough (a boolean)',
    );
    expect(errorOf(inGroup({ ingress: IngressController.nginx(loose({ classname: 'public' })) }))).toBe(
      '[input] IngressController.nginx: options.classname = "public": not a prop here, so it would be ignored. Fix: did you mean options.className?',
    );
    expect(errorOf(inGroup({ ingress: IngressController.gatewayTlsRoute(loose({ gatewayName: 'gw' })) }))).toBe(
      '[input] IngressController.gatewayTlsRoute: options.gatewayNamespace = undefined: required. Fix: give options.gatewayNamespace (a string)',
    );
    expect(errorOf(inGroup({ dns: WildcardDns.externalDns(loose({ provider: 'cloudflare', extraArgs: '--zone-id=1' })) }))).toBe(
      '[input] WildcardDns.externalDns: options.extraArgs = "--zone-id=1": not a list of strings. Fix: give a list of strings',
    );
    expect(errorOf(inGroup({ dns: WildcardDns.externalDns(loose({ provider: 'cloudflare', credentials: [{ name: 'CF_API_TOKEN', secretName: 'cf' }] })) }))).toBe(
      '[input] WildcardDns.externalDns: options.credentials[0].secretKey = undefined: required. Fix: give options.credentials[0].secretKey (a string)',
    );
    expect(errorOf(inGroup({ dns: WildcardDns.rfc2136(loose({ provider: {}, zone: 'example.com' })) }))).toBe(
      '[input] WildcardDns.rfc2136: options.provider = {}: not a DnsProvider. Fix: give a DnsProvider',
    );

    const stack = testStack();
    const edge = host(stack, 'e', { kind: HostClusterKind.EDGE });
    expect(errorOf(() => new HostAddons(stack, 'addons', loose({ host: edge, groupName: 'g', endpointType: 'ingress' })))).toBe(
      '[input] test/addons: dns = undefined: required. Fix: give dns (a WildcardDns (WildcardDns.manual(), .externalDns() or .rfc2136()))',
    );
    // HostAddons, used on its own, reports a factory's error as a group does.
    expect(errorOf(() => new HostAddons(stack, 'addons2', { host: edge, groupName: 'g', endpointType: EndpointType.INGRESS, ingress: IngressController.existing(loose({ className: 'x' })), dns: WildcardDns.manual() }))).toBe(
      '[input] IngressController.existing: options.sslPassthrough = undefined: required. Fix: give options.sslPassthrough (a boolean)',
    );
    expect(errorOf(() => new ClusterGroup(stack, 'g', loose({ hosts: [{ host: edge, dnsPattern: '*.e.example.com', metallb: { addressPools: [{ name: 'p', addresses: '10.0.0.0/28' }] } }] })))).toBe(
      '[input] test/g: hosts[0].metallb.addressPools[0].addresses = "10.0.0.0/28": not a list of strings. Fix: give a list of strings',
    );
  });
});
