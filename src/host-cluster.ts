import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Construct, IConstruct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { parseSize, requirePositive, RESOURCE_SIZE_PROPS, ResourceSize, writtenSize } from './resource-size';
import { checkProps, PropSpec, SpecOf } from './private/props';
import { Resources } from './model/platform-model';
import { internedId } from './private/ids';
import { reportInputError } from './synth/platform-state';

/** Where a host cluster runs. */
export enum HostClusterKind {
  CLOUD = 'cloud',
  DATA_CENTER = 'data-center',
  EDGE = 'edge',
}

/** How a virtual cluster's API server is reached from outside the host. */
export enum EndpointType {
  /** Through an ingress controller with SSL passthrough, at `https://<name>.<host suffix>`. */
  INGRESS = 'ingress',
  /** Through a LoadBalancer Service of its own. */
  LOAD_BALANCER = 'load-balancer',
}

/** An existing Kubernetes cluster that cluster groups use as a host. */
export interface IHostCluster extends IConstruct {
  readonly clusterName: string;
  readonly kind: HostClusterKind;
  readonly endpointTypes: EndpointType[];
  readonly kubernetesProvider: KubernetesProvider;
  readonly helmProvider: HelmProvider;
  readonly capacity: ResourceSize;
  readonly labels: { [key: string]: string };
  /** The cluster is itself a virtual cluster: it never hosts. */
  readonly isVirtualCluster: boolean;
  /** The cluster was imported read-only: it never hosts. */
  readonly isReadOnlyImport: boolean;
  /** The cluster is a gateway cluster: it never hosts. */
  readonly isGateway: boolean;
}

export interface HostClusterProps {
  /**
   * The cluster's name, a DNS-1123 label, unique among hosts.
   * @default - the construct id
   */
  readonly clusterName?: string;
  readonly kind: HostClusterKind;
  /** The user's kubernetes provider for this cluster (one alias per cluster). */
  readonly kubernetesProvider: KubernetesProvider;
  /** The user's helm provider for this cluster (one alias per cluster). */
  readonly helmProvider: HelmProvider;
  /**
   * The endpoint types it can serve: a load balancer needs a cloud controller or MetalLB, an
   * ingress needs a passthrough-capable ingress controller.
   */
  readonly endpointTypes: EndpointType[];
  /** Allocatable CPU, memory and storage that virtual clusters may use. */
  readonly capacity: ResourceSize;
  /** @default - no labels */
  readonly labels?: { [key: string]: string };
  /**
   * The cluster is itself a virtual cluster.
   * @default false
   */
  readonly isVirtualCluster?: boolean;
  /**
   * The cluster was imported read-only.
   * @default false
   */
  readonly isReadOnlyImport?: boolean;
  /**
   * The cluster is a gateway cluster.
   * @default false
   */
  readonly isGateway?: boolean;
}

/**
 * An existing cluster, described: it creates no resources. Cluster groups place virtual
 * clusters on it through its providers.
 */
export class HostCluster extends Construct implements IHostCluster {
  public readonly clusterName: string;
  public readonly kind: HostClusterKind;
  public readonly endpointTypes: EndpointType[];
  public readonly kubernetesProvider: KubernetesProvider;
  public readonly helmProvider: HelmProvider;
  public readonly capacity: ResourceSize;
  public readonly labels: { [key: string]: string };
  public readonly isVirtualCluster: boolean;
  public readonly isReadOnlyImport: boolean;
  public readonly isGateway: boolean;

  constructor(scope: Construct, id: string, props: HostClusterProps) {
    super(scope, internedId(id));
    try {
      checkProps(this.node.path, '', props, HOST_CLUSTER_PROPS);
      hostResources({ node: this.node, capacity: props.capacity } as IHostCluster);
    } catch (e) {
      reportInputError(this, e);
    }
    this.clusterName = props?.clusterName ?? id;
    this.kind = props?.kind;
    this.endpointTypes = [...(props?.endpointTypes ?? [])];
    this.kubernetesProvider = props?.kubernetesProvider;
    this.helmProvider = props?.helmProvider;
    this.capacity = props?.capacity;
    this.labels = { ...(props?.labels ?? {}) };
    this.isVirtualCluster = props?.isVirtualCluster ?? false;
    this.isReadOnlyImport = props?.isReadOnlyImport ?? false;
    this.isGateway = props?.isGateway ?? false;
  }
}

function provider(type: string, what: string): PropSpec {
  return { is: (v) => TerraformProvider.isTerraformProvider(v) && v.terraformResourceType === type, what };
}

const HOST_CLUSTER_PROPS: SpecOf<HostClusterProps> = {
  clusterName: { type: 'string' },
  kind: { type: { oneOf: Object.values(HostClusterKind) }, required: true },
  kubernetesProvider: { type: provider('kubernetes', 'a KubernetesProvider'), required: true },
  helmProvider: { type: provider('helm', 'a HelmProvider'), required: true },
  endpointTypes: { type: { listOf: { oneOf: Object.values(EndpointType) } }, required: true },
  capacity: { type: { props: RESOURCE_SIZE_PROPS }, required: true },
  labels: { type: 'string map' },
  isVirtualCluster: { type: 'boolean' },
  isReadOnlyImport: { type: 'boolean' },
  isGateway: { type: 'boolean' },
};

/** A host cluster as a prop: this library's HostCluster or another construct shaped like one. */
export const HOST_CLUSTER: { readonly is: (v: unknown) => boolean; readonly what: string } = {
  is: (v) => Construct.isConstruct(v) && typeof (v as Partial<IHostCluster>).clusterName === 'string' && typeof (v as Partial<IHostCluster>).capacity === 'object',
  what: 'a HostCluster',
};

/** Parsed capacity of any IHostCluster. */
export function hostResources(host: IHostCluster): Resources {
  return requirePositive(host.node.path, parseSize(host.node.path, 'capacity', host.capacity), writtenSize('capacity', host.capacity));
}
