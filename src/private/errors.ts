import { showValue, unsafeValuesPath } from '../model/values';

/**
 * A mistake in what the user passed, in the same shape as a rule violation. The constructs do
 * not let it escape: they report it with the rule violations at synth (see PlatformState).
 */
export class InputError extends Error {}

/** The input error `check` throws, if any; any other error is rethrown. */
export function inputError(check: () => void): InputError | undefined {
  try {
    check();
    return undefined;
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
}

export function argumentError(path: string, prop: string, value: unknown, problem: string, fix: string): InputError {
  return new InputError(`[input] ${path}: ${prop} = ${showValue(value)}: ${problem}. Fix: ${fix}`);
}

/** Throws when raw values hold a key or object that a merge would not keep as data. */
export function checkRawValues(path: string, prop: string, values: unknown): void {
  const bad = unsafeValuesPath(values);
  if (bad !== undefined) {
    throw argumentError(path, `${prop}.${bad}`, '(unsafe)', 'raw values must be plain data: this key or object would change a prototype when merged, and be dropped', 'remove it (chart values never need it)');
  }
}
