import { hostnameFor, isWildcardPattern } from '../../src/rules/naming';
import { checkIngressDns, checkNames } from '../../src/rules/naming';
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
