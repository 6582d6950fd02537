// Kubernetes quantities, with the grammar of k8s.io/apimachinery's resource.Quantity:
//   quantity ::= signedNumber suffix
//   suffix   ::= binarySI (Ki Mi Gi Ti Pi Ei) | decimalExponent (e|E signedNumber)
//              | decimalSI (m "" k M G T P E)
//   number   ::= digits | digits.digits | digits. | .digits

/** Binary suffixes as powers of two, decimal ones as powers of ten. */
const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
/** The units formatBytes writes, largest first, with their sizes worked out once: it runs for every virtual cluster. */
const BINARY_UNITS: readonly { readonly unit: string; readonly size: number }[] = ['Pi', 'Ti', 'Gi', 'Mi', 'Ki'].map((unit) => ({ unit, size: 2 ** BINARY[unit] }));

const QUANTITY = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E))?$/;

/**
 * Bytes in a quantity such as `8Gi`, `500M`, `1e3` or `.5Gi`, or undefined when it is not one.
 * Computed exactly, and a fraction of a byte rounds up, as Kubernetes rounds a quantity's value.
 */
export function parseBytes(text: string): number | undefined {
  const m = QUANTITY.exec(text);
  // A number needs a digit on at least one side of its point.
  if (!m || (m[2] === '' && !m[3])) return undefined;
  const [, sign, whole, fraction = '', exponent, suffix = ''] = m;
  // The common case (`4Gi`, `500M`, `1024`) in plain numbers, when they are exact.
  if (!fraction && exponent === undefined && suffix !== 'm') {
    const bytes = Number(whole) * (suffix in BINARY ? 2 ** BINARY[suffix] : 10 ** DECIMAL[suffix]);
    if (Number.isSafeInteger(bytes)) return sign === '-' && bytes ? -bytes : bytes;
  }
  let numerator = BigInt(whole + fraction || '0');
  let denominator = 10n ** BigInt(fraction.length);
  const power10 = exponent !== undefined ? Number(exponent) : (DECIMAL[suffix] ?? 0);
  if (power10 >= 0) numerator *= 10n ** BigInt(power10);
  else denominator *= 10n ** BigInt(-power10);
  numerator *= 2n ** BigInt(BINARY[suffix] ?? 0);
  const bytes = (numerator + denominator - 1n) / denominator;
  return Number(sign === '-' ? -bytes : bytes);
}

/** A byte count as the largest binary unit that divides it (`8Gi`, `1536Mi`). */
export function formatBytes(bytes: number): string {
  for (const { unit, size } of BINARY_UNITS) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}

/** CPU cores as millicores; cores may be fractional down to 1m. */
export function coresToMilli(cores: number): number {
  return Math.round(cores * 1000);
}

/** Millicores as a quantity: whole cores plainly (`2`), otherwise in millicores (`500m`). */
export function formatMilli(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** Human text for reports and errors: `1.5 CPU`, `6 GiB`. */
export function describeMilli(milli: number): string {
  return `${Number((milli / 1000).toFixed(3))} CPU`;
}

export function describeBytes(bytes: number): string {
  const gib = bytes / 2 ** 30;
  return gib >= 1 ? `${Number(gib.toFixed(2))} GiB` : `${Number((bytes / 2 ** 20).toFixed(1))} MiB`;
}
