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

// Far beyond any cluster, and small enough that every sum and quota the library writes stays an
// exact integer (2^53): larger amounts would print as `1e+303` or Infinity, which no API accepts.
export const MAX_CPU_CORES = 1_000_000_000;
export const MAX_BYTES = 2 ** 53;
const MAX_BYTES_TEXT = '8Pi';

/** Parses a size; malformed quantities are argument errors naming the construct and prop. */
export function parseSize(path: string, prop: string, size: ResourceSize): Resources {
  const at = (k: string) => (prop ? `${prop}.${k}` : k);
  return {
    cpuMilli: parseCpu(path, at('cpu'), size.cpu),
    memoryBytes: parseQuantity(path, at('memory'), size.memory),
    storageBytes: parseQuantity(path, at('storage'), size.storage),
  };
}

export function parseCpu(path: string, prop: string, cpu: number): number {
  if (typeof cpu !== 'number' || !Number.isFinite(cpu)) {
    throw argumentError(path, prop, cpu, 'not a number of CPU cores', 'give a number such as 2 or 0.5');
  }
  if (Math.abs(cpu) > MAX_CPU_CORES) {
    throw argumentError(path, prop, cpu, `more than ${MAX_CPU_CORES.toLocaleString('en')} cores, which no cluster has`, 'give the real number of cores');
  }
  const milli = coresToMilli(cpu);
  // Kubernetes counts CPU in millicores: a finer fraction would be rounded where no one sees it.
  if (Math.abs(cpu * 1000 - milli) > 1e-6) {
    throw argumentError(path, prop, cpu, 'finer than a thousandth of a core, the smallest CPU amount Kubernetes counts (1m)', `round it to three decimals, such as ${Math.max(milli, 1) / 1000}`);
  }
  return milli;
}

export function parseQuantity(path: string, prop: string, text: string): number {
  const bytes = typeof text === 'string' ? parseBytes(text) : undefined;
  if (bytes === undefined) {
    throw argumentError(path, prop, text, 'not a Kubernetes quantity', 'write a number with an optional unit, such as "8Gi" or "500Mi"');
  }
  if (Math.abs(bytes) > MAX_BYTES) {
    throw argumentError(path, prop, text, `larger than ${MAX_BYTES_TEXT}, which no cluster has`, 'give the real amount, such as "8Gi"');
  }
  return bytes;
}

/** Each amount's prop and value as the user wrote them, for messages. */
export type WrittenSize = Record<'cpu' | 'memory' | 'storage', readonly [prop: string, value: unknown]>;

/** The props of a ResourceSize under `prop` (`capacity.cpu`, ...), as written. */
export function writtenSize(prop: string, size: ResourceSize): WrittenSize {
  return { cpu: [`${prop}.cpu`, size?.cpu], memory: [`${prop}.memory`, size?.memory], storage: [`${prop}.storage`, size?.storage] };
}

/**
 * A size whose every amount must be above zero (a host's capacity, a group's ceilings). The
 * message shows the amount as written, not in millicores or bytes.
 */
export function requirePositive(path: string, r: Resources, written: WrittenSize): Resources {
  const bad = (['cpuMilli', 'memoryBytes', 'storageBytes'] as const).find((k) => !(r[k] > 0));
  if (bad) {
    const name = bad === 'cpuMilli' ? 'cpu' : bad === 'memoryBytes' ? 'memory' : 'storage';
    const [prop, value] = written[name];
    throw argumentError(path, prop, value, 'must be above zero', `give a positive ${name}`);
  }
  return r;
}
