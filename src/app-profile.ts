import { CHARTS } from './charts/catalog';
import { formatBytes, formatMilli } from './model/quantity';
import { parseCpu, parseQuantity } from './resource-size';
import { argumentError } from './private/errors';
import { checkProps, SpecOf } from './private/props';
import { isDnsLabel } from './rules/naming';

/** A key of a Secret in the namespace a profile is deployed to: how secrets reach tiers, never as values. */
export interface SecretKeyRef {
  readonly name: string;
  readonly key: string;
}

/** A container tier: a Deployment, and a Service when it listens on a port. */
export interface ContainerTierOptions {
  readonly image: string;
  /**
   * The port it listens on; the tier's Service (named after the tier) exposes it.
   * @default - no Service
   */
  readonly port?: number;
  /** @default - the image's */
  readonly command?: string[];
  /** @default - the image's */
  readonly args?: string[];
  /**
   * Plain environment variables; an earlier tier's outputs go here (`db.host`, `String(db.port)`).
   * @default - none
   */
  readonly env?: { [name: string]: string };
  /**
   * Environment variables read from Secrets (an earlier tier's `passwordSecret`, or your own).
   * @default - none
   */
  readonly secretEnv?: { [name: string]: SecretKeyRef };
  /** @default 1 */
  readonly replicas?: number;
  /** CPU cores, requested and its limit. @default 0.25 */
  readonly cpu?: number;
  /** Memory, requested and its limit. @default '256Mi' */
  readonly memory?: string;
}

/** A Helm chart tier. */
export interface HelmChartTierOptions {
  readonly chart: string;
  /**
   * The chart repository (an `oci://` address or an index URL); leave it out for a local chart path.
   * @default - `chart` is a path or an `oci://` reference
   */
  readonly repository?: string;
  /** The exact chart version. */
  readonly version: string;
  /** @default - the chart's defaults */
  readonly values?: { [key: string]: any };
}

/** A raw manifests tier. */
export interface ManifestsTierOptions {
  /**
   * Kubernetes objects. One without a namespace goes to the deployment's, unless its kind is a
   * built-in cluster-scoped one (ClusterRole, StorageClass, CustomResourceDefinition...).
   */
  readonly manifests: { [key: string]: any }[];
}

/** The catalog charts the database and cache presets install. */
export type PresetChart = 'postgresql' | 'mysql' | 'mongodb' | 'redis';

/** A ready-made database or cache. */
export interface ServiceTierOptions {
  /** The Secret (you create it) whose key holds the password: the value never enters the stacks. */
  readonly passwordSecret: SecretKeyRef;
  /** @default '1Gi' */
  readonly storage?: string;
  /** @default 0.5 */
  readonly cpu?: number;
  /** @default '512Mi' */
  readonly memory?: string;
}

export const SECRET_KEY_REF_PROPS: SpecOf<SecretKeyRef> = { name: { type: 'string', required: true }, key: { type: 'string', required: true } };
const CONTAINER_PROPS: SpecOf<ContainerTierOptions> = {
  image: { type: 'string', required: true }, port: { type: 'number' }, command: { type: 'string[]' }, args: { type: 'string[]' },
  env: { type: 'string map' }, secretEnv: { type: 'object' }, replicas: { type: 'number' }, cpu: { type: 'number' }, memory: { type: 'string' },
};
const HELM_PROPS: SpecOf<HelmChartTierOptions> = { chart: { type: 'string', required: true }, repository: { type: 'string' }, version: { type: 'string', required: true }, values: { type: 'object' } };
const MANIFESTS_PROPS: SpecOf<ManifestsTierOptions> = { manifests: { type: { is: (v) => Array.isArray(v) && v.every((m) => m !== null && typeof m === 'object' && !Array.isArray(m)), what: 'a list of objects' }, required: true } };
const SERVICE_PROPS: SpecOf<ServiceTierOptions> = { passwordSecret: { type: { props: SECRET_KEY_REF_PROPS }, required: true }, storage: { type: 'string' }, cpu: { type: 'number' }, memory: { type: 'string' } };

/** What kind of tier, and what the deployment builds for it. */
export enum AppTierKind {
  CONTAINER = 'container',
  HELM_CHART = 'helm-chart',
  MANIFESTS = 'manifests',
  /** A database or cache preset: a catalog chart (a StatefulSet with a volume, and a Service). */
  SERVICE = 'service',
}

/**
 * One tier of an application profile. Its outputs (`host`, `port`, `passwordSecret`) are what
 * later tiers consume: the host is the tier's Service name, which resolves in the namespace the
 * profile is deployed to.
 */
export class AppTier {
  /** A container, as a Deployment (and a Service when it has a port). */
  public static container(name: string, options: ContainerTierOptions): AppTier {
    checkProps(`AppTier ${name}`, 'options', options, CONTAINER_PROPS);
    const at = `AppTier ${name}`;
    for (const [k, v] of Object.entries(options.secretEnv ?? {})) checkProps(at, `options.secretEnv.${k}`, v, SECRET_KEY_REF_PROPS);
    const replicas = options.replicas ?? 1;
    if (!(Number.isInteger(replicas) && replicas >= 0)) throw argumentError(at, 'options.replicas', replicas, 'not a whole number of 0 or more', 'give the number of pods, such as 2');
    // Checked and written here, where the mistake is made, not when the profile is deployed.
    const resources = { cpu: formatMilli(amount(at, 'options.cpu', options.cpu ?? 0.25)), memory: formatBytes(amount(at, 'options.memory', options.memory ?? '256Mi')) };
    return new AppTier(name, AppTierKind.CONTAINER, options.port, undefined, { ...options, replicas, resources });
  }

  /** A Helm chart, at an exact version. */
  public static helmChart(name: string, options: HelmChartTierOptions): AppTier {
    checkProps(`AppTier ${name}`, 'options', options, HELM_PROPS);
    return new AppTier(name, AppTierKind.HELM_CHART, undefined, undefined, { ...options });
  }

  /** Raw Kubernetes objects. */
  public static manifests(name: string, options: ManifestsTierOptions): AppTier {
    checkProps(`AppTier ${name}`, 'options', options, MANIFESTS_PROPS);
    return new AppTier(name, AppTierKind.MANIFESTS, undefined, undefined, { manifests: options.manifests.map((m) => ({ ...m })) });
  }

  /** PostgreSQL, from Bitnami's chart pinned in the catalog, on port 5432, with a database named after the tier. */
  public static postgres(name: string, options: ServiceTierOptions): AppTier {
    return AppTier.preset(name, 'postgresql', 5432, name, options, (size) => ({
      auth: { existingSecret: options.passwordSecret.name, secretKeys: { adminPasswordKey: options.passwordSecret.key }, database: name },
      primary: size,
    }));
  }

  /** MySQL, from Bitnami's chart, on port 3306; the chart reads the root password from key `mysql-root-password`. */
  public static mysql(name: string, options: ServiceTierOptions): AppTier {
    return AppTier.preset(name, 'mysql', 3306, name, options, (size) => ({ auth: { existingSecret: options.passwordSecret.name, database: name }, primary: size }), 'mysql-root-password');
  }

  /** MongoDB, from Bitnami's chart, on port 27017; the chart reads the root password from key `mongodb-root-password`. */
  public static mongodb(name: string, options: ServiceTierOptions): AppTier {
    return AppTier.preset(name, 'mongodb', 27017, name, options, (size) => ({ auth: { existingSecret: options.passwordSecret.name }, ...size }), 'mongodb-root-password');
  }

  /** Redis, from Bitnami's chart (one node), on port 6379, with a password. */
  public static redis(name: string, options: ServiceTierOptions): AppTier {
    return AppTier.preset(name, 'redis', 6379, `${name}-master`, options, (size) => ({
      architecture: 'standalone',
      auth: { existingSecret: options.passwordSecret.name, existingSecretPasswordKey: options.passwordSecret.key },
      master: size,
    }));
  }

  private static preset(name: string, chart: PresetChart, port: number, host: string, options: ServiceTierOptions, values: (size: { [k: string]: any }) => { [k: string]: any }, fixedKey?: string): AppTier {
    const at = `AppTier ${name}`;
    checkProps(at, 'options', options, SERVICE_PROPS);
    if (fixedKey && options.passwordSecret.key !== fixedKey) {
      throw argumentError(at, 'options.passwordSecret.key', options.passwordSecret.key, `the ${CHARTS[chart].chart} chart reads the password from key "${fixedKey}" of the Secret`, `put it under "${fixedKey}" and name that key here`);
    }
    const cpu = formatMilli(amount(at, 'options.cpu', options.cpu ?? 0.5));
    const memory = formatBytes(amount(at, 'options.memory', options.memory ?? '512Mi'));
    const size = {
      persistence: { size: formatBytes(amount(at, 'options.storage', options.storage ?? '1Gi')) },
      resources: { requests: { cpu, memory }, limits: { cpu, memory } },
    };
    // fullnameOverride: the chart's objects, and so the host, are named after the tier.
    return new AppTier(name, AppTierKind.SERVICE, port, { name: options.passwordSecret.name, key: fixedKey ?? options.passwordSecret.key }, { chart, values: { fullnameOverride: name, ...values(size) } }, host);
  }

  /** The host later tiers reach it at: its Service's name (undefined for a chart or manifests). */
  public readonly host?: string;

  private constructor(
    public readonly name: string,
    public readonly kind: AppTierKind,
    /** The port its Service exposes, if any. */
    public readonly port?: number,
    /** For a database or cache: the Secret key that holds its password. */
    public readonly passwordSecret?: SecretKeyRef,
    /** @internal What the deployment builds, as given (defaults applied). */
    public readonly _spec: { [key: string]: any } = {},
    host?: string,
  ) {
    if (typeof name !== 'string' || !isDnsLabel(name) || !/^[a-z]/.test(name)) {
      throw argumentError(`AppTier ${name}`, 'name', name, 'not a DNS-1035 label: it names the tier\'s Service and workloads', 'use lowercase letters, digits and "-", starting with a letter, at most 63 characters');
    }
    if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65535)) throw argumentError(`AppTier ${name}`, 'port', port, 'not a port', 'give a whole number from 1 to 65535');
    this.host = host ?? (port !== undefined ? name : undefined);
  }
}

export interface AppProfileProps {
  /** The profile's name, a DNS-1123 label: the namespace it deploys to unless told. */
  readonly name: string;
  /** Its version, semver (`1.2.0`), as Palette versions app profiles. */
  readonly version: string;
  /** The tiers, in the order they are created (and destroyed in reverse). */
  readonly tiers: AppTier[];
}

/** CPU cores (in millicores) or a memory or storage quantity (in bytes), above zero. */
function amount(at: string, prop: string, value: number | string): number {
  const parsed = typeof value === 'number' ? parseCpu(at, prop, value) : parseQuantity(at, prop, value);
  if (!(parsed > 0)) throw argumentError(at, prop, value, 'must be above zero', `give a positive ${prop.replace('options.', '')}`);
  return parsed;
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** A versioned application profile: ordered tiers that deploy into a virtual cluster. */
export class AppProfile {
  public readonly name: string;
  public readonly version: string;
  public readonly tiers: AppTier[];

  constructor(props: AppProfileProps) {
    const at = `AppProfile ${props?.name}`;
    checkProps(at, '', props, { name: { type: 'string', required: true }, version: { type: 'string', required: true }, tiers: { type: { is: (v) => Array.isArray(v) && v.every((t) => t instanceof AppTier), what: 'a list of AppTier' }, required: true } });
    if (!isDnsLabel(props.name)) throw argumentError(at, 'name', props.name, 'not a DNS-1123 label', 'use lowercase letters, digits and "-", at most 63 characters');
    if (!SEMVER.test(props.version)) throw argumentError(at, 'version', props.version, 'not a semantic version', 'write it as MAJOR.MINOR.PATCH, such as "1.0.0"');
    if (props.tiers.length === 0) throw argumentError(at, 'tiers', [], 'no tiers', 'give at least one tier');
    const seen = new Set<string>();
    for (const t of props.tiers) {
      if (seen.has(t.name)) throw argumentError(at, 'tiers', t.name, 'two tiers with one name would share a Service and workloads', 'give each tier its own name');
      seen.add(t.name);
    }
    this.name = props.name;
    this.version = props.version;
    this.tiers = [...props.tiers];
  }
}
