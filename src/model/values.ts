// Helpers over plain values documents (Helm values, parsed JSON).

export function isPlainObject(v: unknown): v is Record<string, any> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The value at a dotted path of a values document, or undefined. */
export function valueAt(values: Record<string, unknown>, path: string): unknown {
  let cur: unknown = values;
  for (const part of path.split('.')) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/**
 * Helm-style merge: objects merge key by key, anything else (arrays included) is replaced,
 * and null is kept so that it still removes a chart default when Helm merges.
 */
export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, any> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const cur = out[k];
    out[k] = isPlainObject(cur) && isPlainObject(v) ? deepMerge(cur, v) : v;
  }
  return out;
}
