import { Annotations, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { VirtualClusterValues } from './charts/vcluster-values';
import { ChartCatalog } from './charts/versions';
import { EndpointType, hostResources, IHostCluster } from './host-cluster';
import { GroupLock } from './lock/lock-file';
import { placeVirtualCluster, PlacementDecision } from './placement/placement';
import { argumentError } from './private/errors';
import { PlatformGroup, PlatformState } from './private/platform';
import { parseCpu, parseQuantity } from './resource-size';
import { scale } from './rules/capacity';
import { GroupModel, HostModel, Resources } from './rules/model';
import { hostnameFor, isWildcardPattern } from './rules/naming';
import { VirtualCluster, VirtualClusterOptions } from './virtual-cluster';

/** A host cluster as a member of a group. */
export interface ClusterGroupHost {
  readonly host: IHostCluster;
  /**
   * The wildcard DNS pattern for this host, such as `*.east.dev.example.com`; required in
   * ingress groups, where a virtual cluster answers at `<name>.<pattern suffix>`.
   * @default - none
   */
  readonly dnsPattern?: string;
}

/** A group of host clusters that virtual clusters are deployed to. */
export interface IClusterGroup extends IConstruct {
  readonly groupName: string;
  readonly endpointType: EndpointType;
  /** The vCluster chart version every member runs. */
  readonly chartVersion: string;
  /** The virtual Kubernetes version every member runs. */
  readonly kubernetesVersion: string;
  /** The project the group serves; undefined for a tenant-wide group. */
  readonly project?: string;
  /** Adds a virtual cluster to the group (as a child of the group). */
  addVirtualCluster(id: string, options?: VirtualClusterOptions): VirtualCluster;
}

export interface ClusterGroupProps {
  /**
   * The group's name, a DNS-1123 label, unique in its stack.
   * @default - the construct id
   */
  readonly groupName?: string;
  /** The host clusters of the group. */
  readonly hosts: ClusterGroupHost[];
  /**
   * How virtual clusters are reached; the same for every host of the group.
   * @default EndpointType.INGRESS
   */
  readonly endpointType?: EndpointType;
  /**
   * Restrict the group to one project's virtual clusters.
   * @default - tenant-wide
   */
  readonly project?: string;
  /**
   * The vCluster chart version. Once a group is recorded in the lock file, changing it is an
   * upgrade: one minor version at a time, never down.
   * @default - the version in the lock file; for a new group, the newest in the catalog
   */
  readonly chartVersion?: string;
  /**
   * The virtual Kubernetes version (`v1.35.0`), pinned so that a chart upgrade never raises it.
   * @default - the version in the lock file; for a new group, the chart's default
   */
  readonly kubernetesVersion?: string;
  /**
   * The most CPU cores one virtual cluster may ask for.
   * @default 6
   */
  readonly maxCpu?: number;
  /**
   * The most memory one virtual cluster may ask for.
   * @default '8Gi'
   */
  readonly maxMemory?: string;
  /**
   * The most storage one virtual cluster may ask for.
   * @default '10Gi'
   */
  readonly maxStorage?: string;
  /**
   * How far the sizes placed on a host may exceed its capacity, in percent.
   * @default 120
   */
  readonly oversubscriptionPercent?: number;
  /**
   * The ingress class the virtual clusters' Ingresses use (ingress groups).
   * @default 'nginx'
   */
  readonly ingressClassName?: string;
  /**
   * vCluster values for every member, applied before each virtual cluster's own.
   * @default - none
   */
  readonly values?: VirtualClusterValues;
}

interface Member {
  readonly host: IHostCluster;
  readonly dnsPattern?: string;
}

/**
 * A pool of host clusters that hands out virtual clusters, with one endpoint type, one pinned
 * vCluster version and one set of values for all of them. Its rules are checked at synth.
 */
export class ClusterGroup extends Construct implements IClusterGroup, PlatformGroup {
  /** Whether `x` is a ClusterGroup (works across copies of this library). */
  public static isClusterGroup(x: unknown): x is ClusterGroup {
    return x !== null && typeof x === 'object' && GROUP_SYMBOL in x;
  }

  public readonly groupName: string;
  public readonly endpointType: EndpointType;
  public readonly project?: string;
  public readonly chartVersion: string;
  public readonly kubernetesVersion: string;
  public readonly oversubscriptionPercent: number;
  public readonly ingressClassName: string;
  public readonly values: VirtualClusterValues;
  /** The stack's name, which the lock file keys groups by. */
  public readonly stackName: string;

  private readonly members: Member[];
  private readonly ceilings: Resources;
  private readonly locked: GroupLock | undefined;
  private readonly placedClusters: VirtualCluster[] = [];
  private readonly platform: PlatformState;

  constructor(scope: Construct, id: string, props: ClusterGroupProps) {
    super(scope, id);
    Object.defineProperty(this, GROUP_SYMBOL, { value: true });
    const path = this.node.path;
    this.groupName = props.groupName ?? id;
    this.endpointType = props.endpointType ?? EndpointType.INGRESS;
    this.project = props.project;
    this.ingressClassName = props.ingressClassName ?? 'nginx';
    this.values = props.values ?? {};
    this.stackName = TerraformStack.of(this).node.id;
    this.members = props.hosts.map((m) => ({ host: m.host, dnsPattern: m.dnsPattern }));
    this.oversubscriptionPercent = props.oversubscriptionPercent ?? 120;
    if (!(this.oversubscriptionPercent >= 100)) {
      throw argumentError(path, 'oversubscriptionPercent', props.oversubscriptionPercent, 'a host may carry at least its own capacity', 'use 100 or more');
    }
    this.ceilings = {
      cpuMilli: parseCpu(path, 'maxCpu', props.maxCpu ?? 6),
      memoryBytes: parseQuantity(path, 'maxMemory', props.maxMemory ?? '8Gi'),
      storageBytes: parseQuantity(path, 'maxStorage', props.maxStorage ?? '10Gi'),
    };
    this.members.forEach((m, i) => checkMember(this, m.host, i));

    this.platform = PlatformState.of(this);
    this.locked = this.platform.lockedGroup(this.stackName, this.groupName);
    this.chartVersion = props.chartVersion ?? this.locked?.chartVersion ?? ChartCatalog.newestVclusterVersion();
    this.kubernetesVersion =
      props.kubernetesVersion ??
      this.locked?.kubernetesVersion ??
      ChartCatalog.defaultKubernetesVersion(this.chartVersion) ??
      ChartCatalog.defaultKubernetesVersion(ChartCatalog.newestVclusterVersion())!;
    this.platform.register(this);
  }

  public addVirtualCluster(id: string, options: VirtualClusterOptions = {}): VirtualCluster {
    return new VirtualCluster(this, id, { ...options, group: this });
  }

  /** The host clusters of the group, in the order given. */
  public get hosts(): IHostCluster[] {
    return this.members.map((m) => m.host);
  }

  /** The group's virtual clusters, in the order they were added. */
  public get virtualClusters(): VirtualCluster[] {
    return [...this.placedClusters];
  }

  /** @internal Picks (and reserves room on) a host for a new member. */
  public _place(vc: VirtualCluster, size: Resources, host: IHostCluster | undefined): PlacementDecision {
    if (host && !this.members.some((m) => m.host === host)) {
      throw argumentError(vc.node.path, 'host', host.clusterName, `host "${host.clusterName}" is not in group "${this.groupName}"`, `use one of ${this.members.map((m) => `"${m.host.clusterName}"`).join(', ')}`);
    }
    const lockedHost = this._lockedHostOf(vc.clusterName);
    if (host && lockedHost !== undefined && host.clusterName !== lockedHost) {
      Annotations.of(vc).addWarning(`moving virtual cluster "${vc.clusterName}" from host "${lockedHost}" to "${host.clusterName}" destroys it and creates it anew`);
    }
    const candidates = this.members.filter((m) => eligible(m.host, this.endpointType));
    const decision = placeVirtualCluster(
      { size, host: host?.clusterName, lockedHost },
      candidates.map((m) => ({
        name: m.host.clusterName,
        allowance: scale(hostResources(m.host), this.oversubscriptionPercent),
        used: this.platform.usedOn(m.host.clusterName),
      })),
    );
    if (decision.host !== undefined) this.platform.reserve(decision.host, size);
    this.placedClusters.push(vc);
    return decision;
  }

  /** @internal The host the lock file records for a member, if any. */
  public _lockedHostOf(name: string): string | undefined {
    return this.locked?.virtualClusters[name]?.host;
  }

  /** @internal The member record for a host name. */
  public _member(hostName: string): { host: IHostCluster; hostname?: (name: string) => string | undefined } | undefined {
    const m = this.members.find((x) => x.host.clusterName === hostName);
    if (!m) return undefined;
    const pattern = m.dnsPattern;
    return {
      host: m.host,
      hostname: (name: string) => (this.endpointType === EndpointType.INGRESS && pattern && isWildcardPattern(pattern) ? hostnameFor(name, pattern) : undefined),
    };
  }

  /** @internal The plain model of this group and its hosts. */
  public _model(): { group: GroupModel; hosts: HostModel[] } {
    const hosts = this.members.map((m) => hostModel(m.host));
    return {
      hosts,
      group: {
        name: this.groupName,
        path: this.node.path,
        stack: this.stackName,
        edge: false,
        project: this.project,
        endpointType: this.endpointType,
        members: this.members.map((m) => ({ host: m.host.clusterName, dnsPattern: m.dnsPattern })),
        chartVersion: this.chartVersion,
        kubernetesVersion: this.kubernetesVersion,
        lockedChartVersion: this.locked?.chartVersion,
        lockedKubernetesVersion: this.locked?.kubernetesVersion,
        ceilings: this.ceilings,
        oversubscriptionPercent: this.oversubscriptionPercent,
        providesLoadBalancer: false,
        providesIngress: false,
        ingressControllers: [],
        rawValues: this.values.extraValues ? [{ path: this.node.path, prop: 'values.extraValues', values: this.values.extraValues }] : [],
        virtualClusters: this.placedClusters.map((vc) => vc._model()),
      },
    };
  }

  /** @internal This group's section of the lock file. */
  public _lock(): GroupLock {
    const virtualClusters: { [name: string]: { host: string } } = {};
    for (const vc of this.placedClusters) {
      if (vc.hostName !== undefined) virtualClusters[vc.clusterName] = { host: vc.hostName };
    }
    return { chartVersion: this.chartVersion, kubernetesVersion: this.kubernetesVersion, virtualClusters };
  }
}

const GROUP_SYMBOL = Symbol.for('cdktf-cluster-groups.ClusterGroup');

function eligible(host: IHostCluster, type: EndpointType): boolean {
  return host.endpointTypes.includes(type) && !host.isVirtualCluster && !host.isReadOnlyImport && !host.isGateway;
}

function hostModel(host: IHostCluster): HostModel {
  return {
    name: host.clusterName,
    path: host.node.path,
    kind: host.kind,
    endpointTypes: [...host.endpointTypes],
    capacity: hostResources(host),
    virtual: host.isVirtualCluster,
    readOnly: host.isReadOnlyImport,
    gateway: host.isGateway,
  };
}

function checkMember(group: ClusterGroup, host: IHostCluster, i: number): void {
  hostResources(host);
  if (TerraformStack.of(host) !== TerraformStack.of(group)) {
    throw argumentError(group.node.path, `hosts[${i}]`, host.clusterName, `host "${host.clusterName}" is defined in another stack, and its providers can only be used in their own stack`, 'define the host cluster (and its providers) in the same stack as the group');
  }
}
