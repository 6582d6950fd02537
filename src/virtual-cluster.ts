import { Release, ReleaseConfig } from '@cdktf/provider-helm/lib/release';
import type { DataKubernetesSecretV1 } from '@cdktf/provider-kubernetes/lib/data-kubernetes-secret-v1';
import { DataKubernetesServiceV1 } from '@cdktf/provider-kubernetes/lib/data-kubernetes-service-v1';
import { NamespaceV1, NamespaceV1Config } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { Fn, ITerraformDependable, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { chartRef, checkChartValues } from './charts/chart-source';
import { configuredReplicas, Exposure, vclusterValues, VirtualClusterValues } from './charts/vcluster-values';
import { EndpointType, HOST_CLUSTER, IHostCluster } from './host-cluster';
import { argumentError, checkRawValues } from './private/errors';
import { internedId } from './private/ids';
import { providerBinding } from './private/bindings';
import { MANAGED_BY_LABEL } from './private/keys';
import { isBroken, markBroken, PlatformState, reportInputError } from './synth/platform-state';
import { checkCapacity } from './rules/capacity';
import { AccessBindingModel, BackupScheduleModel, BackupTargetModel, formatViolation, OidcModel, RawValuesModel, RestoreModel, SleepScheduleModel, snapshotName, VirtualClusterModel } from './model/platform-model';
import { LifecycleInput, SLEEP_SCHEDULE_PROPS, SleepSchedule, VirtualClusterLifecycle } from './lifecycle';
import { BACKUP_SCHEDULE_PROPS, BackupSchedule, backupScheduleModel, BackupTarget, SNAPSHOT_SOURCE_PROPS, SnapshotSource } from './backups';
import { MovedFromLock, MoveLock } from './lock/lock-file';
import { controlPlaneImage, snapshotUrl, withSnapshots } from './charts/backups';
import { ACCESS_BINDING_PROPS, AccessBinding, caOfKubeconfigSecret, OIDC_KUBECONFIG_OPTIONS_PROPS, OidcKubeconfigOptions, oidcKubeconfigDocument, SERVICE_ACCOUNT_KUBECONFIG_PROPS, ServiceAccountKubeconfig } from './access';
import { Resources } from './model/resources';
import { parseSize, ResourceSize } from './resource-size';
import { checkProps, SpecOf } from './private/props';

/** Options for a virtual cluster, as `ClusterGroup.addVirtualCluster` takes them. */
export interface VirtualClusterOptions {
  /**
   * The virtual cluster's name: a DNS-1035 label of at most 53 characters, unique in its group.
   * It is also the Helm release name.
   * @default - the construct id
   */
  readonly clusterName?: string;
  /**
   * The host to run on. Naming a host other than the one in the lock file destroys the virtual
   * cluster and creates it anew, empty; to keep its data, move it with `moveTo`.
   * @default - the host in the lock file; for a new virtual cluster, the group's host with the most room
   */
  readonly host?: IHostCluster;
  /**
   * CPU cores the virtual cluster may use, control plane included.
   * @default 2
   */
  readonly cpu?: number;
  /**
   * Memory the virtual cluster may use, control plane included.
   * @default '4Gi'
   */
  readonly memory?: string;
  /**
   * Storage the virtual cluster may claim.
   * @default '5Gi'
   */
  readonly storage?: string;
  /**
   * The project the virtual cluster belongs to; a project-scoped group serves only its own.
   * @default - none
   */
  readonly project?: string;
  /**
   * The user it belongs to, such as an email address: what per-user quotas count.
   * @default - none
   */
  readonly owner?: string;
  /**
   * Role bindings inside it, which vCluster creates when it starts and keeps as given.
   * @default - none: only the kubeconfig's own admin user
   */
  readonly access?: AccessBinding[];
  /**
   * Also export a kubeconfig that authenticates with this ServiceAccount's token (for CI and
   * tools that cannot hold a client certificate), in the host Secret `vc-<name>-sa`.
   * @default - only the admin certificate kubeconfig
   */
  readonly serviceAccountKubeconfig?: ServiceAccountKubeconfig;
  /**
   * Pause it, as `vcluster pause` does: its control plane goes to zero replicas (annotated so
   * that `vcluster resume` can resume it too), a Job deletes its workload pods on the
   * host, and its volumes and Services stay. Its CPU and memory go back to the host; its
   * storage and load balancer stay counted, and quotas still count it. Set it back to false to
   * resume with the replicas it had.
   * @default - its group's `paused` (false)
   */
  readonly paused?: boolean;
  /**
   * Put it to sleep and wake it on a schedule, with CronJobs on its host (no vCluster licence).
   * @default - its group's `sleepSchedule`; none
   */
  readonly sleepSchedule?: SleepSchedule;
  /**
   * Back it up on a schedule, with vCluster's open-source snapshots, run by CronJobs on its host.
   * @default - its group's `backups`; none
   */
  readonly backups?: BackupSchedule;
  /**
   * Restore it from a snapshot when its control plane first starts (before it serves anything),
   * on this or another host: how a virtual cluster is rebuilt or moved. Each snapshot is restored
   * once; naming another restores that one. A snapshot does not hold the certificates, so
   * kubeconfigs are new.
   * @default - none: it starts empty
   */
  readonly restoreFrom?: SnapshotSource;
  /**
   * Move it to another group of the same stack, through a snapshot, in three applies that the
   * lock file steps through (`cdktf-cluster-groups plan-move` explains them, `move` advances
   * them): the snapshot; the copy restored in the new group while this one is paused; this one
   * destroyed. Remove it before the last step to call the move off. A virtual cluster the lock
   * file does not know yet has nothing to move: it is created in that group directly.
   * @default - it stays where it is
   */
  readonly moveTo?: VirtualClusterMove;
  /**
   * The host namespace it is installed in.
   * @default - `vcluster-<name>`
   */
  readonly namespace?: string;
  /**
   * vCluster values for this virtual cluster, applied after the group's.
   * @default - none
   */
  readonly values?: VirtualClusterValues;
}

/** Where a virtual cluster moves, and the storage its snapshot goes through. */
export interface VirtualClusterMove {
  /** The group it moves to: another group of the same stack. */
  readonly group: IClusterGroup;
  /**
   * The host in that group.
   * @default - the group's host with the most room
   */
  readonly host?: IHostCluster;
  /** Where the snapshot is written and read back: S3 or OCI, which both hosts reach. */
  readonly via: BackupTarget;
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
  /**
   * @internal Places a new member and hands it everything it needs. The VirtualCluster
   * constructor calls it once; the group keeps the member for its model, lock and report.
   */
  _bind(member: VirtualCluster, request: BindRequest): VirtualClusterBinding;
}

/** @internal What a virtual cluster asks of its group. */
export interface BindRequest {
  readonly size: Resources;
  /** A host the user named. */
  readonly host?: IHostCluster;
  /** Its own `paused`, if given; the group's applies otherwise. */
  readonly paused?: boolean;
  /** The move its code asks for: the destination, and the snapshot's URL. */
  readonly move?: { readonly toGroup: string; readonly toHost?: string; readonly url: string };
}

/** @internal What a group hands the virtual cluster it placed. */
export interface VirtualClusterBinding {
  readonly groupName: string;
  readonly endpointType: EndpointType;
  readonly chartVersion: string;
  readonly kubernetesVersion: string;
  /** The host the lock file records for it, if any. */
  readonly lockedHost?: string;
  /** Where it runs; absent when the group had no room (rule CG7 fails the synth). */
  readonly placement?: {
    readonly host: IHostCluster;
    readonly exposure: Exposure;
    /** The host's add-ons: created before it, destroyed after it. */
    readonly dependsOn: readonly ITerraformDependable[];
  };
  /** Values applied before its own: the group's. */
  readonly valueLayers: readonly VirtualClusterValues[];
  /** The OIDC issuer its API server trusts (the group's). */
  readonly oidc?: OidcModel;
  /** The raw values among them, with the construct and prop that took them, for messages. */
  readonly rawValues: readonly RawValuesModel[];
  /** Since when it is paused (from the lock, or now): undefined while it runs. */
  readonly pausedAt?: string;
  /** The group's sleep schedule, which applies unless it has its own. */
  readonly sleepSchedule?: SleepScheduleModel;
  /** The group's backups, which apply unless it has its own. */
  readonly backups?: BackupScheduleModel;
  /** Its move, as the lock records it (or a new one). */
  readonly move?: MoveLock;
  /** It has `moveTo` but the lock does not know it: it is built in the destination group only. */
  readonly createdAtDestination?: boolean;
}

export interface VirtualClusterProps extends VirtualClusterOptions {
  /** The group it belongs to; it inherits the group's versions, exposure and values. */
  readonly group: IClusterGroup;
}

/** Where a virtual cluster's kubeconfig lives on its host. */
export interface KubeconfigSecretRef {
  readonly name: string;
  readonly namespace: string;
  readonly key: string;
}

/**
 * A vCluster control plane in its own namespace on one host of a group, installed with the
 * group's pinned chart and Kubernetes versions.
 */
export class VirtualCluster extends Construct {
  public readonly clusterName: string;

  // A platform holds thousands of these, and the heap's size is what each major GC walks: so
  // a virtual cluster keeps one record of what settle() worked out and its resources, and its
  // other properties are read from those.
  private readonly settled: Settled;
  private readonly placed?: Placed;
  private connections?: string[];

  constructor(scope: Construct, id: string, props: VirtualClusterProps) {
    super(scope, internedId(id));
    // cdktf captures the whole stack for each of the ~12 tokens a virtual cluster creates, and V8
    // finds each frame's source position by walking its function from the start. So this frame
    // stays short up to the resources, and settle() works out everything else beforehand.
    this.clusterName = props?.clusterName ?? id;
    const { settled: s, build: b } = settle(this, id, props);
    this.settled = s;
    if (b) {
      const namespace = new NamespaceV1(this, 'namespace', b.namespace);
      // A reference, not a string: Terraform creates the namespace first and deletes it last.
      const release = new Release(this, 'release', { ...b.release, namespace: namespace.metadata.name });
      const lifecycle = b.lifecycle && new VirtualClusterLifecycle(this, 'lifecycle', { ...b.lifecycle, namespace: namespace.metadata.name, releaseResource: release });
      let endpoint = b.endpoint;
      if (endpoint === undefined) {
        const service = new DataKubernetesServiceV1(this, 'service', {
          provider: b.host.kubernetesProvider,
          metadata: { name: this.clusterName, namespace: s.namespace },
          dependsOn: [release],
        });
        const ingress = service.status.get(0).loadBalancer.get(0).ingress.get(0);
        endpoint = `https://${Fn.coalesce([ingress.ip, ingress.hostname])}`;
      }
      this.placed = { host: b.host, namespace, release, endpoint, lifecycle };
    }
  }

  /** The host namespace. */
  public get namespace(): string {
    return this.settled.namespace;
  }

  public get releaseName(): string {
    return this.clusterName;
  }

  public get chartVersion(): string {
    return this.settled.chartVersion;
  }

  public get kubernetesVersion(): string {
    return this.settled.kubernetesVersion;
  }

  /** The name of the host it was placed on; undefined when its group had no room. */
  public get hostClusterName(): string | undefined {
    return this.settled.hostClusterName;
  }

  /** The Secret vCluster writes the kubeconfig to (on the host). */
  public get kubeconfig(): KubeconfigSecretRef {
    return kubeconfigSecret(this.releaseName, this.namespace, '');
  }

  /** The Secret of the ServiceAccount-token kubeconfig (on the host), when one was asked for. */
  public get serviceAccountKubeconfigSecret(): KubeconfigSecretRef | undefined {
    return this.settled.serviceAccountKubeconfig && kubeconfigSecret(this.releaseName, this.namespace, '-sa');
  }

  /** Whether it is paused (its own prop, or its group's). */
  public get paused(): boolean {
    return this.settled.binding?.pausedAt !== undefined;
  }

  /** Its sleep schedule (its own, or its group's), if any. */
  public get sleepSchedule(): SleepSchedule | undefined {
    const m = this.settled.sleepScheduleModel;
    return m && pick(m);
  }

  /** Its copy in the group it moves to, once the move restores it there (or, new, its only build). */
  public get movedTo(): VirtualCluster | undefined {
    return this.settled.movedTo;
  }

  /** The host-side jobs: pause, sleep and wake, backups, and a move's snapshot, when it has any. */
  public get lifecycle(): VirtualClusterLifecycle | undefined {
    return this.placed?.lifecycle;
  }

  /** The host it runs on. Throws when its group had no room (synth reports why). */
  public get host(): IHostCluster {
    return this.need().host;
  }

  /**
   * A kubeconfig for people, whose user logs in through the group's OIDC issuer with the
   * kubelogin plugin (`kubectl oidc-login`), as YAML for a `TerraformOutput`: the server, and its
   * CA certificate read from vCluster's kubeconfig Secret on the host once it exists (known after
   * apply). It holds no secret. Throws when the group has no `oidc`.
   */
  public oidcKubeconfig(options: OidcKubeconfigOptions = {}): string {
    checkProps(this.node.path, 'options', options, OIDC_KUBECONFIG_OPTIONS_PROPS);
    const oidc = this.settled.binding?.oidc;
    if (!oidc) throw argumentError(this.node.path, 'oidcKubeconfig()', undefined, `group "${this.settled.binding?.groupName ?? '?'}" trusts no OIDC issuer`, 'set oidc on the group, or use the certificate kubeconfig (kubeconfig) or a serviceAccountKubeconfig');
    return oidcKubeconfigDocument(this.clusterName, this.endpoint, caOfKubeconfigSecret(this._kubeconfigSecret(this.kubeconfig), this.kubeconfig.key), oidc, options);
  }

  /** @internal The read of a kubeconfig Secret vCluster writes on the host, once per Secret. */
  public _kubeconfigSecret(ref: KubeconfigSecretRef): DataKubernetesSecretV1 {
    const { host, release } = this.need();
    const id = ref.name === this.kubeconfig.name ? 'kubeconfig-secret' : 'sa-kubeconfig-secret';
    const { DataKubernetesSecretV1: Secret } = providerBinding('data-kubernetes-secret-v1');
    return (this.node.tryFindChild(id) as DataKubernetesSecretV1 | undefined) ?? new Secret(this, id, {
      provider: host.kubernetesProvider,
      metadata: { name: ref.name, namespace: ref.namespace },
      dependsOn: [release],
    });
  }

  /** @internal A connection of an application stack deploys into it (rule CG22 checks it is running). */
  public _connectedFrom(path: string): void {
    (this.connections ??= []).push(path);
  }

  /** @internal How it is reached: behind an ingress, or through its own load balancer. */
  public get _endpointType(): EndpointType | undefined {
    return this.settled.binding?.endpointType;
  }

  /** The vCluster Helm release: an escape hatch for anything the props do not cover. */
  public get release(): Release {
    return this.need().release;
  }

  /** The host namespace resource. */
  public get namespaceResource(): NamespaceV1 {
    return this.need().namespace;
  }

  /**
   * The API server URL: `https://<hostname>` behind an ingress, or the load balancer's
   * address once it has one (known after apply). Empty when the group had no room for it, so
   * that an output of it does not stop the synth from reporting every violation (CG7 fails it).
   */
  public get endpoint(): string {
    return this.placed?.endpoint ?? '';
  }

  /** @internal Where a move brought it from; the group records it in the lock. */
  public _movedFrom?: MovedFromLock;

  /** @internal Its move, as the lock records it. */
  public get _move(): MoveLock | undefined {
    return this.settled.binding?.move;
  }

  /** @internal Since when it is paused, as the lock records it. */
  public get _pausedAt(): string | undefined {
    return this.settled.binding?.pausedAt;
  }

  /** @internal */
  public _model(): VirtualClusterModel {
    const s = this.settled;
    return {
      name: this.clusterName,
      path: this.node.path,
      host: this.hostClusterName,
      lockedHost: s.binding?.lockedHost,
      namespace: this.namespace,
      releaseName: this.releaseName,
      hostname: s.hostname,
      size: s.size,
      sizeAsWritten: s.sizeAsWritten,
      project: s.project,
      owner: s.owner,
      access: s.access.length ? s.access : undefined,
      serviceAccountKubeconfig: s.serviceAccountKubeconfig,
      rawValues: rawValuesOf(this.node.path, s.extraValues),
      paused: this.paused || undefined,
      pausedAt: s.binding?.pausedAt,
      sleepSchedule: s.sleepScheduleModel,
      backups: s.backupsModel,
      restoreFrom: s.restoreModel,
      move: s.binding?.move && s.moveVia && { toGroup: s.binding.move.toGroup, toHost: s.binding.move.toHost, phase: s.binding.move.phase, via: s.moveVia },
      connections: this.connections && [...this.connections],
    };
  }

  private need() {
    const move = this.settled.binding?.move;
    if (!this.placed && (move?.phase === 'retire' || this.settled.binding?.createdAtDestination)) {
      throw new Error(`${this.node.path}: it runs in the group it moves to, not here; use movedTo instead`);
    }
    if (!this.placed && isBroken(this)) {
      // Its own input error, or its group's or host's: the first of them stops the program here.
      throw new Error(PlatformState.of(this).inputErrorMessages[0] ?? `${this.node.path}: not built (see the [input] errors)`);
    }
    if (!this.placed) {
      // The same words the synth would print for this cluster, since this stops the program first.
      const v = checkCapacity(PlatformState.of(this).model()).find((x) => x.path === this.node.path && x.rule === 'CG7' && (x.prop === 'size' || x.prop === 'host'));
      throw new Error(v ? formatViolation(v) : `[CG7] ${this.node.path}: has no host. Fix: add capacity or hosts to the group, or name a host`);
    }
    return this.placed;
  }
}

export const VALUES_PROPS: SpecOf<VirtualClusterValues> = {
  networkPolicy: { type: 'boolean' },
  syncIngresses: { type: 'boolean' },
  extraValues: { type: 'object' },
};

/** The values props, given one level too high. */
export const VALUES_HINTS = { extraValues: 'values.extraValues', networkPolicy: 'values.networkPolicy', syncIngresses: 'values.syncIngresses' };

const VIRTUAL_CLUSTER_PROPS: SpecOf<VirtualClusterProps> = {
  clusterName: { type: 'string' },
  host: { type: HOST_CLUSTER },
  cpu: { type: 'number' },
  memory: { type: 'string' },
  storage: { type: 'string' },
  project: { type: 'string' },
  owner: { type: 'string' },
  access: { type: { listOf: ACCESS_BINDING_PROPS } },
  serviceAccountKubeconfig: { type: { props: SERVICE_ACCOUNT_KUBECONFIG_PROPS } },
  paused: { type: 'boolean' },
  sleepSchedule: { type: { props: SLEEP_SCHEDULE_PROPS } },
  backups: { type: { props: BACKUP_SCHEDULE_PROPS } },
  restoreFrom: { type: { props: SNAPSHOT_SOURCE_PROPS } },
  moveTo: { type: { props: { group: { type: { is: (v) => typeof (v as IClusterGroup | undefined)?._bind === 'function', what: 'a ClusterGroup' }, required: true }, host: { type: HOST_CLUSTER }, via: { type: { is: (v) => v instanceof BackupTarget, what: 'a BackupTarget (BackupTarget.s3() or .oci())' }, required: true } } } },
  namespace: { type: 'string' },
  values: { type: { props: VALUES_PROPS } },
  // Checked on its own below, with the message it has always had.
  group: { type: { is: () => true, what: 'a ClusterGroup' } },
};

/** What a virtual cluster keeps of its props, checked, and of its binding. */
interface Settled {
  readonly sizeAsWritten: ResourceSize;
  readonly size: Resources;
  readonly namespace: string;
  readonly project?: string;
  readonly owner?: string;
  readonly access: readonly AccessBindingModel[];
  readonly extraValues?: VirtualClusterValues['extraValues'];
  readonly serviceAccountKubeconfig?: { serviceAccount: string; clusterRole: string };
  readonly binding?: KeptBinding;
  readonly hostClusterName?: string;
  readonly hostname?: string;
  readonly moveVia?: BackupTargetModel;
  readonly sleepScheduleModel?: SleepScheduleModel;
  readonly backupsModel?: BackupScheduleModel;
  readonly restoreModel?: RestoreModel;
  readonly chartVersion: string;
  readonly kubernetesVersion: string;
  readonly movedTo?: VirtualCluster;
}

/** What it keeps of its binding: the placement and value layers went into its resources. */
type KeptBinding = Pick<VirtualClusterBinding, 'groupName' | 'endpointType' | 'lockedHost' | 'oidc' | 'pausedAt' | 'move' | 'createdAtDestination'>;

/** Its resources, once it has a host. */
interface Placed {
  readonly host: IHostCluster;
  readonly namespace: NamespaceV1;
  readonly release: Release;
  readonly endpoint: string;
  readonly lifecycle?: VirtualClusterLifecycle;
}

/** Shared by every virtual cluster without access bindings. */
const NO_ACCESS: readonly AccessBindingModel[] = Object.freeze([]);

/** A virtual cluster's resources' inputs, when it has a host; the references between them are the constructor's. */
interface Build {
  readonly host: IHostCluster;
  readonly namespace: NamespaceV1Config;
  readonly release: Omit<ReleaseConfig, 'namespace'>;
  readonly lifecycle?: Omit<LifecycleInput, 'namespace' | 'releaseResource'>;
  /** Known for an ingress; undefined for a load balancer, whose address the constructor reads. */
  readonly endpoint?: string;
}

/** Checks a virtual cluster's props, binds it to its group and renders its values. */
function settle(vc: VirtualCluster, id: string, props: VirtualClusterProps): { settled: Settled; build?: Build } {
  const path = vc.node.path;
  const group = props?.group;
  let size: Resources = { cpuMilli: 0, memoryBytes: 0, storageBytes: 0 };
  const sizeAsWritten = { cpu: props?.cpu ?? 2, memory: props?.memory ?? '4Gi', storage: props?.storage ?? '5Gi' };
  try {
    checkProps(path, '', props, VIRTUAL_CLUSTER_PROPS, VALUES_HINTS);
    if (typeof group?._bind !== 'function') {
      throw argumentError(path, 'group', group?.node?.path, 'not a ClusterGroup of this library', 'pass a ClusterGroup (or EdgeClusterGroup)');
    }
    if (TerraformStack.of(vc) !== TerraformStack.of(group)) {
      throw argumentError(path, 'group', group.groupName, 'the group is in another stack, and its hosts\' providers can only be used in their own stack', 'create the virtual cluster in the group\'s stack, for example with group.addVirtualCluster()');
    }
    checkRawValues(path, 'values.extraValues', props.values?.extraValues);
    if (props.owner === '') throw argumentError(path, 'owner', '', 'empty, so no per-user quota could count it', "give the user's name, such as an email address, or leave owner out");
    checkMove(path, props);
    size = parseSize(path, '', sizeAsWritten);
  } catch (e) {
    reportInputError(vc, e);
  }
  const clusterName = vc.clusterName;
  const releaseName = clusterName;
  const namespace = props?.namespace ?? `vcluster-${clusterName}`;
  // Read only once checked: a wrongly typed list was reported above, and builds nothing.
  const access = isBroken(vc) || !props.access?.length ? NO_ACCESS : props.access.map((b) => ({ clusterRole: b.clusterRole, namespace: b.namespace, users: [...(b.users ?? [])], groups: [...(b.groups ?? [])], serviceAccounts: [...(b.serviceAccounts ?? [])] }));
  const values = props?.values ?? {};
  const sa = isBroken(vc) ? undefined : props.serviceAccountKubeconfig;
  const serviceAccountKubeconfig = sa && { serviceAccount: sa.serviceAccount, clusterRole: sa.clusterRole ?? 'cluster-admin' };
  const serviceAccountKubeconfigSecret = sa ? kubeconfigSecret(releaseName, namespace, '-sa') : undefined;

  // In a group that reported an error, it builds nothing and adds no error of its own.
  if (isBroken(group)) markBroken(vc);
  let binding: VirtualClusterBinding | undefined;
  if (!isBroken(vc)) {
    try {
      const m = props.moveTo;
      const move = m && { toGroup: m.group.groupName, toHost: m.host?.clusterName, url: snapshotUrl(m.via._model(), snapshotName(group.groupName, props.clusterName ?? id, 'move')) };
      binding = group._bind(vc, { size, host: props.host, paused: props.paused, move });
    } catch (e) {
      reportInputError(vc, e);
    }
  }
  const move = binding?.move;
  // Once its copy runs, the source neither sleeps nor is backed up: the copy is, as the code says.
  const copied = move !== undefined && move.phase !== 'snapshot';
  const sleepScheduleModel = copied ? undefined : props?.sleepSchedule && !isBroken(vc) ? { ...pick(props.sleepSchedule), path, prop: 'sleepSchedule' } : binding?.sleepSchedule;
  const backupsModel = copied ? undefined : props?.backups && !isBroken(vc) ? backupScheduleModel(props.backups, path, 'backups') : binding?.backups;
  const restoreModel = props?.restoreFrom && !isBroken(vc) ? { target: props.restoreFrom.target._model(), snapshot: props.restoreFrom.snapshot, path, prop: 'restoreFrom' } : undefined;
  const chartVersion = binding?.chartVersion ?? group?.chartVersion ?? '';
  const kubernetesVersion = binding?.kubernetesVersion ?? group?.kubernetesVersion ?? '';
  let movedTo: VirtualCluster | undefined;
  if ((copied || binding?.createdAtDestination) && props.moveTo) {
    const { moveTo, group: _from, host: _host, paused: _paused, ...rest } = props;
    const restoreFrom = move ? { target: moveTo.via, snapshot: move.snapshot } : rest.restoreFrom;
    movedTo = new VirtualCluster(moveTo.group, id, { ...rest, group: moveTo.group, host: moveTo.host, restoreFrom });
    if (move) movedTo._movedFrom = { group: binding!.groupName, host: binding!.lockedHost!, at: move.since };
  }
  const exposure = binding?.placement?.exposure;
  const hostname = exposure && 'hostname' in exposure ? exposure.hostname : undefined;
  const paused = binding?.pausedAt !== undefined;
  const sleepSchedule = sleepScheduleModel && pick(sleepScheduleModel);
  const settled: Settled = {
    sizeAsWritten, size, namespace, project: props?.project, owner: props?.owner, access, extraValues: values.extraValues, serviceAccountKubeconfig,
    binding: binding && {
      groupName: binding.groupName, endpointType: binding.endpointType, lockedHost: binding.lockedHost, oidc: binding.oidc,
      pausedAt: binding.pausedAt, move: binding.move, createdAtDestination: binding.createdAtDestination,
    },
    hostClusterName: binding?.placement?.host.clusterName, hostname, moveVia: move && props.moveTo?.via._model(),
    sleepScheduleModel, backupsModel, restoreModel, chartVersion, kubernetesVersion, movedTo,
  };
  // Unplaced (full group, its locked host left, or an input error): no resources; synth fails.
  if (!binding?.placement) return { settled };
  const { host, dependsOn } = binding.placement;
  const rendered = vclusterValues({
    exposure: binding.placement.exposure,
    kubernetesVersion,
    size,
    layers: [...binding.valueLayers, values],
    oidc: binding.oidc,
    access,
    serviceAccountKubeconfig: serviceAccountKubeconfigSecret && { ...serviceAccountKubeconfig!, secretName: serviceAccountKubeconfigSecret.name, namespace },
    pausedAt: binding.pausedAt,
  });
  const chartValues = withSnapshots(rendered, [backupsModel?.target, restoreModel?.target].filter((t) => t !== undefined), restoreModel && {
    image: controlPlaneImage(rendered, chartVersion),
    release: releaseName,
    target: restoreModel.target,
    snapshot: restoreModel.snapshot,
  });
  checkChartValues(vc, 'vcluster', chartVersion, chartValues, [...binding.rawValues, ...rawValuesOf(path, values.extraValues)], { path, prop: 'values' });
  const moveSnapshot = move?.phase === 'snapshot' && props.moveTo ? { target: props.moveTo.via._model(), snapshot: move.snapshot } : undefined;
  const lifecycle = paused || sleepScheduleModel || backupsModel || moveSnapshot ? {
    host,
    provider: host.kubernetesProvider,
    namespaceName: namespace,
    release: releaseName,
    replicas: configuredReplicas(chartValues),
    paused,
    schedule: sleepSchedule,
    _backups: backupsModel && { schedule: backupsModel, group: binding.groupName, clusterName },
    _moveSnapshot: moveSnapshot,
    labels: { 'cluster-groups/group': binding.groupName, 'cluster-groups/virtual-cluster': clusterName },
  } : undefined;
  return {
    settled,
    build: {
      host,
      namespace: {
        provider: host.kubernetesProvider,
        metadata: {
          name: namespace,
          labels: {
            ...MANAGED_BY_LABEL,
            'cluster-groups/group': binding.groupName,
            'cluster-groups/virtual-cluster': clusterName,
          },
        },
      },
      release: {
        provider: host.helmProvider,
        name: releaseName,
        ...chartRef(vc, 'vcluster', chartVersion),
        values: [JSON.stringify(chartValues, null, 2)],
        wait: true,
        timeout: 600,
        // The host's add-ons (MetalLB, ingress, DNS) come first and go last.
        dependsOn: dependsOn.length ? [...dependsOn] : undefined,
      },
      lifecycle,
      endpoint: binding.endpointType === EndpointType.INGRESS ? (hostname ? `https://${hostname}` : '') : undefined,
    },
  };
}

/** The Secret vCluster writes a kubeconfig to: `vc-<release>`, with `-sa` for the ServiceAccount one. */
function kubeconfigSecret(releaseName: string, namespace: string, suffix: '' | '-sa'): KubeconfigSecretRef {
  return { name: `vc-${releaseName}${suffix}`, namespace, key: 'config' };
}

/** Its raw values document, as the rules trace a values problem back to it. */
function rawValuesOf(path: string, extraValues: VirtualClusterValues['extraValues']): RawValuesModel[] {
  return extraValues ? [{ path, prop: 'values.extraValues', values: extraValues }] : [];
}

/** The schedule's three fields, without where it came from. */
function pick(s: SleepSchedule): SleepSchedule {
  return { sleep: s.sleep, wake: s.wake, timeZone: s.timeZone };
}

/** A move goes to another group of the same stack, through storage both hosts reach. */
function checkMove(path: string, props: VirtualClusterProps): void {
  const m = props.moveTo;
  if (!m) return;
  if (m.group === props.group) {
    throw argumentError(path, 'moveTo.group', m.group.groupName, 'its own group: the copy and the source would be one construct', 'move it to another group (one may hold the same hosts), or name a host to recreate it there without its data');
  }
  if (TerraformStack.of(m.group) !== TerraformStack.of(props.group)) {
    throw argumentError(path, 'moveTo.group', m.group.groupName, 'in another stack, whose applies cannot be ordered with this one\'s', 'move it to a group of the same stack');
  }
  if (m.via.kind === 'container') {
    throw argumentError(path, 'moveTo.via', 'container', 'the source\'s own volume, which the copy on another host cannot read', 'move it through S3 or OCI (BackupTarget.s3() or .oci())');
  }
}
