import { unsafeValuesPath } from '../model/values';

/**
 * A mistake in what the user passed, in the same shape as a rule violation. The constructs do
 * not let it escape: they report it with the rule violations at synth (see PlatformState).
 */
export class InputError extends Error {}

export function argumentError(path: string, prop: string, value: unknown, problem: string, fix: string): InputError {
  return new InputError(`[input] ${path}: ${prop} = ${showValue(value)}: ${problem}. Fix: ${fix}`);
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

/** Throws when raw values hold a key or object that a merge would not keep as data. */
export function checkRawValues(path: string, prop: string, values: unknown): void {
  const bad = unsafeValuesPath(values);
  if (bad !== undefined) {
    throw argumentError(path, `${prop}.${bad}`, '(unsafe)', 'raw values must be plain data: this key or object would change a prototype when merged, and be dropped', 'remove it (chart values never need it)');
  }
}
