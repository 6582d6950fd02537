import { contains, Ipv4Range, overlaps, parseIpv4, parseRange, rangeSize } from '../model/ipv4';
import { GroupMemberModel, PlatformModel, Violation } from '../model/platform-model';
import { isDnsLabel } from './naming';

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
              message: text.includes(':') ? 'IPv6 pools are not supported by this library yet' : 'not an IPv4 CIDR prefix or start-end range',
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
      if (m.ingressAddress !== undefined && ranges.length && (pin === undefined || !ranges.some((r) => contains(r.range, pin)))) {
        out.push({
          rule: 'CG13',
          path: g.path,
          prop: `hosts[${i}].ingressAddress`,
          value: m.ingressAddress,
          message: pin === undefined ? 'not an IPv4 address' : 'not inside any address pool of the host, so MetalLB cannot assign it',
          fix: 'pick an address from one of the pools',
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

/** CG14: the chosen wildcard DNS strategy can work for every ingress host. */
export function checkWildcardDns(model: PlatformModel): Violation[] {
  const out: Violation[] = [];
  for (const g of model.groups) {
    if (g.endpointType !== 'ingress') continue;
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
