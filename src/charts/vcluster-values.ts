import { deepFreeze, deepMerge, isPlainObject, valueAt } from '../model/values';
import { PAUSED_REPLICAS_ANNOTATION, pausedAnnotations } from './lifecycle';
import { formatBytes, formatMilli } from '../model/quantity';
import { AccessBindingModel, OidcModel, Resources } from '../model/platform-model';

/** vCluster values people commonly set, typed; anything else goes in `extraValues`. */
export interface VirtualClusterValues {
  /**
   * Deploy vCluster's network policies, isolating the virtual cluster's workloads on the host.
   * @default - the chart's default (off)
   */
  readonly networkPolicy?: boolean;
  /**
   * Sync Ingress objects from the virtual cluster to the host, so that apps inside it can be
   * exposed through the host's ingress controller.
   * @default - the chart's default (off)
   */
  readonly syncIngresses?: boolean;
  /**
   * Raw vCluster values, deep-merged last (objects merge, arrays replace, null removes a chart
   * default). They must not set the Kubernetes version: that belongs to the group.
   * @default - none
   */
  readonly extraValues?: { [key: string]: any };
}

/** How the control plane is reached. */
export type Exposure =
  | { readonly kind: 'ingress'; readonly hostname: string; readonly className: string }
  | { readonly kind: 'tls-route'; readonly hostname: string; readonly parentRef: { readonly name: string; readonly namespace: string; readonly sectionName?: string } }
  | { readonly kind: 'load-balancer' }
  /** An ingress group host without a usable DNS pattern: the rules report it. */
  | { readonly kind: 'none' };

export interface VClusterValuesInput {
  readonly exposure: Exposure;
  readonly kubernetesVersion: string;
  readonly size: Resources;
  /** Group values first, then the virtual cluster's own. */
  readonly layers: readonly VirtualClusterValues[];
  /** The OIDC issuer its API server trusts. */
  readonly oidc?: OidcModel;
  /** Role bindings vCluster creates inside it. */
  readonly access?: readonly AccessBindingModel[];
  /** A second kubeconfig with a ServiceAccount token, in the host Secret `secretName` of `namespace`. */
  readonly serviceAccountKubeconfig?: { readonly serviceAccount: string; readonly clusterRole: string; readonly secretName: string; readonly namespace: string };
  /** Paused since this date: the control plane at zero replicas, annotated as `vcluster pause` does. */
  readonly pausedAt?: string;
}

// The chart's default container limits and requests, clamped below so a small cluster still fits.
const DEFAULT_LIMIT = { cpuMilli: 1000, memoryBytes: 512 * 2 ** 20 };
const DEFAULT_REQUEST = { cpuMilli: 100, memoryBytes: 128 * 2 ** 20 };

/**
 * The control plane's own resources and data volume in the chart (the same in every catalog version;
 * a test reads them from the charts). The size of a virtual cluster includes its control plane,
 * so a smaller cluster gets them clamped: else its LimitRange and quota reject the control plane.
 */
export const CHART_CONTROL_PLANE = { memoryLimitBytes: 4 * 2 ** 30, memoryRequestBytes: 256 * 2 ** 20, cpuRequestMilli: 200, volumeBytes: 5 * 2 ** 30 } as const;

/**
 * The sparse values document for one virtual cluster: only keys we mean to set, because the
 * schema rejects unknown keys and Helm deep-merges the chart's defaults under them.
 */
export function vclusterValues(input: VClusterValuesInput): Record<string, unknown> {
  const bySize = sizeValues(input.size);
  const k8s: Record<string, unknown> = { enabled: true, version: input.kubernetesVersion };
  const controlPlane: Record<string, unknown> = { distro: { k8s } };
  const values: Record<string, unknown> = { controlPlane };
  let quota = bySize.quota;

  const exposure = input.exposure;
  if (exposure.kind === 'ingress') {
    controlPlane.ingress = {
      enabled: true,
      host: exposure.hostname,
      annotations: {
        'nginx.ingress.kubernetes.io/ssl-passthrough': 'true',
        'nginx.ingress.kubernetes.io/backend-protocol': 'HTTPS',
      },
      spec: { ingressClassName: exposure.className },
    };
  } else if (exposure.kind === 'tls-route') {
    const { sectionName, ...ref } = exposure.parentRef;
    controlPlane.tlsRoute = { enabled: true, host: exposure.hostname, parentRefs: [sectionName ? { ...ref, sectionName } : ref] };
  }
  if (exposure.kind === 'ingress' || exposure.kind === 'tls-route') {
    // Passthrough routes by SNI: the kubeconfig must name the host, and the certificate must cover it.
    controlPlane.proxy = { extraSANs: [exposure.hostname] };
    values.exportKubeConfig = { server: `https://${exposure.hostname}` };
  } else if (exposure.kind === 'load-balancer') {
    controlPlane.service = { spec: { type: 'LoadBalancer' } };
    // The quota covers the control plane's own Service too, and that Service allocates a node
    // port for its one port (https; the chart leaves the kubelet port off LoadBalancer Services).
    // The chart's default quota allows no node ports, which a real API server enforces.
    quota = { ...quota, 'services.loadbalancers': 1, 'services.nodeports': 1 };
  }

  const sa = input.serviceAccountKubeconfig;
  if (sa) {
    // The same server as the main kubeconfig; vCluster creates the account and binds the role.
    const [namespace, name] = sa.serviceAccount.split('/');
    const secret: Record<string, unknown> = { name: sa.secretName, namespace: sa.namespace };
    if ('hostname' in exposure) secret.server = `https://${exposure.hostname}`;
    secret.serviceAccount = { name, namespace, clusterRole: sa.clusterRole };
    values.exportKubeConfig = { ...(values.exportKubeConfig as object), additionalSecrets: [secret] };
  }

  if (bySize.statefulSet) controlPlane.statefulSet = bySize.statefulSet;
  values.policies = { resourceQuota: { enabled: true, quota }, limitRange: bySize.limitRange };

  if (input.oidc) k8s.apiServer = { extraArgs: oidcArgs(input.oidc) };
  if (input.access?.length) values.experimental = { deploy: { vcluster: { manifests: accessManifests(input.access) } } };

  let merged = values;
  for (const layer of input.layers) {
    merged = deepMerge(merged, typedValues(layer));
    if (layer.extraValues) merged = deepMerge(merged, layer.extraValues);
  }
  if (input.pausedAt !== undefined) {
    // After the raw values: they may set the replicas a resume brings back, never override the pause.
    merged = deepMerge(merged, { controlPlane: { statefulSet: { highAvailability: { replicas: 0 }, annotations: pausedAnnotations(configuredReplicas(merged), input.pausedAt) } } });
  }
  return merged;
}

/** What follows from a size alone: its quota, its LimitRange and the control plane's resources and volume. */
interface SizeValues {
  readonly quota: Readonly<Record<string, string | number>>;
  readonly limitRange: object;
  readonly statefulSet?: object;
}

/**
 * A platform's virtual clusters come in a few sizes, so each size's values are worked out once and
 * shared, frozen: values are only ever copied on the way to the chart (deepMerge), never changed.
 */
const SIZE_VALUES = new Map<string, SizeValues>();

function sizeValues(size: Resources): SizeValues {
  const key = `${size.cpuMilli}/${size.memoryBytes}/${size.storageBytes}`;
  let found = SIZE_VALUES.get(key);
  if (!found) {
    found = deepFreeze(workOutSizeValues(size));
    SIZE_VALUES.set(key, found);
  }
  return found;
}

function workOutSizeValues(size: Resources): SizeValues {
  const cpu = formatMilli(size.cpuMilli);
  const memory = formatBytes(size.memoryBytes);
  // The size is what its pods request in all; their limits may add up to twice that, the ratio of
  // vCluster's own default quota. Limits equal to the size would leave no workload any room: the
  // control plane's memory limit (the chart's 4Gi, or the size when smaller) is the default size.
  const quota = {
    'requests.cpu': cpu,
    'limits.cpu': formatMilli(2 * size.cpuMilli),
    'requests.memory': memory,
    'limits.memory': formatBytes(2 * size.memoryBytes),
    'requests.storage': formatBytes(size.storageBytes),
  };
  const cp = CHART_CONTROL_PLANE;
  const statefulSet: Record<string, unknown> = {};
  if (size.memoryBytes < cp.memoryLimitBytes || size.cpuMilli < cp.cpuRequestMilli) {
    const requests: Record<string, string> = {};
    if (size.memoryBytes < cp.memoryRequestBytes) requests.memory = memory;
    if (size.cpuMilli < cp.cpuRequestMilli) requests.cpu = cpu;
    statefulSet.resources = {
      ...(size.memoryBytes < cp.memoryLimitBytes ? { limits: { memory } } : {}),
      ...(Object.keys(requests).length ? { requests } : {}),
    };
  }
  // Its data volume counts against the quota's requests.storage too: else the claim is refused.
  if (size.storageBytes < cp.volumeBytes) statefulSet.persistence = { volumeClaim: { size: formatBytes(size.storageBytes) } };
  const limitRange = {
    enabled: true,
    default: { cpu: formatMilli(Math.min(DEFAULT_LIMIT.cpuMilli, size.cpuMilli)), memory: formatBytes(Math.min(DEFAULT_LIMIT.memoryBytes, size.memoryBytes)) },
    defaultRequest: { cpu: formatMilli(Math.min(DEFAULT_REQUEST.cpuMilli, size.cpuMilli)), memory: formatBytes(Math.min(DEFAULT_REQUEST.memoryBytes, size.memoryBytes)) },
    max: { cpu, memory },
  };
  return { quota, limitRange, statefulSet: Object.keys(statefulSet).length ? statefulSet : undefined };
}

/**
 * The control plane's replicas when it runs: the values' own (1 unless raw values set more), or
 * while paused, the count the pause annotation keeps for the resume.
 */
export function configuredReplicas(values: Record<string, unknown>): number {
  const annotations = valueAt(values, 'controlPlane.statefulSet.annotations');
  const kept = isPlainObject(annotations) ? Number(annotations[PAUSED_REPLICAS_ANNOTATION]) : NaN;
  if (Number.isInteger(kept) && kept >= 1) return kept;
  const replicas = valueAt(values, 'controlPlane.statefulSet.highAvailability.replicas');
  return typeof replicas === 'number' && Number.isInteger(replicas) && replicas >= 1 ? replicas : 1;
}

function typedValues(v: VirtualClusterValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (v.networkPolicy !== undefined) out.policies = { networkPolicy: { enabled: v.networkPolicy } };
  if (v.syncIngresses !== undefined) out.sync = { toHost: { ingresses: { enabled: v.syncIngresses } } };
  return out;
}

/** The API server flags that make it trust an OIDC issuer. */
export function oidcArgs(o: OidcModel): string[] {
  const flags: [string, string | undefined][] = [
    ['issuer-url', o.issuerUrl],
    ['client-id', o.clientId],
    ['username-claim', o.usernameClaim],
    ['username-prefix', o.usernamePrefix],
    ['groups-claim', o.groupsClaim],
    ['groups-prefix', o.groupsPrefix],
  ];
  return flags.filter(([, v]) => v !== undefined).map(([k, v]) => `--oidc-${k}=${v}`);
}

const RBAC = 'rbac.authorization.k8s.io';

/**
 * The role bindings, as the manifests vCluster applies inside the virtual cluster
 * (`experimental.deploy.vcluster.manifests`): JSON documents, which are YAML, one per binding.
 */
export function accessManifests(bindings: readonly AccessBindingModel[]): string {
  return bindings.map((b, i) => {
    const subjects = [
      ...b.users.map((name) => ({ kind: 'User', apiGroup: RBAC, name })),
      ...b.groups.map((name) => ({ kind: 'Group', apiGroup: RBAC, name })),
      ...b.serviceAccounts.map((sa) => ({ kind: 'ServiceAccount', name: sa.slice(sa.indexOf('/') + 1), namespace: sa.slice(0, sa.indexOf('/')) })),
    ];
    const metadata = b.namespace === undefined ? { name: `cluster-groups-access-${i}` } : { name: `cluster-groups-access-${i}`, namespace: b.namespace };
    return JSON.stringify({ apiVersion: `${RBAC}/v1`, kind: b.namespace === undefined ? 'ClusterRoleBinding' : 'RoleBinding', metadata, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: b.clusterRole }, subjects }, null, 2);
  }).join('\n---\n') + '\n';
}
