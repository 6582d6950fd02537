// What Helm itself checks at install: the values merged over the chart's defaults (values.yaml),
// nulls removed, against the chart's values.schema.json. The tests hold the library to it with ajv.
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import { parse as parseYaml } from 'yaml';
import { deepMerge } from '../../src/model/values';

export interface HelmSchemaCheck {
  /** True when Helm would accept the values; `errors` says why not. */
  (values: Record<string, unknown>): boolean;
  errors: ValidateFunction['errors'];
}

// Compiling a chart schema takes most of a second: once per chart directory.
const checks = new Map<string, HelmSchemaCheck | undefined>();

/** The check for the chart unpacked in `dir`, or undefined when it ships no schema. */
export function helmSchemaCheck(dir: string): HelmSchemaCheck | undefined {
  if (!checks.has(dir)) checks.set(dir, compile(dir));
  return checks.get(dir);
}

function compile(dir: string): HelmSchemaCheck | undefined {
  const file = path.join(dir, 'values.schema.json');
  if (!fs.existsSync(file)) return undefined;
  const { $schema, ...schema } = JSON.parse(fs.readFileSync(file, 'utf8'));
  const ajv = String($schema).includes('2020-12') ? new Ajv2020({ strict: false }) : new Ajv({ strict: false });
  // vCluster marks licensed keys with it; ajv knows draft-07 by its http:// address only, hence no $schema.
  ajv.addKeyword('pro');
  const validate = ajv.compile(schema);
  const defaults = parseYaml(fs.readFileSync(path.join(dir, 'values.yaml'), 'utf8'));
  const check = ((values: Record<string, unknown>) => {
    const ok = validate(withoutNulls(deepMerge(defaults, values))) as boolean;
    check.errors = validate.errors;
    return ok;
  }) as HelmSchemaCheck;
  return check;
}

function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, withoutNulls(x)]));
}
