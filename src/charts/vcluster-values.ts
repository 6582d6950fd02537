import { deepMerge } from '../model/values';
import { formatBytes, formatMilli } from '../model/quantity';
import { Resources } from '../model/platform-model';

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
}

// The chart's default container limits and requests, clamped below so a small cluster still fits.
const DEFAULT_LIMIT = { cpuMilli: 1000, memoryBytes: 512 * 2 ** 20 };
const DEFAULT_REQUEST = { cpuMilli: 100, memoryBytes: 128 * 2 ** 20 };

/**
 * The control plane container's own resources in the chart (the same in every catalog version;
 * a test reads them from the charts). The size of a virtual cluster includes its control plane,
 * so a smaller cluster gets them clamped: else its LimitRange and quota reject the control plane.
 */
export const CHART_CONTROL_PLANE = { memoryLimitBytes: 4 * 2 ** 30, memoryRequestBytes: 256 * 2 ** 20, cpuRequestMilli: 200 } as const;

/**
 * The sparse values document for one virtual cluster: only keys we mean to set, because the
 * schema rejects unknown keys and Helm deep-merges the chart's defaults under them.
 */
export function vclusterValues(input: VClusterValuesInput): Record<string, unknown> {
  const { size } = input;
  const cpu = formatMilli(size.cpuMilli);
  const memory = formatBytes(size.memoryBytes);
  const quota: Record<string, string | number> = {
    'requests.cpu': cpu,
    'limits.cpu': cpu,
    'requests.memory': memory,
    'limits.memory': memory,
    'requests.storage': formatBytes(size.storageBytes),
  };
  const controlPlane: Record<string, unknown> = {
    distro: { k8s: { enabled: true, version: input.kubernetesVersion } },
  };
  const values: Record<string, unknown> = { controlPlane };

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
    quota['services.loadbalancers'] = 1;
    quota['services.nodeports'] = 1;
  }

  const cp = CHART_CONTROL_PLANE;
  if (size.memoryBytes < cp.memoryLimitBytes || size.cpuMilli < cp.cpuRequestMilli) {
    const requests: Record<string, string> = {};
    if (size.memoryBytes < cp.memoryRequestBytes) requests.memory = memory;
    if (size.cpuMilli < cp.cpuRequestMilli) requests.cpu = cpu;
    controlPlane.statefulSet = {
      resources: {
        ...(size.memoryBytes < cp.memoryLimitBytes ? { limits: { memory } } : {}),
        ...(Object.keys(requests).length ? { requests } : {}),
      },
    };
  }

  values.policies = {
    resourceQuota: { enabled: true, quota },
    limitRange: {
      enabled: true,
      default: { cpu: formatMilli(Math.min(DEFAULT_LIMIT.cpuMilli, size.cpuMilli)), memory: formatBytes(Math.min(DEFAULT_LIMIT.memoryBytes, size.memoryBytes)) },
      defaultRequest: { cpu: formatMilli(Math.min(DEFAULT_REQUEST.cpuMilli, size.cpuMilli)), memory: formatBytes(Math.min(DEFAULT_REQUEST.memoryBytes, size.memoryBytes)) },
      max: { cpu, memory },
    },
  };

  let merged = values;
  for (const layer of input.layers) {
    merged = deepMerge(merged, typedValues(layer));
    if (layer.extraValues) merged = deepMerge(merged, layer.extraValues);
  }
  return merged;
}

function typedValues(v: VirtualClusterValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (v.networkPolicy !== undefined) out.policies = { networkPolicy: { enabled: v.networkPolicy } };
  if (v.syncIngresses !== undefined) out.sync = { toHost: { ingresses: { enabled: v.syncIngresses } } };
  return out;
}
