import { checkAddonOwnership, checkAddressPools, checkWildcardDns } from '../../src/rules/addons';
import { GroupMemberModel } from '../../src/model/platform-model';
import { groupM, hostM, platform, vcM } from './model-builder';

const nginx = { kind: 'nginx' as const, className: 'nginx', sslPassthrough: true };
const member = (over: Partial<GroupMemberModel> = {}): GroupMemberModel => ({ host: 'a', dnsPattern: '*.a.example.com', ingress: nginx, addons: ['ingress-nginx'], ...over });

describe('CG12 addon-ownership', () => {
  test('passes when one group installs each add-on on a host', () => {
    const m = { hosts: [hostM('a')], groups: [groupM({ members: [member()] }), groupM({ name: 'h', path: 's/h', members: [member({ ingress: { kind: 'existing', className: 'nginx', sslPassthrough: true }, addons: [] })] })] };
    expect(checkAddonOwnership(m)).toEqual([]);
  });

  test('fails if two groups install MetalLB on one host', () => {
    const metallb = { pools: [{ name: 'p', addresses: ['10.0.0.0/30'] }] };
    const m = { hosts: [hostM('a')], groups: [groupM({ members: [member({ metallb, addons: ['MetalLB', 'ingress-nginx'] })] }), groupM({ name: 'h', path: 's/h', endpointType: 'load-balancer', members: [{ host: 'a', metallb, addons: ['MetalLB'] }] })] };
    const [v] = checkAddonOwnership(m);
    expect(v.message).toBe('group "g" already installs MetalLB on host "a", and two installs of one chart on a host collide');
    expect(v.fix).toBe('install MetalLB from one group only');
  });
});

describe('CG13 address-pools', () => {
  const pools = (addresses: string[]) => ({ pools: [{ name: 'p', addresses }] });

  test('passes with room for every Service', () => {
    expect(checkAddressPools(platform({ members: [member({ metallb: pools(['10.0.0.1-10.0.0.1']) })] }))).toEqual([]);
  });

  test('counts ingress-nginx as one Service, and the virtual clusters of every group on the host', () => {
    const ingress = groupM({ members: [member({ metallb: pools(['10.0.0.1/32']) })] });
    expect(checkAddressPools({ hosts: [hostM('a')], groups: [ingress] })).toEqual([]);
    const lb = groupM({ name: 'h', path: 's/h', endpointType: 'load-balancer', members: [{ host: 'a' }], virtualClusters: [vcM('x')] });
    expect(checkAddressPools({ hosts: [hostM('a')], groups: [ingress, lb] }).map((x) => x.message)).toEqual([
      'host "a" needs 2: one per load-balancer virtual cluster and one for the ingress controller',
    ]);
  });

  test('fails on a pool without addresses', () => {
    expect(checkAddressPools(platform({ members: [member({ metallb: pools([]) })] })).map((v) => v.message)).toEqual(['pool "p" has no addresses']);
  });

  test('fails on an empty pool list and on bad or repeated pool names', () => {
    expect(checkAddressPools(platform({ members: [member({ metallb: { pools: [] } })] })).map((v) => v.message)).toEqual(['MetalLB without an address pool assigns no addresses']);
    const m = platform({ members: [member({ metallb: { pools: [{ name: 'Bad', addresses: ['10.0.0.0/30'] }, { name: 'ok', addresses: ['10.0.1.0/30'] }, { name: 'ok', addresses: ['10.0.2.0/30'] }] } })] });
    expect(checkAddressPools(m).map((v) => v.message)).toEqual(['not a DNS-1123 label', 'another pool on this host has this name']);
  });

  test.each(['10.0.0.256/30', '10.0.0.0/33', '10.0.0.9-10.0.0.1', '10.0.0.1-', 'ten'])('fails on a malformed range: %s', (text) => {
    const [v] = checkAddressPools(platform({ members: [member({ metallb: pools([text]) })] }));
    expect(v.message).toBe('not an IPv4 CIDR prefix or start-end range as MetalLB reads them (no leading zeros, no spaces in a prefix)');
  });
});

describe('CG14 wildcard-dns', () => {
  test('passes for ExternalDNS over our ingress-nginx, and for manual records', () => {
    expect(checkWildcardDns(platform({ dns: { kind: 'external-dns' } }))).toEqual([]);
    expect(checkWildcardDns(platform({ dns: { kind: 'manual' }, members: [member({ ingress: { kind: 'gateway', className: '', sslPassthrough: true } })] }))).toEqual([]);
  });

  test('passes for RFC 2136 inside the zone, with an address to point at', () => {
    expect(checkWildcardDns(platform({ dns: { kind: 'rfc2136', zone: 'example.com.' } }))).toEqual([]);
    expect(checkWildcardDns(platform({ dns: { kind: 'rfc2136', zone: 'a.example.com' }, members: [member({ ingress: { kind: 'existing', className: 'x', sslPassthrough: true }, ingressAddress: '10.0.0.1' })] }))).toEqual([]);
  });

  test('fails if the pattern is outside the zone', () => {
    const [v] = checkWildcardDns(platform({ dns: { kind: 'rfc2136', zone: 'ample.com.' } }));
    expect(v.prop).toBe('hosts[0].dnsPattern');
  });
});
