import { DnsProvider } from '@cdktf/provider-dns/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { ClusterGroup, ClusterGroupHost, ClusterGroupProps, EdgeClusterGroup, EndpointType, HostClusterKind, IngressController, WildcardDns } from '../../src';
import { recordName } from '../../src/addons/host-addons';
import { host, release, releaseValues, synthErrors, synthJson, testStack } from '../helpers';

const POOL = { addressPools: [{ name: 'vip', addresses: ['10.0.0.240/29'] }] };

/** One group "g" on one host "a" (with the given member options) and one virtual cluster "vc". */
function platform(member: Partial<ClusterGroupHost> = {}, props: Partial<ClusterGroupProps> = {}, stack: TerraformStack = testStack()) {
  const a = host(stack, 'a');
  const group = new ClusterGroup(stack, 'g', { hosts: [{ host: a, dnsPattern: '*.a.example.com', ...member }], ...props });
  const vc = group.addVirtualCluster('vc');
  return { stack, group, vc, json: () => synthJson(stack) };
}

/** The Terraform address (type.name) of the resource whose construct id ends the path. */
function address(json: any, type: string, name: string): string {
  const key = Object.keys(json.resource[type]).find((k) => json.resource[type][k].name === name);
  if (!key) throw new Error(`no ${type} named ${name}`);
  return `${type}.${key}`;
}


describe('ingress controller', () => {
  test('installs ingress-nginx on each host of an ingress group, with SSL passthrough and an explicit class', () => {
    const { json } = platform();
    const out = json();
    const nginx = release(out, 'ingress-nginx');
    expect(nginx).toMatchObject({ chart: 'ingress-nginx', version: '4.15.1', repository: 'https://kubernetes.github.io/ingress-nginx', provider: 'helm.a' });
    expect(JSON.parse(nginx.values[0]).controller).toEqual({
      extraArgs: { 'enable-ssl-passthrough': 'true' },
      ingressClassResource: { name: 'nginx', controllerValue: 'k8s.io/ingress-nginx' },
      ingressClass: 'nginx',
    });
    expect(releaseValues(out, 'vc').controlPlane.ingress.spec).toEqual({ ingressClassName: 'nginx' });
  });

  test('a custom class and the 6443 mapping', () => {
    const { json } = platform({}, { ingressController: IngressController.nginx({ className: 'vclusters', mapApiPort: true }) });
    const values = JSON.parse(release(json(), 'ingress-nginx').values[0]);
    expect(values.controller.ingressClassResource).toEqual({ name: 'vclusters', controllerValue: 'k8s.io/ingress-nginx-vclusters' });
    expect(values.tcp).toEqual({ '6443': 'ingress-nginx/ingress-nginx-controller:443' });
    expect(releaseValues(json(), 'vc').controlPlane.ingress.spec.ingressClassName).toBe('vclusters');
  });

  test('a host that runs its own controller installs none and uses its class', () => {
    const { json } = platform({ ingressController: IngressController.existing({ className: 'traefik-passthrough', sslPassthrough: true }) });
    const out = json();
    expect(Object.values(out.resource.helm_release).map((r: any) => r.name)).toEqual(['vc']);
    expect(releaseValues(out, 'vc').controlPlane.ingress.spec.ingressClassName).toBe('traefik-passthrough');
  });

  test('fails if a declared controller has SSL passthrough off', () => {
    const { stack } = platform({ ingressController: IngressController.existing({ className: 'nginx', sslPassthrough: false }) });
    expect(synthErrors(stack)).toEqual([expect.stringContaining('[CG5] test/g: hosts[0].ingressController.sslPassthrough = false')]);
  });

  test('a Gateway API TLSRoute instead of an Ingress', () => {
    const { json } = platform({}, { ingressController: IngressController.gatewayTlsRoute({ gatewayName: 'edge', gatewayNamespace: 'gateways', sectionName: 'tls' }) });
    const values = releaseValues(json(), 'vc');
    expect(values.controlPlane.ingress).toBeUndefined();
    expect(values.controlPlane.tlsRoute).toEqual({ enabled: true, host: 'vc.a.example.com', parentRefs: [{ name: 'edge', namespace: 'gateways', sectionName: 'tls' }] });
    expect(values.controlPlane.proxy.extraSANs).toEqual(['vc.a.example.com']);
    expect(values.exportKubeConfig.server).toBe('https://vc.a.example.com');
    expect(Object.values(json().resource.helm_release).map((r: any) => r.name)).toEqual(['vc']);
  });

  test('fails if two groups install MetalLB on one host: CG12 counts what the add-ons report', () => {
    const stack = testStack();
    const a = host(stack, 'a', { endpointTypes: [EndpointType.LOAD_BALANCER] });
    new ClusterGroup(stack, 'g', { endpointType: EndpointType.LOAD_BALANCER, hosts: [{ host: a, metallb: { addressPools: [{ name: 'p', addresses: ['10.0.0.0/28'] }] } }] });
    new ClusterGroup(stack, 'h', { endpointType: EndpointType.LOAD_BALANCER, hosts: [{ host: a, metallb: { addressPools: [{ name: 'q', addresses: ['10.0.1.0/28'] }] } }] });
    expect(synthErrors(stack).filter((e) => e.startsWith('[CG12]'))).toEqual([
      '[CG12] test/h: hosts[0] = "a": group "g" already installs MetalLB on host "a", and two installs of one chart on a host collide. Fix: install MetalLB from one group only',
    ]);
  });

  test('fails if two groups install ingress-nginx on one host', () => {
    const stack = testStack();
    const { group } = platform({}, {}, stack);
    new ClusterGroup(stack, 'h', { hosts: [{ host: group.hosts[0], dnsPattern: '*.h.example.com' }] });
    expect(synthErrors(stack)).toEqual([
      '[CG12] test/h: hosts[0] = "a": group "g" already installs ingress-nginx on host "a", and two installs of one chart on a host collide. Fix: declare it in this group with IngressController.existing({ className, sslPassthrough: true })',
    ]);
  });
});

describe('order of operations', () => {
  test('MetalLB, then its pools, then ingress-nginx, then DNS, then the virtual clusters', () => {
    const dnsStack = testStack();
    const provider = new DnsProvider(dnsStack, 'dns', { update: [{ server: '127.0.0.1' }] });
    const { json } = platform({ metallb: POOL }, { dns: WildcardDns.rfc2136({ provider, zone: 'example.com' }) }, dnsStack);
    const out = json();
    const metallb = address(out, 'helm_release', 'metallb');
    const pools = address(out, 'helm_release', 'metallb-address-pools');
    const nginx = address(out, 'helm_release', 'ingress-nginx');
    const record = `dns_a_record_set.${Object.keys(out.resource.dns_a_record_set)[0]}`;
    const at = (a: string) => out.resource[a.split('.')[0]][a.split('.')[1]];
    expect(at(pools).depends_on).toEqual([metallb]);
    expect(at(nginx).depends_on).toEqual([pools]);
    expect(at(record).depends_on).toEqual([nginx]);
    expect(release(out, 'vc').depends_on).toEqual([pools, nginx, record]);
    // And the add-ons' namespaces before the add-ons, by reference.
    expect(at(metallb).namespace).toMatch(/^\$\{kubernetes_namespace_v1\..*metallb-namespace.*\.metadata\[0\]\.name\}$/);
  });

  test('ExternalDNS, its record cleanup, then the ingress controller (so on destroy the record goes after the Service, before ExternalDNS), virtual clusters after all', () => {
    const { json } = platform({}, { dns: WildcardDns.externalDns({ provider: 'cloudflare' }) });
    const out = json();
    const nginx = address(out, 'helm_release', 'ingress-nginx');
    const externalDns = address(out, 'helm_release', 'external-dns');
    const cleanup = address(out, 'helm_release', 'external-dns-cleanup');
    expect(release(out, 'external-dns').depends_on).toBeUndefined();
    expect(release(out, 'external-dns-cleanup').depends_on).toEqual([externalDns]);
    expect(release(out, 'ingress-nginx').depends_on).toEqual([cleanup]);
    expect(release(out, 'vc').depends_on).toEqual([externalDns, nginx]);
  });

  test('with cleanupOnDestroy: false, the controller follows ExternalDNS directly', () => {
    const { json } = platform({}, { dns: WildcardDns.externalDns({ provider: 'cloudflare', cleanupOnDestroy: false }) });
    const out = json();
    expect(Object.values(out.resource.helm_release).map((r: any) => r.name)).not.toContain('external-dns-cleanup');
    expect(release(out, 'ingress-nginx').depends_on).toEqual([address(out, 'helm_release', 'external-dns')]);
  });

  test('with MetalLB: pools, then ExternalDNS, then the controller', () => {
    const { json } = platform({ metallb: POOL }, { dns: WildcardDns.externalDns({ provider: 'cloudflare' }) });
    const out = json();
    const pools = address(out, 'helm_release', 'metallb-address-pools');
    const externalDns = address(out, 'helm_release', 'external-dns');
    expect(release(out, 'external-dns').depends_on).toEqual([pools]);
    expect(release(out, 'external-dns-cleanup').depends_on).toEqual([externalDns]);
    expect(release(out, 'ingress-nginx').depends_on).toEqual([address(out, 'helm_release', 'external-dns-cleanup')]);
  });
});

describe('wildcard DNS', () => {
  test('ExternalDNS publishes *.<suffix> from the controller Service, wildcard-safe, credentials by reference only', () => {
    const { json } = platform({}, {
      dns: WildcardDns.externalDns({ provider: 'cloudflare', credentials: [{ name: 'CF_API_TOKEN', secretName: 'cf', secretKey: 'token' }], extraArgs: ['--cloudflare-proxied=false'] }),
    });
    const out = json();
    const ed = release(out, 'external-dns');
    expect(ed).toMatchObject({ chart: 'external-dns', version: '1.21.1', namespace: 'external-dns', create_namespace: true });
    expect(JSON.parse(ed.values[0])).toEqual({
      provider: { name: 'cloudflare' },
      sources: ['service'],
      policy: 'sync',
      triggerLoopOnEvent: true,
      registry: 'txt',
      txtOwnerId: 'cluster-groups-g-a',
      extraArgs: ['--txt-wildcard-replacement=wildcard', '--cloudflare-proxied=false'],
      domainFilters: ['a.example.com'],
      env: [{ name: 'CF_API_TOKEN', valueFrom: { secretKeyRef: { name: 'cf', key: 'token' } } }],
    });
    const nginx = JSON.parse(release(out, 'ingress-nginx').values[0]);
    expect(nginx.controller.service.annotations).toEqual({ 'external-dns.alpha.kubernetes.io/hostname': '*.a.example.com' });
  });

  test('RFC 2136: a record at the address pinned from the MetalLB pool', () => {
    const stack = testStack();
    const provider = new DnsProvider(stack, 'dns', { update: [{ server: '127.0.0.1' }] });
    const { json } = platform({ metallb: POOL }, { dns: WildcardDns.rfc2136({ provider, zone: 'example.com.', ttl: 60 }) }, stack);
    const out = json();
    expect(Object.values(out.resource.dns_a_record_set)).toEqual([expect.objectContaining({ zone: 'example.com.', name: '*.a', addresses: ['10.0.0.240'], ttl: 60, provider: 'dns' })]);
    expect(JSON.parse(release(out, 'ingress-nginx').values[0]).controller.service.annotations).toEqual({ 'metallb.io/loadBalancerIPs': '10.0.0.240' });
  });

  test('RFC 2136 without MetalLB: the address is read from the controller Service after apply', () => {
    const stack = testStack();
    const provider = new DnsProvider(stack, 'dns', { update: [{ server: '127.0.0.1' }] });
    const { json } = platform({}, { dns: WildcardDns.rfc2136({ provider, zone: 'example.com.' }) }, stack);
    const out = json();
    const svc = Object.values(out.data.kubernetes_service_v1)[0] as any;
    expect(svc.metadata).toEqual({ name: 'ingress-nginx-controller', namespace: 'ingress-nginx' });
    const [record] = Object.values(out.resource.dns_a_record_set) as any[];
    expect(record.addresses).toEqual([expect.stringMatching(/^\$\{data\.kubernetes_service_v1\..*\.status\[0\]\.load_balancer\[0\]\.ingress\[0\]\.ip\}$/)]);
  });

  test('fails if a pattern is outside the zone, or a host without our controller has no address', () => {
    const stack = testStack();
    const provider = new DnsProvider(stack, 'dns', { update: [{ server: '127.0.0.1' }] });
    platform({ ingressController: IngressController.existing({ className: 'nginx', sslPassthrough: true }) }, { dns: WildcardDns.rfc2136({ provider, zone: 'other.org.' }) }, stack);
    expect(synthErrors(stack)).toEqual([
      '[CG14] test/g: hosts[0].dnsPattern = "*.a.example.com": not inside the DNS zone "other.org." the records are written to. Fix: use a pattern ending in .other.org, or the zone that holds it',
      expect.stringContaining('[CG14] test/g: hosts[0].ingressAddress = null: the record for host "a" needs its ingress address'),
    ]);
  });

  test('the record cleanup is a generated chart in the ExternalDNS namespace', () => {
    const { json } = platform({}, { dns: WildcardDns.externalDns({ provider: 'cloudflare', namespace: 'dns' }) });
    expect(release(json(), 'external-dns-cleanup')).toMatchObject({ chart: expect.stringMatching(/^assets\/.*dns-cleanup-chart/), namespace: 'dns', provider: 'helm.a' });
  });

  test('warns, and installs no cleanup, when the values hold what the cleanup Job cannot mirror', () => {
    const { stack, json } = platform({}, { dns: WildcardDns.externalDns({ provider: 'webhook', values: { provider: { webhook: { image: { repository: 'example/dns-webhook' } } } } }) });
    expect(Object.values(json().resource.helm_release).map((r: any) => r.name)).not.toContain('external-dns-cleanup');
    const warnings = stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => /warn/.test(m.type)).map((m) => String(m.data)))
      .filter((w) => !w.startsWith('the lock file is written by PlatformSynth.run'));
    expect(warnings).toEqual([
      expect.stringContaining('the wildcard record "*.a.example.com" on host "a" stays in DNS after destroy: values.provider.webhook is not carried over to the cleanup Job. Delete it by hand after destroy, or set cleanupOnDestroy: false'),
    ]);
  });

  test('fails if ExternalDNS has no controller of ours to annotate', () => {
    const { stack } = platform({ ingressController: IngressController.existing({ className: 'nginx', sslPassthrough: true }) }, { dns: WildcardDns.externalDns({ provider: 'aws' }) });
    expect(synthErrors(stack)).toEqual([expect.stringContaining('[CG14] test/g: hosts[0] = "a": ExternalDNS publishes the wildcard from the ingress-nginx Service')]);
  });

  test('manual: nothing is created, and synth says which record to create', () => {
    const { json, group } = platform({ metallb: POOL });
    expect(json().resource.dns_a_record_set).toBeUndefined();
    const addons = group.addonsOf(group.hosts[0])!;
    expect(addons.node.metadata.map((m) => m.data)).toEqual(['create the DNS record "*.a.example.com" A 10.0.0.240 on host "a": this group creates no DNS records (WildcardDns.manual)']);
  });

  test('record names are relative to the zone', () => {
    expect(recordName('*.east.dev.example.com', 'example.com.')).toBe('*.east.dev');
    expect(recordName('*.example.com', 'example.com.')).toBe('*');
  });
});

describe('MetalLB', () => {
  test('installs the chart for an L2 site and ships pools in a generated chart, not as kubernetes_manifest', () => {
    const { json } = platform({ metallb: POOL }, { endpointType: EndpointType.LOAD_BALANCER });
    const out = json();
    expect(release(out, 'metallb')).toMatchObject({ chart: 'metallb', version: '0.16.1', repository: 'https://metallb.github.io/metallb' });
    expect(JSON.parse(release(out, 'metallb').values[0])).toEqual({ frrk8s: { enabled: false }, speaker: { frr: { enabled: false } } });
    expect(release(out, 'metallb-address-pools').chart).toMatch(/^assets\/.*pools-chart/);
    expect(out.resource.kubernetes_manifest).toBeUndefined();
    expect(Object.values(out.resource.kubernetes_namespace_v1).map((n: any) => n.metadata)).toContainEqual({
      name: 'metallb-system',
      labels: expect.objectContaining({ 'pod-security.kubernetes.io/enforce': 'privileged' }),
    });
  });

  test('fails if pools are malformed, overlap, or are too small', () => {
    const stack = testStack();
    const a = host(stack, 'a');
    const g = new ClusterGroup(stack, 'lb', {
      endpointType: EndpointType.LOAD_BALANCER,
      hosts: [{ host: a, metallb: { addressPools: [{ name: 'one', addresses: ['10.0.0.1/32', '10.0.0.0/30', '10.0.0.5/29'] }, { name: 'v6', addresses: ['fd00::/120'] }] } }],
    });
    for (const n of ['x', 'y', 'z', 'w', 'v']) g.addVirtualCluster(n, { cpu: 1 });
    expect(synthErrors(stack)).toEqual([
      '[CG13] test/lb: hosts[0].metallb.addressPools[0].addresses[1] = "10.0.0.0/30": overlaps 10.0.0.1/32 of pool "one"; MetalLB would hand out one address twice. Fix: make the ranges disjoint',
      expect.stringContaining('[CG13] test/lb: hosts[0].metallb.addressPools[0].addresses[2] = "10.0.0.5/29": not an IPv4 CIDR prefix or start-end range'),
      expect.stringContaining('[CG13] test/lb: hosts[0].metallb.addressPools[1].addresses[0] = "fd00::/120": IPv6 pools are not supported by this library yet'),
    ]);
  });

  test('needs one address per load-balancer virtual cluster', () => {
    const stack2 = testStack();
    const b = host(stack2, 'b');
    const lb2 = new ClusterGroup(stack2, 'lb', { endpointType: EndpointType.LOAD_BALANCER, hosts: [{ host: b, metallb: { addressPools: [{ name: 'p', addresses: ['10.0.0.10-10.0.0.11'] }] } }] });
    for (const n of ['one', 'two', 'three']) lb2.addVirtualCluster(n, { cpu: 1 });
    expect(synthErrors(stack2)).toEqual([
      '[CG13] test/lb: hosts[0].metallb.addressPools = "2 address(es)": host "b" needs 3: one per load-balancer virtual cluster and one for the ingress controller. Fix: widen the pools by 1 address(es) or place fewer load-balancer virtual clusters here',
    ]);
  });

  test('fails if the pinned ingress address is outside the pools', () => {
    const { stack } = platform({ metallb: POOL, ingressAddress: '10.0.1.1' });
    expect(synthErrors(stack)).toEqual([
      '[CG13] test/g: hosts[0].ingressAddress = "10.0.1.1": not inside any address pool of the host, so MetalLB cannot assign it. Fix: pick an address from one of the pools',
    ]);
  });
});

describe('EdgeClusterGroup', () => {
  const edgeHost = (stack: TerraformStack, name: string) => host(stack, name, { kind: HostClusterKind.EDGE });

  test('an edge site with MetalLB and ingress-nginx passes', () => {
    const stack = testStack();
    const g = new EdgeClusterGroup(stack, 'site', { hosts: [{ host: edgeHost(stack, 'store'), dnsPattern: '*.store.example.com', metallb: POOL }] });
    g.addVirtualCluster('pos');
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  test('fails if it lacks a load balancer, holds a cloud host, or two hosts', () => {
    const stack = testStack();
    new EdgeClusterGroup(stack, 'site', {
      hosts: [
        { host: edgeHost(stack, 'one'), dnsPattern: '*.one.example.com' },
        { host: host(stack, 'cloud'), dnsPattern: '*.cloud.example.com', metallb: POOL },
      ],
    });
    expect(synthErrors(stack)).toEqual([
      '[CG3] test/site: hosts[1] = "cloud": host "cloud" is a cloud cluster, and an edge cluster group holds only edge clusters. Fix: put it in a ClusterGroup instead',
      '[CG3] test/site: hosts = ["one","cloud"]: an edge cluster group holds at most one host, this one has 2. Fix: make one edge cluster group per edge site',
      '[CG4] test/site: hosts[0] = "one": edge sites have no cloud load balancer, and this ingress group does not provide what host "one" needs. Fix: add MetalLB with an address pool, so that ingress-nginx gets an address',
    ]);
  });

  test('a plain group refuses an edge host', () => {
    const stack = testStack();
    new ClusterGroup(stack, 'g', { hosts: [{ host: edgeHost(stack, 'store'), dnsPattern: '*.s.example.com' }] });
    expect(synthErrors(stack)).toEqual([expect.stringContaining('[CG3] test/g: hosts[0] = "store": host "store" is an edge cluster')]);
  });
});
