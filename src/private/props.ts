import { argumentError } from './errors';

/**
 * What one prop must be. TypeScript checks this at compile time; JavaScript callers, and
 * TypeScript callers whose objects come from `any` (parsed files, loose helpers), get it here, as
 * an `[input]` error naming the prop instead of a TypeError from deep inside the library.
 */
export type PropSpec =
  | 'string'
  | 'number'
  | 'boolean'
  | 'object'
  | 'string[]'
  | 'string map'
  | { readonly oneOf: readonly string[] }
  | { readonly listOf: { readonly oneOf: readonly string[] } }
  | { readonly listOf: PropsSpec }
  | { readonly props: PropsSpec }
  | { readonly is: (v: unknown) => boolean; readonly what: string };

export interface PropsSpec {
  readonly [prop: string]: { readonly type: PropSpec; readonly required?: boolean };
}

/** The spec of a props interface: the compiler fails when a prop is added to one and not the other. */
export type SpecOf<T> = { readonly [K in keyof Required<T>]: { readonly type: PropSpec; readonly required?: boolean } };

/** Throws the first problem: not an object, a required prop missing, a wrong type, an unknown prop. */
export function checkProps(path: string, prefix: string, props: unknown, spec: PropsSpec, hints: { readonly [unknown: string]: string } = {}): void {
  const at = (p: string) => (prefix ? `${prefix}.${p}` : p);
  if (typeof props !== 'object' || props === null || Array.isArray(props)) {
    throw argumentError(path, prefix || 'props', props, 'not an object of props', `pass an object with ${requiredNames(spec) || 'the props you need'}`);
  }
  const given = props as Record<string, unknown>;
  for (const [name, p] of Object.entries(spec)) {
    const v = given[name];
    if (v === undefined) {
      if (p.required) throw argumentError(path, at(name), undefined, 'required', `give ${at(name)} (${describe(p.type)})`);
      continue;
    }
    checkValue(path, at(name), v, p.type);
  }
  for (const name of Object.keys(given)) {
    if (name in spec) continue;
    const near = hints[name] ?? Object.keys(spec).find((k) => k.toLowerCase() === name.toLowerCase() || editDistance(k, name) <= 2);
    throw argumentError(path, at(name), given[name], 'not a prop here, so it would be ignored', near ? `did you mean ${at(near)}?` : `remove it; the props are ${Object.keys(spec).join(', ')}`);
  }
}

function checkValue(path: string, prop: string, v: unknown, type: PropSpec): void {
  if (typeof type === 'object' && 'listOf' in type) {
    if (!Array.isArray(v)) throw argumentError(path, prop, v, 'not a list', `give a list of ${describe(type.listOf as PropSpec)}`);
    v.forEach((item, i) => {
      if ('oneOf' in type.listOf) checkValue(path, `${prop}[${i}]`, item, type.listOf as PropSpec);
      else checkProps(path, `${prop}[${i}]`, item, type.listOf as PropsSpec);
    });
    return;
  }
  if (typeof type === 'object' && 'props' in type) {
    checkProps(path, prop, v, type.props);
    return;
  }
  if (!matches(v, type)) throw argumentError(path, prop, v, `not ${describe(type)}`, `give ${describe(type)}`);
}

function matches(v: unknown, type: PropSpec): boolean {
  switch (type) {
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'string[]':
      return Array.isArray(v) && v.every((x) => typeof x === 'string');
    case 'string map':
      return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
  }
  if ('oneOf' in type) return typeof v === 'string' && type.oneOf.includes(v);
  if ('is' in type) return type.is(v);
  return false;
}

function describe(type: PropSpec | PropsSpec): string {
  if (typeof type === 'string') return type === 'string map' ? 'an object of strings' : type === 'string[]' ? 'a list of strings' : `a ${type}`;
  if ('oneOf' in type) return `one of ${(type.oneOf as readonly string[]).map((x) => JSON.stringify(x)).join(', ')}`;
  if ('listOf' in type) return `a list of ${describe(type.listOf as PropSpec)}`;
  if ('props' in type) return `an object with ${requiredNames(type.props as PropsSpec)}`;
  if ('is' in type && typeof type.is === 'function') return type.what as string;
  return `objects with ${requiredNames(type as PropsSpec)}`;
}

function requiredNames(spec: PropsSpec): string {
  return Object.entries(spec).filter(([, p]) => p.required).map(([n]) => n).join(', ');
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}
