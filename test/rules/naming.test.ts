import { hostnameFor, isWildcardPattern } from '../../src/rules/naming';
import { checkIngressDns, checkNames } from '../../src/rules/naming';
import { formatViolation } from '../../src/model/platform-model';
import { groupM, hostM, platform, vcM } from './model-builder';

describe('CG5 ingress-dns', () => {
  test('passes with one valid pattern per host', () => {
    const m = platform({ members: [{ host: 'a', dnsPattern: '*.a.example.com' }, { host: 'b', dnsPattern: '*.b.example.com' }] }, [hostM('a'), hostM('b')]);
    expect(checkIngressDns(m)).toEqual([]);
  });

  test('fails if a host has no pattern', () => {
    const [v] = checkIngressDns(platform({ members: [{ host: 'a' }] }));
    expect(v.prop).toBe('hosts[0].dnsPattern');
    expect(v.fix).toBe('set dnsPattern, for example "*.a.example.com"');
  });

  test.each(['dev.example.com', '*.com', '*.Dev.example.com', '*.-x.example.com', 'a.*.example.com'])('fails if the pattern is malformed: %s', (p) => {
    const [v] = checkIngressDns(platform({ members: [{ host: 'a', dnsPattern: p }] }));
    expect(v.message).toBe('not a wildcard DNS pattern');
    expect(v.value).toBe(p);
  });

  test('fails if two hosts share a pattern', () => {
    const m = platform({ members: [{ host: 'a', dnsPattern: '*.x.example.com' }, { host: 'b', dnsPattern: '*.x.example.com' }] }, [hostM('a'), hostM('b')]);
    const [v] = checkIngressDns(m);
    expect(v.message).toBe('host "a" already uses this pattern, and one wildcard record can point at one ingress only');
  });

  test('fails if the ingress controller has SSL passthrough off', () => {
    const [v] = checkIngressDns(platform({ members: [{ host: 'a', dnsPattern: '*.a.example.com', ingress: { kind: 'existing', className: 'nginx', sslPassthrough: false } }] }));
    expect(v.prop).toBe('hosts[0].ingressController.sslPassthrough');
    expect(v.message).toContain('x509');
  });

  test('ignores load-balancer groups', () => {
    expect(checkIngressDns(platform({ endpointType: 'load-balancer', members: [{ host: 'a' }] }))).toEqual([]);
  });

  test('hostnames are the name under the pattern suffix', () => {
    expect(hostnameFor('team-a', '*.dev.example.com')).toBe('team-a.dev.example.com');
    expect(isWildcardPattern('*.dev.example.com')).toBe(true);
  });
});

describe('CG6 names', () => {
  test('passes for valid, distinct names', () => {
    expect(checkNames(platform({ virtualClusters: [vcM('one'), vcM('two')] }))).toEqual([]);
  });

  test.each(['Team_A', '1team', 'team-', 'a'.repeat(64)])('fails if a virtual cluster name is not a DNS-1035 label: %s', (name) => {
    const [v] = checkNames(platform({ virtualClusters: [vcM(name, { namespace: 'ns' })] }));
    expect(v.rule).toBe('CG6');
    expect(v.message).toContain('DNS-1035 label');
  });

  test('fails if the release name is longer than 53 characters', () => {
    const name = 'a'.repeat(54);
    const [v] = checkNames(platform({ virtualClusters: [vcM(name, { namespace: 'ns' })] }));
    expect(v.message).toBe('the Helm release name is 54 characters, and Helm allows 53');
  });

  test('fails if two virtual clusters of a group share a name', () => {
    const vs = checkNames(platform({ virtualClusters: [vcM('x', { path: 's/g/x1', namespace: 'n1', hostname: 'h1' }), vcM('x', { path: 's/g/x2', namespace: 'n2', hostname: 'h2' })] }));
    expect(vs.map((v) => v.message)).toEqual(['group "g" already has a virtual cluster with this name']);
  });

  test('fails if two releases share a namespace on one host, across groups', () => {
    const m = { hosts: [hostM('a')], groups: [groupM({ virtualClusters: [vcM('x')] }), groupM({ name: 'h', path: 's/h', virtualClusters: [vcM('x', { path: 's/h/x' })] })] };
    const [v] = checkNames(m);
    expect(v.path).toBe('s/h/x');
    expect(v.message).toBe('s/g/x already installs a release into this namespace on host "a"');
  });

  test('fails if two virtual clusters answer at one hostname', () => {
    const m = platform({ virtualClusters: [vcM('x', { hostname: 'x.a.example.com' }), vcM('y', { namespace: 'other', hostname: 'x.a.example.com' })] });
    const [v] = checkNames(m);
    expect(v.prop).toBe('hostname');
  });

  test('fails if group names repeat in a stack, or hosts share a name', () => {
    const m = { hosts: [hostM('a'), hostM('a', { path: 's/a2' })], groups: [groupM(), groupM({ path: 's/g2' })] };
    expect(checkNames(m).map((v) => `${v.path} ${v.prop}`)).toEqual(['s/a2 clusterName', 's/g2 groupName']);
  });
});

describe('CG5 ingress-dns: collisions and names', () => {
  test('fails if a pattern lies under another, which takes over a name of its zone', () => {
    const m = platform({ members: [{ host: 'a', dnsPattern: '*.example.com' }, { host: 'b', dnsPattern: '*.b.example.com' }] }, [hostM('a'), hostM('b')]);
    expect(checkIngressDns(m).map(formatViolation)).toEqual([
      '[CG5] s/g: hosts[1].dnsPattern = "*.b.example.com": it lies under "*.example.com" of host "a": a virtual cluster named "b" there would answer at a name inside this pattern\'s zone, and not resolve. Fix: move "*.example.com" of host "a" down a level, such as "*.a.example.com", so that no pattern lies under another',
    ]);
  });

  test('siblings and look-alike suffixes do not collide', () => {
    const m = platform({ members: [{ host: 'a', dnsPattern: '*.a.example.com' }, { host: 'b', dnsPattern: '*.ba.example.com' }] }, [hostM('a'), hostM('b')]);
    expect(checkIngressDns(m)).toEqual([]);
  });

  test('fails on an ingress class name Kubernetes would reject, once for a group-wide controller', () => {
    const ingress = { kind: 'nginx' as const, className: 'My_Class', sslPassthrough: true, prop: 'ingressController' };
    const m = platform({ members: [{ host: 'a', dnsPattern: '*.a.example.com', ingress }, { host: 'b', dnsPattern: '*.b.example.com', ingress }] }, [hostM('a'), hostM('b')]);
    expect(checkIngressDns(m).map(formatViolation)).toEqual([
      '[CG5] s/g: ingressController.className = "My_Class": not an ingress class name: Kubernetes names an IngressClass with a DNS-1123 subdomain of at most 229 characters here. Fix: use lowercase letters, digits, "-" and ".", such as "nginx" or "nginx-passthrough"',
    ]);
  });

  test('fails on Gateway references Kubernetes would reject', () => {
    const ingress = { kind: 'gateway' as const, className: '', sslPassthrough: true, prop: 'hosts[0].ingressController', gateway: { name: '', namespace: 'Infra', sectionName: '' } };
    expect(checkIngressDns(platform({ members: [{ host: 'a', dnsPattern: '*.a.example.com', ingress }] })).map((v) => `${v.prop}: ${v.message}`)).toEqual([
      'hosts[0].ingressController.gatewayName: not a Gateway name (a DNS-1123 subdomain)',
      'hosts[0].ingressController.gatewayNamespace: not a namespace name (a DNS-1123 label)',
      'hosts[0].ingressController.sectionName: not a Gateway listener name (a DNS-1123 subdomain)',
    ]);
  });
});

describe('CG6 names: namespaces and hostnames', () => {
  test.each(['default', 'kube-system', 'kube-public', 'kube-node-lease'])('fails if a virtual cluster uses the system namespace %s', (ns) => {
    expect(checkNames(platform({ virtualClusters: [vcM('x', { namespace: ns })] })).map(formatViolation)).toEqual([
      `[CG6] s/g/x: namespace = "${ns}": every cluster has this namespace already: creating it fails, and destroying the virtual cluster would try to delete it. Fix: leave namespace out (it defaults to "vcluster-x") or choose one no one else uses`,
    ]);
  });

  test('fails if a virtual cluster uses a namespace an add-on installs into on its host, from any group', () => {
    const addons = groupM({ name: 'edge', path: 's/edge', members: [{ host: 'a', addons: ['MetalLB'], addonNamespaces: ['metallb-system'] }] });
    const g = groupM({ virtualClusters: [vcM('x', { namespace: 'metallb-system' }), vcM('y', { namespace: 'metallb-system', host: 'b' })] });
    expect(checkNames({ hosts: [hostM('a'), hostM('b')], groups: [addons, g] }).map(formatViolation)).toEqual([
      '[CG6] s/g/x: namespace = "metallb-system": group "edge" installs add-ons into this namespace on host "a", and the two would own and delete it together. Fix: leave namespace out (it defaults to "vcluster-x") or choose one no one else uses',
    ]);
  });

  test('fails if a hostname is longer than DNS allows', () => {
    const hostname = `x.${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(56)}.com`;
    const [v] = checkNames(platform({ virtualClusters: [vcM('x', { hostname })] }));
    expect(`${v.prop}: ${v.message}. ${v.fix}`).toBe("hostname: 254 characters, and DNS allows 253. shorten the virtual cluster's name or its host's dnsPattern by 1 or more characters");
  });
});
