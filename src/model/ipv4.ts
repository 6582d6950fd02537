// IPv4 address ranges as MetalLB writes them: a CIDR prefix or an explicit start-end range.

export interface Ipv4Range {
  readonly first: number;
  readonly last: number;
}

// No leading zeros and no spaces, as Go's net.ParseIP (which MetalLB uses) reads addresses.
const OCTETS = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;

export function parseIpv4(text: string): number | undefined {
  const m = OCTETS.exec(text);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

export function formatIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/**
 * `192.168.1.0/28` or `192.168.1.10-192.168.1.20`; undefined when it is neither. As MetalLB reads
 * them: a prefix exactly as written, the two ends of a range with the spaces around them trimmed.
 */
export function parseRange(text: string): Ipv4Range | undefined {
  if (text.includes('/')) {
    const [addr, bits] = text.split('/');
    const base = parseIpv4(addr);
    const prefix = /^\d{1,2}$/.test(bits) ? Number(bits) : NaN;
    if (base === undefined || !(prefix >= 0 && prefix <= 32)) return undefined;
    const size = 2 ** (32 - prefix);
    // MetalLB takes the prefix as written; a host part outside the prefix is a typo.
    if (base % size !== 0) return undefined;
    return { first: base, last: base + size - 1 };
  }
  const [a, b, ...rest] = text.split('-');
  if (b === undefined || rest.length) return undefined;
  const first = parseIpv4(a.trim());
  const last = parseIpv4(b.trim());
  if (first === undefined || last === undefined || last < first) return undefined;
  return { first, last };
}

export function rangeSize(r: Ipv4Range): number {
  return r.last - r.first + 1;
}

export function overlaps(a: Ipv4Range, b: Ipv4Range): boolean {
  return a.first <= b.last && b.first <= a.last;
}

export function contains(r: Ipv4Range, ip: number): boolean {
  return ip >= r.first && ip <= r.last;
}
