/** A bad argument, thrown at construction, in the same shape as a rule violation. */
export function argumentError(path: string, prop: string, value: unknown, problem: string, fix: string): Error {
  return new Error(`[input] ${path}: ${prop} = ${JSON.stringify(value)}: ${problem}. Fix: ${fix}`);
}
