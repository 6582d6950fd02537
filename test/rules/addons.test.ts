import { checkAddonOwnership, checkAddressPools, checkWildcardDns } from '../../src/rules/addons';
import { DnsModel, formatViolation, GroupMemberModel } from '../../src/model/platform-model';
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

  test('reads addresses as MetalLB does: spaces around the ends of a range are fine, nowhere else', () => {
    expect(checkAddressPools(platform({ members: [member({ metallb: pools(['10.0.0.1 - 10.0.0.2']) })] }))).toEqual([]);
    for (const text of [' 10.0.0.0/30', '10.0.0.0/30 ', '010.0.0.0/30', '10.0.0.01-10.0.0.2']) {
      expect(checkAddressPools(platform({ members: [member({ metallb: pools([text]) })] }))[0]?.value).toBe(text);
    }
  });

  test('fails if a pinned ingress address is not an address, with MetalLB or without', () => {
    for (const metallb of [pools(['10.0.0.0/30']), undefined]) {
      const [v] = checkAddressPools(platform({ members: [member({ metallb, ingressAddress: ' 10.0.0.1' })] }));
      expect(formatViolation(v)).toBe(
        `[CG13] s/g: hosts[0].ingressAddress = " 10.0.0.1": not an IPv4 address (four numbers from 0 to 255 without leading zeros or spaces). Fix: ${metallb ? 'pick an address from one of the pools, such as "192.168.10.10"' : 'write the address of the ingress load balancer, such as "192.168.10.10"'}`,
      );
    }
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

describe('CG14 wildcard-dns: option values', () => {
  const dnsErrors = (dns: DnsModel) => checkWildcardDns(platform({ members: [member({ ingressAddress: '10.0.0.1' })], dns })).map(formatViolation);

  test('passes for well-formed options', () => {
    expect(dnsErrors({ kind: 'external-dns', provider: 'azure-private-dns', namespace: 'dns', credentials: [{ name: 'CF_API_TOKEN', secretName: 'cf.token', secretKey: 'api-token' }] })).toEqual([]);
    expect(dnsErrors({ kind: 'rfc2136', zone: 'example.com.', ttl: 0 })).toEqual([]);
  });

  test('fails on an ExternalDNS provider, namespace or credential that Kubernetes or ExternalDNS would reject', () => {
    expect(dnsErrors({ kind: 'external-dns', provider: '', namespace: 'DNS', credentials: [{ name: '1TOKEN', secretName: 'Token', secretKey: 'a/b' }] })).toEqual([
      '[CG14] s/g: dns.provider = "": not an ExternalDNS provider name. Fix: name the provider as ExternalDNS spells it, such as "aws", "google", "azure" or "cloudflare"',
      '[CG14] s/g: dns.namespace = "DNS": not a namespace name (a DNS-1123 label). Fix: use lowercase letters, digits and "-", such as "external-dns"',
      '[CG14] s/g: dns.credentials[0].name = "1TOKEN": not an environment variable name Kubernetes accepts. Fix: use letters, digits, "_", "-" and ".", not starting with a digit, such as "CF_API_TOKEN"',
      '[CG14] s/g: dns.credentials[0].secretName = "Token": not a Secret name (a DNS-1123 subdomain). Fix: give the name of the Secret as it is in the cluster, such as "cloudflare-token"',
      '[CG14] s/g: dns.credentials[0].secretKey = "a/b": not a Secret key (letters, digits, "-", "_" and "."). Fix: give the key inside the Secret, such as "api-token"',
    ]);
  });

  test.each([-1, 1.5, 2 ** 31, NaN])('fails on a TTL a DNS server would reject: %s', (ttl) => {
    expect(dnsErrors({ kind: 'rfc2136', zone: 'example.com.', ttl })).toEqual([
      `[CG14] s/g: dns.ttl = ${ttl}: a TTL is a whole number of seconds from 0 to 2147483647. Fix: use a value such as 300 (five minutes), or leave it out`,
    ]);
  });

  test.each(['', '.', 'Example.com.', 'exa mple.com'])('fails on a zone that is not a DNS name: %j', (zone) => {
    expect(dnsErrors({ kind: 'rfc2136', zone }).filter((l) => l.includes('dns.zone'))).toEqual([
      `[CG14] s/g: dns.zone = ${JSON.stringify(zone)}: not a DNS zone name. Fix: give the zone in lowercase, such as "example.com."`,
    ]);
  });
});
