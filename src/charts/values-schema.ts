// Checks a values document against a chart's values.schema.json, as Helm would at install, for
// the JSON Schema keywords chart schemas use. Helm checks the values after merging them over the
// chart's defaults, which this library does not read: so `required` is checked only inside
// list items, where no default can fill a key in, and a null (which removes a default) is skipped.
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { isPlainObject } from '../model/values';

/** One place where a values document breaks the schema. */
export interface SchemaProblem {
  /** Dotted path in the values document (`controlPlane.distro.k8s.enabled`). */
  readonly at: string;
  readonly value: unknown;
  readonly message: string;
}

type Schema = boolean | { readonly [keyword: string]: any };

/** Keywords that only annotate. */
const ANNOTATIONS = new Set(['$schema', '$id', '$comment', '$defs', 'definitions', 'title', 'description', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly', 'contentEncoding', 'contentMediaType', 'format', 'pro']);
const CHECKED = new Set([
  'type', 'enum', 'const', 'properties', 'additionalProperties', 'patternProperties', 'required', 'items', 'minItems', 'maxItems', 'uniqueItems',
  'minLength', 'maxLength', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'allOf', 'anyOf', 'oneOf', 'not', '$ref',
]);

/** A chart schema, ready to check documents, or why it cannot be used. */
export class ValuesSchema {
  /** Reads `values.schema.json` from an unpacked chart directory or a `.tgz`; undefined when the chart has none. */
  public static ofChart(chart: string): ValuesSchema | undefined {
    let cached = CACHE.get(chart);
    if (cached === undefined) {
      try {
        const text = chart.endsWith('.tgz') ? schemaInArchive(chart) : readIfExists(path.join(chart, 'values.schema.json'));
        cached = text === undefined ? null : new ValuesSchema(JSON.parse(text));
      } catch (e) {
        // Helm reports a broken chart at plan; here it only means nothing can be checked.
        cached = new ValuesSchema(true, `the chart could not be read (${(e as Error).message})`);
      }
      CACHE.set(chart, cached);
    }
    return cached ?? undefined;
  }

  /** Why nothing is checked: an unreadable chart, or a keyword this checker does not know (checking would be guesswork). */
  public readonly skipped?: string;

  constructor(private readonly root: Schema, skipped?: string) {
    const keyword = unknownKeyword(root);
    this.skipped = skipped ?? (keyword === undefined ? undefined : `it uses the keyword "${keyword}", which this library does not check`);
  }

  /** Every problem of `values`, in document order. */
  public check(values: unknown): SchemaProblem[] {
    const out: SchemaProblem[] = [];
    if (this.skipped === undefined) this.walk(this.root, values, [], false, out);
    return out;
  }

  private walk(schema: Schema, value: unknown, at: string[], inList: boolean, out: SchemaProblem[]): void {
    if (schema === true) return;
    const fail = (message: string, where = at) => out.push({ at: where.join('.') || '(the document)', value: where === at ? value : undefined, message });
    if (schema === false) return void fail('not allowed here');
    if (schema.$ref !== undefined) this.walk(this.resolve(schema.$ref), value, at, inList, out);
    if (schema.type !== undefined && !hasType(value, schema.type)) return void fail(`must be ${[schema.type].flat().join(' or ')}`);
    if (schema.enum !== undefined && !schema.enum.some((e: unknown) => same(e, value))) return void fail(`must be one of ${schema.enum.map((e: unknown) => JSON.stringify(e)).join(', ')}`);
    if (schema.const !== undefined && !same(schema.const, value)) return void fail(`must be ${JSON.stringify(schema.const)}`);
    for (const s of schema.allOf ?? []) this.walk(s, value, at, inList, out);
    if (schema.anyOf && !schema.anyOf.some((s: Schema) => this.passes(s, value, inList))) fail('matches none of the forms the schema allows');
    if (schema.oneOf && schema.oneOf.filter((s: Schema) => this.passes(s, value, inList)).length !== 1) fail('must match exactly one of the forms the schema allows');
    if (schema.not !== undefined && this.passes(schema.not, value, inList)) fail('is a form the schema forbids');
    if (typeof value === 'string') {
      if (schema.minLength !== undefined && value.length < schema.minLength) fail(`must be at least ${schema.minLength} characters`);
      if (schema.maxLength !== undefined && value.length > schema.maxLength) fail(`must be at most ${schema.maxLength} characters`);
      if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) fail(`must match ${schema.pattern}`);
    }
    if (typeof value === 'number') {
      if (schema.minimum !== undefined && value < schema.minimum) fail(`must be at least ${schema.minimum}`);
      if (schema.maximum !== undefined && value > schema.maximum) fail(`must be at most ${schema.maximum}`);
      if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) fail(`must be above ${schema.exclusiveMinimum}`);
      if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) fail(`must be below ${schema.exclusiveMaximum}`);
    }
    if (Array.isArray(value)) {
      if (schema.minItems !== undefined && value.length < schema.minItems) fail(`must have at least ${schema.minItems} items`);
      if (schema.maxItems !== undefined && value.length > schema.maxItems) fail(`must have at most ${schema.maxItems} items`);
      if (schema.uniqueItems && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) fail('must not repeat an item');
      if (schema.items !== undefined) value.forEach((v, i) => this.walk(schema.items, v, [...at, `[${i}]`], true, out));
    }
    if (isPlainObject(value)) this.walkObject(schema, value, at, inList, out);
  }

  private walkObject(schema: { readonly [keyword: string]: any }, value: Record<string, unknown>, at: string[], inList: boolean, out: SchemaProblem[]): void {
    if (inList) {
      for (const k of schema.required ?? []) {
        if (value[k] === undefined || value[k] === null) out.push({ at: [...at, k].join('.'), value: undefined, message: 'is required' });
      }
    }
    for (const [k, v] of Object.entries(value)) {
      // Null removes a chart default: Helm drops the key before it checks the schema.
      if (v === null) continue;
      const where = [...at, k];
      const declared = schema.properties?.[k];
      const patterned = Object.entries(schema.patternProperties ?? {}).filter(([p]) => new RegExp(p, 'u').test(k));
      if (declared !== undefined) this.walk(declared, v, where, inList, out);
      for (const [, s] of patterned) this.walk(s as Schema, v, where, inList, out);
      if (declared === undefined && patterned.length === 0 && schema.additionalProperties !== undefined) {
        if (schema.additionalProperties === false) out.push({ at: where.join('.'), value: v, message: 'is not a key the chart knows' });
        else this.walk(schema.additionalProperties, v, where, inList, out);
      }
    }
  }

  private passes(schema: Schema, value: unknown, inList: boolean): boolean {
    const out: SchemaProblem[] = [];
    this.walk(schema, value, [], inList, out);
    return out.length === 0;
  }

  private resolve(ref: string): Schema {
    if (!ref.startsWith('#')) throw new Error(`values schema: $ref ${ref} points outside the schema`);
    let cur: any = this.root;
    for (const part of ref.slice(1).split('/').filter(Boolean)) cur = cur?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (cur === undefined) throw new Error(`values schema: $ref ${ref} points nowhere`);
    return cur;
  }
}

const CACHE = new Map<string, ValuesSchema | null>();

function hasType(value: unknown, type: string | string[]): boolean {
  return [type].flat().some((t) => {
    switch (t) {
      case 'object': return isPlainObject(value);
      case 'array': return Array.isArray(value);
      case 'string': return typeof value === 'string';
      case 'boolean': return typeof value === 'boolean';
      case 'number': return typeof value === 'number' && Number.isFinite(value);
      case 'integer': return Number.isInteger(value);
      case 'null': return value === null;
      default: return false;
    }
  });
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The first keyword that is neither checked nor an annotation, anywhere in the schema. */
function unknownKeyword(schema: unknown): string | undefined {
  if (!isPlainObject(schema)) return Array.isArray(schema) ? schema.map(unknownKeyword).find((k) => k !== undefined) : undefined;
  for (const [k, v] of Object.entries(schema)) {
    if (!CHECKED.has(k) && !ANNOTATIONS.has(k)) return k;
    // Maps of names to schemas: their keys are names, not keywords.
    const nested = k === 'properties' || k === 'patternProperties' || k === '$defs' || k === 'definitions' ? Object.values(v ?? {}) : k === 'enum' || k === 'const' || k === 'default' || k === 'examples' ? [] : v;
    const found = unknownKeyword(nested);
    if (found !== undefined) return found;
  }
  return undefined;
}

function readIfExists(file: string): string | undefined {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}

/** `<chart>/values.schema.json` inside a chart archive (a gzipped tar, as `helm pull` writes it). */
function schemaInArchive(file: string): string | undefined {
  const tar = zlib.gunzipSync(fs.readFileSync(file));
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    const field = (from: number, to: number) => header.subarray(from, to).toString('utf8').replace(/\0.*$/s, '');
    const name = field(0, 100);
    if (name === '') return undefined;
    const size = parseInt(field(124, 136).trim() || '0', 8);
    const prefix = field(345, 500);
    const full = prefix ? `${prefix}/${name}` : name;
    if (/^[^/]+\/values\.schema\.json$/.test(full)) return tar.subarray(at + 512, at + 512 + size).toString('utf8');
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return undefined;
}
