/**
 * The plain model the group rules run over: no constructs, no tokens, so that the SDK, the
 * CLI and the tests can build one by hand.
 */

import type { Resources } from './resources';
import { showValue } from './values';

export type { Resources } from './resources';

/**
 * The host namespace the library's pause Jobs and sleep CronJobs run in (made when one is
 * needed). Not a virtual cluster's own: its ResourceQuota would refuse the sleep Job's pod
 * exactly when the workloads fill it.
 */
export const LIFECYCLE_NAMESPACE = 'cluster-groups-lifecycle';

export type EndpointTypeModel = 'ingress' | 'load-balancer';
export type HostKind = 'cloud' | 'data-center' | 'edge';

export interface HostModel {
  readonly name: string;
  /** Construct path, for messages. */
  readonly path: string;
  readonly kind: HostKind;
  readonly endpointTypes: readonly EndpointTypeModel[];
  readonly capacity: Resources;
  readonly virtual: boolean;
  readonly readOnly: boolean;
  readonly gateway: boolean;
  /** Construct paths of its kubernetes and helm providers: two hosts on one pair are one cluster. */
  readonly providers?: { readonly kubernetes: string; readonly helm: string };
}

export type IngressKindModel = 'nginx' | 'existing' | 'gateway';

export interface GroupMemberModel {
  readonly host: string;
  /** Wildcard DNS pattern such as `*.dev.example.com` (ingress groups). */
  readonly dnsPattern?: string;
  /** How this host routes to virtual clusters (ingress groups). */
  readonly ingress?: IngressModel;
  /** MetalLB installed on this host by this group. */
  readonly metallb?: { readonly pools: readonly { readonly name: string; readonly addresses: readonly string[] }[] };
  /** The ingress load balancer's address, when pinned or known. */
  readonly ingressAddress?: string;
  /**
   * The add-ons (charts) this group installs on the host, by name (`MetalLB`, `ExternalDNS`,
   * `ingress-nginx`), as the constructs decided; rule CG12 counts them. Absent means none.
   */
  readonly addons?: readonly string[];
  /** The namespaces those add-ons install into on the host. */
  readonly addonNamespaces?: readonly string[];
}

/** How an ingress host routes to its virtual clusters. */
export interface IngressModel {
  readonly kind: IngressKindModel;
  readonly className: string;
  readonly sslPassthrough: boolean;
  /** The Gateway that TLSRoutes attach to (kind `gateway`). */
  readonly gateway?: { readonly name: string; readonly namespace: string; readonly sectionName?: string };
  /** The group prop it comes from (`ingressController` or `hosts[0].ingressController`), for messages. */
  readonly prop?: string;
  /** Raw ingress-nginx values (kind `nginx`). */
  readonly values?: Record<string, unknown>;
}

/** Raw values a user supplied, kept apart so that rules can look for what they must not set. */
export interface RawValuesModel {
  readonly path: string;
  readonly prop: string;
  readonly values: Record<string, unknown>;
}

export interface VirtualClusterModel {
  readonly name: string;
  readonly path: string;
  /** Where placement put it; undefined when no host had room (or its locked host left the group). */
  readonly host?: string;
  /** The host the lock file records, if any. */
  readonly lockedHost?: string;
  readonly namespace: string;
  readonly releaseName: string;
  /** Ingress hostname (`team-a.dev.example.com`), ingress groups only. */
  readonly hostname?: string;
  readonly size: Resources;
  /** The size as the user wrote it, for messages: `{ cpu: -2, memory: '4Gi', ... }`. */
  readonly sizeAsWritten?: { readonly cpu: unknown; readonly memory: unknown; readonly storage: unknown };
  readonly project?: string;
  /** The user it belongs to, for per-user quotas. */
  readonly owner?: string;
  /** Role bindings inside it. */
  readonly access?: readonly AccessBindingModel[];
  /** A ServiceAccount-token kubeconfig vCluster exports too: the account (`namespace/name`) and its ClusterRole. */
  readonly serviceAccountKubeconfig?: { readonly serviceAccount: string; readonly clusterRole: string };
  readonly rawValues: readonly RawValuesModel[];
  /** Paused: its control plane at zero replicas, its CPU and memory given back to the host. */
  readonly paused?: boolean;
  /** When the lock file first recorded the pause (ISO 8601, UTC). */
  readonly pausedAt?: string;
  /** Its sleep and wake schedule, its own or its group's. */
  readonly sleepSchedule?: SleepScheduleModel;
  /** The construct paths of the application stacks' connections that deploy into it. */
  readonly connections?: readonly string[];
  /** Its backup schedule, its own or its group's. */
  readonly backups?: BackupScheduleModel;
  /** The snapshot it is restored from when its control plane first starts. */
  readonly restoreFrom?: RestoreModel;
  /** Its move to another group, and the phase the lock records. */
  readonly move?: MoveModel;
}

/** A move under way: where to, through which storage, and how far it is. */
export interface MoveModel {
  readonly toGroup: string;
  readonly toHost?: string;
  readonly phase: 'snapshot' | 'restore' | 'retire';
  readonly via: BackupTargetModel;
}

/** Where snapshots are stored: an S3 bucket, an OCI repository, or the control plane's own volume. */
export interface BackupTargetModel {
  readonly kind: 's3' | 'oci' | 'container';
  readonly bucket?: string;
  readonly prefix?: string;
  readonly region?: string;
  readonly endpoint?: string;
  readonly forcePathStyle?: boolean;
  readonly repository?: string;
  readonly directory?: string;
  /** The Secret, in the virtual cluster's host namespace, with the storage credentials. */
  readonly credentialsSecret?: string;
}

/**
 * A snapshot's name: the group, the virtual cluster and the backup slot. Valid as an S3 key, a
 * file name and an OCI tag (letters, digits, `.`, `_` and `-`).
 */
export function snapshotName(group: string, virtualCluster: string, slot: number | string): string {
  return `${group}.${virtualCluster}.${slot}`;
}

/** A virtual cluster's backups: a cron schedule, a target, and how many snapshots rotate. */
export interface BackupScheduleModel {
  readonly schedule: string;
  readonly timeZone: string;
  readonly keep: number;
  readonly target: BackupTargetModel;
  readonly path: string;
  readonly prop: string;
}

/** A snapshot a virtual cluster is restored from, by name (`<group>.<virtual cluster>.<slot>`). */
export interface RestoreModel {
  readonly target: BackupTargetModel;
  readonly snapshot: string;
  readonly path: string;
  readonly prop: string;
}

/** A schedule that puts a virtual cluster to sleep and wakes it, in a time zone. */
export interface SleepScheduleModel {
  readonly sleep: string;
  readonly wake: string;
  readonly timeZone: string;
  /** Where it was given (the construct path and prop), for messages. */
  readonly path: string;
  readonly prop: string;
}

/** A ClusterRole bound inside a virtual cluster, cluster-wide or in one namespace. */
export interface AccessBindingModel {
  readonly clusterRole: string;
  readonly namespace?: string;
  readonly users: readonly string[];
  readonly groups: readonly string[];
  /** `namespace/name`. */
  readonly serviceAccounts: readonly string[];
}

/** An OpenID Connect issuer the virtual clusters' API servers trust for user logins. */
export interface OidcConfig {
  /** The issuer, an `https://` URL without a query or fragment, as in its discovery document. */
  readonly issuerUrl: string;
  /** The client id the ID tokens are issued for (their audience). */
  readonly clientId: string;
  /**
   * The claim that names the user.
   * @default 'sub'
   */
  readonly usernameClaim?: string;
  /**
   * Prepended to user names, so that they cannot collide with other users.
   * @default - the API server's default (the issuer URL and `#` for claims other than `email`)
   */
  readonly usernamePrefix?: string;
  /**
   * The claim that lists the user's groups.
   * @default - no groups from the token
   */
  readonly groupsClaim?: string;
  /**
   * Prepended to group names.
   * @default - none
   */
  readonly groupsPrefix?: string;
}

/** The OIDC issuer a group's API servers trust, as the rules see it: the prop as given. */
export type OidcModel = OidcConfig;

/** A quota's limits, parsed (millicores and bytes); an absent one does not limit. */
export interface QuotaModel {
  readonly virtualClusters?: number;
  readonly cpuMilli?: number;
  readonly memoryBytes?: number;
  readonly storageBytes?: number;
}

export interface GroupModel {
  readonly name: string;
  readonly path: string;
  /** Stack the group lives in: group names are unique per stack. */
  readonly stack: string;
  readonly edge: boolean;
  /** Set for a project-scoped group. */
  readonly project?: string;
  readonly endpointType: EndpointTypeModel;
  readonly members: readonly GroupMemberModel[];
  readonly chartVersion: string;
  readonly kubernetesVersion: string;
  /** Versions the lock file records for this group, if it has been synthesized before. */
  readonly lockedChartVersion?: string;
  readonly lockedKubernetesVersion?: string;
  /**
   * The OIDC issuer the lock records (null for none; undefined in older lock files) and the
   * virtual clusters it records: OIDC is set before the first of them exists.
   */
  readonly lockedOidc?: { readonly oidc?: { readonly issuerUrl: string; readonly clientId: string } | null; readonly virtualClusters: readonly string[] };
  /** The versions the group took from the lock file because the code does not set them. */
  readonly versionsFromLock?: readonly ('chartVersion' | 'kubernetesVersion')[];
  readonly ceilings: Resources;
  /** The OIDC issuer its virtual clusters' API servers trust. */
  readonly oidc?: OidcModel;
  /** The user declared a vCluster Pro licence for this group: licensed keys are allowed. */
  readonly proLicense?: boolean;
  /** Per-user and per-project quotas, checked before the ceilings. */
  readonly quotas?: { readonly perUser?: QuotaModel; readonly perProject?: QuotaModel };
  readonly oversubscriptionPercent: number;
  /** How the wildcard records of an ingress group come to exist. */
  readonly dns: DnsModel;
  readonly rawValues: readonly RawValuesModel[];
  readonly virtualClusters: readonly VirtualClusterModel[];
}

/** How the wildcard records of an ingress group come to exist, with the options given. */
export interface DnsModel {
  readonly kind: 'external-dns' | 'rfc2136' | 'manual';
  /** rfc2136: the zone and the record TTL. */
  readonly zone?: string;
  readonly ttl?: number;
  /** external-dns: the provider, its namespace and the credential references. */
  readonly provider?: string;
  readonly namespace?: string;
  readonly credentials?: readonly { readonly name: string; readonly secretName: string; readonly secretKey: string }[];
}

export interface PlatformModel {
  readonly hosts: readonly HostModel[];
  readonly groups: readonly GroupModel[];
  /** The lock file as synth found it; absent in models built by hand. */
  readonly lock?: LockModel;
  /** Charts a chart source directory lacks, as synth found them. */
  readonly missingCharts?: readonly MissingChartModel[];
  /** Values that break a local chart's values.schema.json, as synth found them. */
  readonly valuesProblems?: readonly ValuesProblemModel[];
}

/** A key of a values document that a local chart's schema rejects. */
export interface ValuesProblemModel {
  /** The construct that took the values. */
  readonly path: string;
  /** The prop and the key in it: `values.extraValues.controlPlane.distro.k8s.enabled`. */
  readonly prop: string;
  readonly value: unknown;
  readonly chart: string;
  readonly version: string;
  /** What the schema says, such as `must be boolean`. */
  readonly message: string;
}

/** The lock file, compared with the app. */
export interface LockModel {
  readonly path: string;
  /** `check` (under CI): never written, so it must already match. */
  readonly mode: 'update' | 'check';
  readonly present: boolean;
  /** How the app differs from it, one line each. */
  readonly changes: readonly string[];
  /** Set when the file exists but cannot be read as a lock file: what is wrong, and what to do. */
  readonly unreadable?: { readonly problem: string; readonly fix: string };
}

/** A pinned chart that a ChartSource.directory does not hold. */
export interface MissingChartModel {
  /** The construct that installs it. */
  readonly path: string;
  /** The catalog's key (`vcluster`, `ingressNginx`, ...). */
  readonly source: string;
  readonly chart: string;
  readonly version: string;
  readonly repository: string;
  readonly directory: string;
  /** What was looked for, and what was found instead. */
  readonly looked: string;
}

/** One broken rule, with everything a reader needs to fix it. */
export interface Violation {
  /** Stable rule id, such as `CG7`. */
  readonly rule: string;
  readonly path: string;
  readonly prop: string;
  readonly value: unknown;
  readonly message: string;
  readonly fix: string;
}

export function formatViolation(v: Violation): string {
  return `[${v.rule}] ${v.path}: ${v.prop} = ${showValue(v.value)}: ${v.message}. Fix: ${v.fix}`;
}

export function hostByName(model: PlatformModel, name: string): HostModel | undefined {
  return model.hosts.find((h) => h.name === name);
}
