// Kubernetes quantities: just the forms people write for memory and storage, exactly.

const SUFFIX: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
};

const QUANTITY = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/;

/** Bytes in a quantity such as `8Gi` or `500M`, or undefined when it is not one. */
export function parseBytes(text: string): number | undefined {
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * SUFFIX[m[2] ?? '']);
}

/** A byte count as the largest binary unit that divides it (`8Gi`, `1536Mi`). */
export function formatBytes(bytes: number): string {
  for (const unit of ['Pi', 'Ti', 'Gi', 'Mi', 'Ki']) {
    const size = SUFFIX[unit];
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
