// Helpers over plain values documents (Helm values, parsed JSON).

export function isPlainObject(v: unknown): v is Record<string, any> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Freezes a value all the way down, for data shared by everything in the process. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
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

/** Keys that reach an object's prototype when merged: never meaningful in chart values. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Why raw values cannot be merged safely, or undefined: a key such as `__proto__` (which a
 * merge would turn into a prototype change, silently dropping it), or an object that is not
 * plain data (an object literal's `__proto__` already changed its prototype). Returns the path.
 */
export function unsafeValuesPath(values: unknown, path = ''): string | undefined {
  if (Array.isArray(values)) {
    for (let i = 0; i < values.length; i++) {
      const bad = unsafeValuesPath(values[i], `${path}[${i}]`);
      if (bad !== undefined) return bad;
    }
    return undefined;
  }
  if (values === null || typeof values !== 'object') return undefined;
  const proto = Object.getPrototypeOf(values);
  if (proto !== Object.prototype && proto !== null) return `${path || '.'} (not a plain object)`;
  for (const key of Object.keys(values)) {
    const at = path ? `${path}.${key}` : key;
    if (UNSAFE_KEYS.has(key)) return at;
    const bad = unsafeValuesPath((values as Record<string, unknown>)[key], at);
    if (bad !== undefined) return bad;
  }
  return undefined;
}

/**
 * A value as the user wrote it, in JSON, except what JSON cannot show: a class instance (a
 * construct, a provider) is named by its class, a function as such, an object met twice (a
 * loop) as `(seen above)`, NaN and Infinity as themselves.
 */
export function showValue(value: unknown): string {
  if (typeof value === 'number') return String(value); // NaN and Infinity, which JSON prints as null
  const seen = new WeakSet<object>();
  const shown = JSON.stringify(value, (_, v: unknown) => {
    if (typeof v === 'function') return '(a function)';
    if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
    if (typeof v !== 'object' || v === null) return v;
    const proto = Object.getPrototypeOf(v);
    if (!Array.isArray(v) && proto !== Object.prototype && proto !== null) return `(a ${v.constructor?.name || 'object'})`;
    if (seen.has(v)) return '(seen above)';
    seen.add(v);
    return v;
  });
  return shown === undefined ? String(value) : shown;
}
