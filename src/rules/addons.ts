import { contains, Ipv4Range, overlaps, parseIpv4, parseRange, rangeSize } from '../model/ipv4';
import { DnsModel, GroupMemberModel, PlatformModel, Violation } from '../model/platform-model';
import { isDnsLabel, isDnsSubdomain } from './naming';

interface Install {
  readonly group: string;
  readonly path: string;
  readonly index: number;
}

/** CG12: each add-on is installed once per host, by one group. */
export function checkAddonOwnership(model: PlatformModel): Violation[] {
  const out: Violation[] = [];
  const seen = new Map<string, Install>();
  for (const g of model.groups) {
    g.members.forEach((m, i) => {
      for (const addon of m.addons ?? []) {
        const key = `${m.host}/${addon}`;
        const first = seen.get(key);
        if (!first) {
          seen.set(key, { group: g.name, path: g.path, index: i });
          continue;
        }
        out.push({
          rule: 'CG12',
          path: g.path,
          prop: `hosts[${i}]`,
          value: m.host,
          message: `group "${first.group}" already installs ${addon} on host "${m.host}", and two installs of one chart on a host collide`,
          fix: addon === 'ingress-nginx'
            ? `declare it in this group with IngressController.existing({ className, sslPassthrough: true })`
            : `install ${addon} from one group only`,
        });
      }
    });
  }
  return out;
}

/** CG13: MetalLB pools are well formed, do not overlap, and hold an address for every Service. */
export function checkAddressPools(model: PlatformModel): Violation[] {
  const out: Violation[] = [];
  const needByHost = addressesNeeded(model);
  for (const g of model.groups) {
    g.members.forEach((m, i) => {
      if (!m.metallb) return;
      const at = `hosts[${i}].metallb`;
      const ranges: { range: Ipv4Range; text: string; pool: string }[] = [];
      const names = new Set<string>();
      if (m.metallb.pools.length === 0) {
        out.push({ rule: 'CG13', path: g.path, prop: `${at}.addressPools`, value: [], message: 'MetalLB without an address pool assigns no addresses', fix: 'add a pool with at least one address range' });
      }
      m.metallb.pools.forEach((p, j) => {
        if (!isDnsLabel(p.name) || names.has(p.name)) {
          out.push({ rule: 'CG13', path: g.path, prop: `${at}.addressPools[${j}].name`, value: p.name, message: names.has(p.name) ? 'another pool on this host has this name' : 'not a DNS-1123 label', fix: 'give each pool its own lowercase name' });
        }
        names.add(p.name);
        if (p.addresses.length === 0) {
          out.push({ rule: 'CG13', path: g.path, prop: `${at}.addressPools[${j}].addresses`, value: [], message: `pool "${p.name}" has no addresses`, fix: 'give it at least one CIDR prefix or range, or remove it' });
        }
        p.addresses.forEach((text, k) => {
          const range = parseRange(text);
          if (!range) {
            out.push({
              rule: 'CG13',
              path: g.path,
              prop: `${at}.addressPools[${j}].addresses[${k}]`,
              value: text,
              message: text.includes(':') ? 'IPv6 pools are not supported by this library yet' : 'not an IPv4 CIDR prefix or start-end range as MetalLB reads them (no leading zeros, no spaces in a prefix)',
              fix: 'write "192.168.10.0/28" (the address must be the start of the prefix) or "192.168.10.10-192.168.10.20"',
            });
            return;
          }
          const clash = ranges.find((r) => overlaps(r.range, range));
          if (clash) {
            out.push({
              rule: 'CG13',
              path: g.path,
              prop: `${at}.addressPools[${j}].addresses[${k}]`,
              value: text,
              message: `overlaps ${clash.text} of pool "${clash.pool}"; MetalLB would hand out one address twice`,
              fix: 'make the ranges disjoint',
            });
          }
          ranges.push({ range, text, pool: p.name });
        });
      });
      const total = ranges.reduce((n, r) => n + rangeSize(r.range), 0);
      const need = needByHost.get(m.host) ?? 0;
      if (ranges.length && total < need) {
        out.push({
          rule: 'CG13',
          path: g.path,
          prop: `${at}.addressPools`,
          value: `${total} address(es)`,
          message: `host "${m.host}" needs ${need}: one per load-balancer virtual cluster and one for the ingress controller`,
          fix: `widen the pools by ${need - total} address(es) or place fewer load-balancer virtual clusters here`,
        });
      }
      const pin = m.ingressAddress !== undefined ? parseIpv4(m.ingressAddress) : undefined;
      if (pin !== undefined && ranges.length && !ranges.some((r) => contains(r.range, pin))) {
        out.push({
          rule: 'CG13',
          path: g.path,
          prop: `hosts[${i}].ingressAddress`,
          value: m.ingressAddress,
          message: 'not inside any address pool of the host, so MetalLB cannot assign it',
          fix: 'pick an address from one of the pools',
        });
      }
    });
    // Pinned on a Service, or written into a DNS record: it must be an address, MetalLB or not.
    g.members.forEach((m, i) => {
      if (m.ingressAddress !== undefined && parseIpv4(m.ingressAddress) === undefined) {
        out.push({
          rule: 'CG13',
          path: g.path,
          prop: `hosts[${i}].ingressAddress`,
          value: m.ingressAddress,
          message: 'not an IPv4 address (four numbers from 0 to 255 without leading zeros or spaces)',
          fix: m.metallb ? 'pick an address from one of the pools, such as "192.168.10.10"' : 'write the address of the ingress load balancer, such as "192.168.10.10"',
        });
      }
    });
  }
  return out;
}

/** Per host: LoadBalancer Services that MetalLB must serve (virtual clusters plus ingress-nginx). */
function addressesNeeded(model: PlatformModel): Map<string, number> {
  const need = new Map<string, number>();
  const bump = (host: string, n: number) => need.set(host, (need.get(host) ?? 0) + n);
  const nginxHosts = new Set<string>();
  for (const g of model.groups) {
    if (g.endpointType === 'load-balancer') {
      for (const vc of g.virtualClusters) if (vc.host !== undefined) bump(vc.host, 1);
    } else {
      for (const m of g.members) if (m.ingress?.kind === 'nginx') nginxHosts.add(m.host);
    }
  }
  for (const h of nginxHosts) bump(h, 1);
  return need;
}

/** CG14: the chosen wildcard DNS strategy is well formed and can work for every ingress host. */
export function checkWildcardDns(model: PlatformModel): Violation[] {
  const out: Violation[] = [];
  for (const g of model.groups) {
    if (g.endpointType !== 'ingress') continue;
    out.push(...checkDnsOptions(g.path, g.dns));
    g.members.forEach((m, i) => {
      if (g.dns.kind === 'external-dns' && m.ingress?.kind !== 'nginx') {
        out.push({
          rule: 'CG14',
          path: g.path,
          prop: `hosts[${i}]`,
          value: m.host,
          message: `ExternalDNS publishes the wildcard from the ingress-nginx Service this library installs, and host "${m.host}" has none`,
          fix: 'install ingress-nginx on it, or use WildcardDns.rfc2136() with its ingressAddress, or WildcardDns.manual()',
        });
      }
      if (g.dns.kind === 'rfc2136') out.push(...checkZone(g.path, i, m, g.dns.zone ?? ''));
    });
  }
  return out;
}

// Kubernetes' own checks for an environment variable name and a Secret key.
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;
// ExternalDNS provider names: `aws`, `google`, `azure-private-dns`, `cloudflare`...
const PROVIDER_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const MAX_TTL = 2 ** 31 - 1;

/** The options of WildcardDns.externalDns() and .rfc2136(), as Kubernetes and DNS will read them. */
function checkDnsOptions(path: string, dns: DnsModel): Violation[] {
  const out: Violation[] = [];
  const bad = (prop: string, value: unknown, message: string, fix: string) => out.push({ rule: 'CG14', path, prop: `dns.${prop}`, value, message, fix });
  if (dns.kind === 'external-dns') {
    if (dns.provider !== undefined && !PROVIDER_NAME.test(dns.provider)) {
      bad('provider', dns.provider, 'not an ExternalDNS provider name', 'name the provider as ExternalDNS spells it, such as "aws", "google", "azure" or "cloudflare"');
    }
    if (dns.namespace !== undefined && !isDnsLabel(dns.namespace)) {
      bad('namespace', dns.namespace, 'not a namespace name (a DNS-1123 label)', 'use lowercase letters, digits and "-", such as "external-dns"');
    }
    (dns.credentials ?? []).forEach((c, j) => {
      if (!ENV_VAR_NAME.test(c.name)) bad(`credentials[${j}].name`, c.name, 'not an environment variable name Kubernetes accepts', 'use letters, digits, "_", "-" and ".", not starting with a digit, such as "CF_API_TOKEN"');
      if (!isDnsSubdomain(c.secretName)) bad(`credentials[${j}].secretName`, c.secretName, 'not a Secret name (a DNS-1123 subdomain)', 'give the name of the Secret as it is in the cluster, such as "cloudflare-token"');
      if (!SECRET_KEY.test(c.secretKey)) bad(`credentials[${j}].secretKey`, c.secretKey, 'not a Secret key (letters, digits, "-", "_" and ".")', 'give the key inside the Secret, such as "api-token"');
    });
  }
  if (dns.kind === 'rfc2136') {
    const zone = dns.zone?.replace(/\.$/, '');
    if (zone !== undefined && (zone === '' || !isDnsSubdomain(zone))) {
      bad('zone', dns.zone, 'not a DNS zone name', 'give the zone in lowercase, such as "example.com."');
    }
    if (dns.ttl !== undefined && !(Number.isInteger(dns.ttl) && dns.ttl >= 0 && dns.ttl <= MAX_TTL)) {
      bad('ttl', dns.ttl, `a TTL is a whole number of seconds from 0 to ${MAX_TTL}`, 'use a value such as 300 (five minutes), or leave it out');
    }
  }
  return out;
}

function checkZone(path: string, i: number, m: GroupMemberModel, zone: string): Violation[] {
  const out: Violation[] = [];
  const suffix = m.dnsPattern?.slice(2);
  const zoneName = zone.replace(/\.$/, '');
  if (suffix !== undefined && suffix !== zoneName && !suffix.endsWith(`.${zoneName}`)) {
    out.push({
      rule: 'CG14',
      path,
      prop: `hosts[${i}].dnsPattern`,
      value: m.dnsPattern,
      message: `not inside the DNS zone "${zone}" the records are written to`,
      fix: `use a pattern ending in .${zoneName}, or the zone that holds it`,
    });
  }
  if (m.ingress?.kind !== 'nginx' && m.ingressAddress === undefined) {
    out.push({
      rule: 'CG14',
      path,
      prop: `hosts[${i}].ingressAddress`,
      value: null,
      message: `the record for host "${m.host}" needs its ingress address, and the library cannot read it from a controller it did not install`,
      fix: 'set ingressAddress on the host',
    });
  }
  return out;
}
