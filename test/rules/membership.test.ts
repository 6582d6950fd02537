import { checkEdgeCapability, checkEdgeMembership, checkEndpointSupport, checkHostEligibility, checkHostProviders, checkSharedHosts } from '../../src/rules/membership';
import { formatViolation } from '../../src/model/platform-model';
import { groupM, hostM, platform } from './model-builder';

const messages = (vs: { map: (f: typeof formatViolation) => string[] }) => vs.map(formatViolation);

describe('CG1 endpoint-support', () => {
  test('passes when every host serves the endpoint type', () => {
    expect(checkEndpointSupport(platform())).toEqual([]);
  });

  test('fails if a host cannot serve the group endpoint type', () => {
    const m = platform({ endpointType: 'load-balancer' }, [hostM('a', { endpointTypes: ['ingress'] })]);
    expect(messages(checkEndpointSupport(m))).toEqual([
      '[CG1] s/g: hosts[0] = "a": host "a" serves "ingress" but the group\'s endpoint type is "load-balancer". Fix: add "load-balancer" to the host\'s endpointTypes (once it really can serve it) or remove the host from the group',
    ]);
  });
});

describe('CG2 host-eligibility', () => {
  test('passes for a plain workload cluster', () => {
    expect(checkHostEligibility(platform())).toEqual([]);
  });

  test.each([
    ['virtual', 'a virtual cluster'],
    ['readOnly', 'a read-only imported cluster'],
    ['gateway', 'a gateway cluster'],
  ])('fails if the host is %s', (flag, words) => {
    const [v] = checkHostEligibility(platform({}, [hostM('a', { [flag]: true })]));
    expect(v.rule).toBe('CG2');
    expect(v.message).toBe(`host "a" is ${words}, which can never host virtual clusters`);
  });
});

describe('CG3 edge-membership', () => {
  test('passes for one edge host in an edge group', () => {
    expect(checkEdgeMembership(platform({ edge: true }, [hostM('a', { kind: 'edge' })]))).toEqual([]);
  });

  test('fails if a plain group holds an edge host', () => {
    const [v] = checkEdgeMembership(platform({}, [hostM('a', { kind: 'edge' })]));
    expect(v.message).toBe('host "a" is an edge cluster, and a plain cluster group holds no edge clusters');
  });

  test('fails if an edge group holds a cloud host, or two hosts', () => {
    const m = platform(
      { edge: true, members: [{ host: 'a' }, { host: 'b' }] },
      [hostM('a', { kind: 'edge' }), hostM('b', { kind: 'cloud' })],
    );
    expect(checkEdgeMembership(m).map((v) => v.message)).toEqual([
      'host "b" is a cloud cluster, and an edge cluster group holds only edge clusters',
      'an edge cluster group holds at most one host, this one has 2',
    ]);
  });
});

describe('CG4 edge-capability', () => {
  const edge = [hostM('a', { kind: 'edge' })];
  const pool = { pools: [{ name: 'p', addresses: ['10.0.0.0/29'] }] };
  const nginx = { kind: 'nginx' as const, className: 'nginx', sslPassthrough: true };

  test('passes when an edge ingress group installs ingress-nginx and MetalLB for its address', () => {
    expect(checkEdgeCapability(platform({ edge: true, members: [{ host: 'a', dnsPattern: '*.a.example.com', ingress: nginx, metallb: pool }] }, edge))).toEqual([]);
  });

  test('passes when an edge load-balancer group installs MetalLB', () => {
    expect(checkEdgeCapability(platform({ edge: true, endpointType: 'load-balancer', members: [{ host: 'a', metallb: pool }] }, edge))).toEqual([]);
  });

  test('fails if an edge load-balancer group installs no load balancer', () => {
    const [v] = checkEdgeCapability(platform({ edge: true, endpointType: 'load-balancer', members: [{ host: 'a' }] }, edge));
    expect(v.rule).toBe('CG4');
    expect(v.message).toBe('edge sites have no cloud load balancer, and this load-balancer group does not provide what host "a" needs');
    expect(v.fix).toBe('add MetalLB with an address pool to the host');
  });

  test('fails if an edge ingress group installs ingress-nginx without MetalLB, or has no ingress at all', () => {
    expect(checkEdgeCapability(platform({ edge: true, members: [{ host: 'a', ingress: nginx }] }, edge))[0].fix).toBe('add MetalLB with an address pool, so that ingress-nginx gets an address');
    expect(checkEdgeCapability(platform({ edge: true, members: [{ host: 'a' }] }, edge))[0].fix).toContain('install ingress-nginx');
  });

  test('ignores plain groups, which use the cloud load balancer', () => {
    expect(checkEdgeCapability(platform({ endpointType: 'load-balancer' }))).toEqual([]);
  });
});

describe('CG10 shared-host', () => {
  test('passes when groups share a host with one endpoint type', () => {
    const m = { hosts: [hostM('a')], groups: [groupM(), groupM({ name: 'h', path: 's/h' })] };
    expect(checkSharedHosts(m)).toEqual([]);
  });

  test('fails if two groups use one host with different endpoint types', () => {
    const m = { hosts: [hostM('a')], groups: [groupM(), groupM({ name: 'h', path: 's/h', endpointType: 'load-balancer' })] };
    const [v] = checkSharedHosts(m);
    expect(v.path).toBe('s/h');
    expect(v.message).toBe('host "a" is in group "g" with endpoint type "ingress" and in this group with "load-balancer"');
  });
});

describe('CG16 host-providers', () => {
  const on = (kubernetes: string, helm: string) => ({ providers: { kubernetes, helm } });

  test('passes when each host has its own providers', () => {
    expect(checkHostProviders({ hosts: [hostM('a', on('s/a-k8s', 's/a-helm')), hostM('b', on('s/b-k8s', 's/b-helm'))], groups: [] })).toEqual([]);
  });

  test('fails if two hosts share a provider: they are one cluster', () => {
    const m = { hosts: [hostM('a', on('s/a-k8s', 's/a-helm')), hostM('b', { ...on('s/a-k8s', 's/b-helm'), path: 's/b' })], groups: [] };
    expect(checkHostProviders(m).map(formatViolation)).toEqual([
      '[CG16] s/b: kubernetesProvider = "s/a-k8s": host "a" uses this provider too, so both would be the same cluster: every add-on, namespace and virtual cluster of the two would land on it, and collide. Fix: give each host cluster a provider pair of its own (one alias per cluster), or use one HostCluster for that cluster in every group',
    ]);
  });
});
