import { argumentError } from './private/errors';
import { SpecOf } from './private/props';
import { coresToMilli, parseBytes } from './model/quantity';
import { Resources } from './model/platform-model';

/** Compute and storage amounts, as a host's capacity or a virtual cluster's size. */
export interface ResourceSize {
  /** CPU cores; fractions down to a thousandth are allowed (0.5 is 500m). */
  readonly cpu: number;
  /** Memory as a Kubernetes quantity, such as `8Gi`. */
  readonly memory: string;
  /** Storage as a Kubernetes quantity, such as `10Gi`. */
  readonly storage: string;
}

export const RESOURCE_SIZE_PROPS: SpecOf<ResourceSize> = {
  cpu: { type: 'number', required: true },
  memory: { type: 'string', required: true },
  storage: { type: 'string', required: true },
};

/** Parses a size; malformed quantities are argument errors naming the construct and prop. */
export function parseSize(path: string, prop: string, size: ResourceSize): Resources {
  return {
    cpuMilli: parseCpu(path, `${prop}.cpu`, size.cpu),
    memoryBytes: parseQuantity(path, `${prop}.memory`, size.memory),
    storageBytes: parseQuantity(path, `${prop}.storage`, size.storage),
  };
}

export function parseCpu(path: string, prop: string, cpu: number): number {
  if (typeof cpu !== 'number' || !Number.isFinite(cpu)) {
    throw argumentError(path, prop, cpu, 'not a number of CPU cores', 'give a number such as 2 or 0.5');
  }
  return coresToMilli(cpu);
}

export function parseQuantity(path: string, prop: string, text: string): number {
  const bytes = typeof text === 'string' ? parseBytes(text) : undefined;
  if (bytes === undefined) {
    throw argumentError(path, prop, text, 'not a Kubernetes quantity', 'write a number with an optional unit, such as "8Gi" or "500Mi"');
  }
  return bytes;
}

/** A size whose every amount must be above zero (a host's capacity, a group's ceilings). */
export function requirePositive(path: string, prop: string, r: Resources): Resources {
  const bad = (['cpuMilli', 'memoryBytes', 'storageBytes'] as const).find((k) => !(r[k] > 0));
  if (bad) {
    const name = bad === 'cpuMilli' ? 'cpu' : bad === 'memoryBytes' ? 'memory' : 'storage';
    throw argumentError(path, `${prop}.${name}`, r[bad], 'must be above zero', `give a positive ${name}`);
  }
  return r;
}
