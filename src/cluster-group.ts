import { Annotations, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { chartAddonsOf, HostAddons, HostAddonsProps } from './addons/host-addons';
import { INGRESS_CONTROLLER, IngressController } from './addons/ingress-controller';
import { METALLB_PROPS, MetalLbOptions } from './addons/metallb';
import { externalDnsNamespace, WILDCARD_DNS, WildcardDns } from './addons/wildcard-dns';
import { Exposure, VirtualClusterValues } from './charts/vcluster-values';
import { ChartCatalog } from './charts/versions';
import { EndpointType, HOST_CLUSTER, hostResources, IHostCluster } from './host-cluster';
import { checkProps, SpecOf } from './private/props';
import { GroupLock, MoveLock, VirtualClusterLock } from './lock/lock-file';
import { placeVirtualCluster } from './placement/placement';
import { argumentError, checkRawValues } from './private/errors';
import { internedId } from './private/ids';
import { isBroken, markBroken, PlatformState, reportInputError } from './synth/platform-state';
import { parseCpu, parseQuantity, requirePositive } from './resource-size';
import { heldOnHost, scale } from './model/resources';
import { canHost } from './rules/capacity';
import { DnsModel, GroupModel, HostModel, QuotaModel, RawValuesModel, Resources, snapshotName } from './model/platform-model';
import { OIDC_PROPS, OidcConfig } from './access';
import { SLEEP_SCHEDULE_PROPS, SleepSchedule } from './lifecycle';
import { BACKUP_SCHEDULE_PROPS, BackupSchedule, backupScheduleModel } from './backups';
import { Quota, QUOTA_POLICY_PROPS, QuotaPolicy } from './quotas';
import { hostnameFor, isWildcardPattern } from './rules/naming';
import { BindRequest, IClusterGroup, VALUES_HINTS, VALUES_PROPS, VirtualCluster, VirtualClusterBinding, VirtualClusterOptions } from './virtual-cluster';

export { IClusterGroup } from './virtual-cluster';

/** A host cluster as a member of a group. */
export interface ClusterGroupHost {
  readonly host: IHostCluster;
  /**
   * The wildcard DNS pattern for this host, such as `*.east.dev.example.com`; required in
   * ingress groups, where a virtual cluster answers at `<name>.<pattern suffix>`.
   * @default - none
   */
  readonly dnsPattern?: string;
  /**
   * How this host routes to virtual clusters, when it differs from the group's: for example a
   * host that already runs a passthrough-capable controller.
   * @default - the group's ingressController
   */
  readonly ingressController?: IngressController;
  /**
   * Install MetalLB with these address pools on this host (sites without a cloud load balancer).
   * @default - none
   */
  readonly metallb?: MetalLbOptions;
  /**
   * The ingress load balancer's address. With MetalLB it pins the ingress-nginx Service to it
   * (it must be in a pool); with WildcardDns.rfc2136 the record points at it.
   * @default - with MetalLB and ingress-nginx, the first address of the first pool; otherwise read from the controller's Service after apply
   */
  readonly ingressAddress?: string;
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
   * What each user (a virtual cluster's `owner`) and each project may hold in the group, checked
   * before the per-cluster ceilings; `Quotas.paletteManagedGroup()` is Palette's managed group.
   * @default - no quotas
   */
  readonly quotas?: QuotaPolicy;
  /**
   * The OIDC issuer the virtual clusters' API servers trust for user logins. Set it when the
   * group is created: changing it restarts every member's control plane.
   * @default - no OIDC: certificate and ServiceAccount logins only
   */
  readonly oidc?: OidcConfig;
  /**
   * You hold a vCluster Pro licence for this group's virtual clusters: licensed vcluster.yaml
   * keys (`sleep`, `snapshots`, embedded etcd...) are then allowed in its values, with a warning.
   * @default false: a licensed key fails the synth (rule CG21), naming what does the job without one
   */
  readonly proLicense?: boolean;
  /**
   * How ingress groups route `https://<name>.<host suffix>` to each virtual cluster.
   * @default IngressController.nginx(): ingress-nginx with SSL passthrough on every host
   */
  readonly ingressController?: IngressController;
  /**
   * How each ingress host's wildcard record is created.
   * @default WildcardDns.manual(): synth prints the records to create
   */
  readonly dns?: WildcardDns;
  /**
   * Pause every member (each may say otherwise with its own `paused`); see
   * `VirtualClusterOptions.paused`.
   * @default false
   */
  readonly paused?: boolean;
  /**
   * Put every member to sleep and wake it on this schedule, unless it has its own.
   * @default - none
   */
  readonly sleepSchedule?: SleepSchedule;
  /**
   * Back every member up on this schedule, unless it has its own.
   * @default - none
   */
  readonly backups?: BackupSchedule;
  /**
   * vCluster values for every member, applied before each virtual cluster's own.
   * @default - none
   */
  readonly values?: VirtualClusterValues;
}

interface Member extends ClusterGroupHost {
  addons?: HostAddons;
  /** The host as the rules see it, made once: placement reads it for every virtual cluster. */
  model?: HostModel;
}

/**
 * A pool of host clusters that hands out virtual clusters, with one endpoint type, one pinned
 * vCluster version and one set of values for all of them. Its rules are checked at synth.
 */
export class ClusterGroup extends Construct implements IClusterGroup {
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
  public readonly ingressController: IngressController;
  public readonly dns: WildcardDns;
  public readonly values: VirtualClusterValues;
  /** The OIDC issuer its virtual clusters trust, if any. */
  public readonly oidc?: OidcConfig;
  /** Whether a vCluster Pro licence was declared for the group. */
  public readonly proLicense: boolean;
  /** The stack's name, which the lock file keys groups by. */
  public readonly stackName: string;
  /** Whether its members are paused unless they say otherwise. */
  public readonly paused: boolean;
  /** The sleep schedule of members without their own, if any. */
  public readonly sleepSchedule?: SleepSchedule;
  /** The backups of members without their own, if any. */
  public readonly backups?: BackupSchedule;

  private readonly members: Member[];
  private readonly ceilings: Resources;
  private readonly quotas?: CheckedProps['quotas'];
  private readonly locked: GroupLock | undefined;
  private readonly versionsFromLock: ('chartVersion' | 'kubernetesVersion')[];
  private readonly placedClusters: VirtualCluster[] = [];
  /** Members whose move has reached its last phase: built nowhere, kept in the lock until removed. */
  private readonly retired: { name: string; entry: VirtualClusterLock }[] = [];
  private readonly platform: PlatformState;

  constructor(scope: Construct, id: string, props: ClusterGroupProps) {
    super(scope, internedId(id));
    Object.defineProperty(this, GROUP_SYMBOL, { value: true });
    // A group on a host that reported an error builds nothing, and adds no error of its own.
    const hosts = Array.isArray(props?.hosts) ? props.hosts : [];
    if (hosts.some((m) => isBroken(m?.host))) markBroken(this);
    let checked: CheckedProps = { ceilings: { cpuMilli: 0, memoryBytes: 0, storageBytes: 0 } };
    try {
      if (!isBroken(this)) checked = checkGroupProps(this, props);
    } catch (e) {
      reportInputError(this, e);
    }
    this.groupName = props?.groupName ?? id;
    this.endpointType = props?.endpointType ?? EndpointType.INGRESS;
    this.project = props?.project;
    this.ingressController = props?.ingressController ?? IngressController.nginx();
    this.dns = props?.dns ?? WildcardDns.manual();
    this.values = props?.values ?? {};
    this.oidc = props?.oidc;
    this.proLicense = props?.proLicense ?? false;
    this.paused = props?.paused ?? false;
    this.sleepSchedule = isBroken(this) || !props?.sleepSchedule ? undefined : { sleep: props.sleepSchedule.sleep, wake: props.sleepSchedule.wake, timeZone: props.sleepSchedule.timeZone };
    this.backups = isBroken(this) ? undefined : props?.backups;
    this.stackName = TerraformStack.of(this).node.id;
    this.oversubscriptionPercent = props?.oversubscriptionPercent ?? 120;
    this.ceilings = checked.ceilings;
    this.quotas = checked.quotas;
    this.members = isBroken(this) ? [] : hosts.map((m) => ({ ...m }));
    this.platform = PlatformState.of(this);
    this.locked = this.platform.lockedGroup(this.stackName, this.groupName);
    this.versionsFromLock = [
      ...(props?.chartVersion === undefined && this.locked ? ['chartVersion' as const] : []),
      ...(props?.kubernetesVersion === undefined && this.locked ? ['kubernetesVersion' as const] : []),
    ];
    this.chartVersion = props?.chartVersion ?? this.locked?.chartVersion ?? ChartCatalog.newestVclusterVersion();
    this.kubernetesVersion =
      props?.kubernetesVersion ??
      this.locked?.kubernetesVersion ??
      ChartCatalog.defaultKubernetesVersion(this.chartVersion) ??
      ChartCatalog.defaultKubernetesVersion(ChartCatalog.newestVclusterVersion())!;
    if (isBroken(this)) return;
    if (this.endpointType === EndpointType.LOAD_BALANCER) warnIngressOnly(this, props);
    // A PlatformGroup by shape, checked here: an `implements` of that internal interface would
    // put it in the public API, which jsii refuses (JSII9002).
    this.platform.register(this);
    for (const m of this.members) m.addons = this.installAddons(m);
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

  /** What the group installs on a host (MetalLB, ingress-nginx, DNS), if anything. */
  public addonsOf(host: IHostCluster): HostAddons | undefined {
    return this.members.find((m) => m.host === host)?.addons;
  }

  /** @internal Places a new member (reserving room on its host) and hands it what it needs. */
  public _bind(vc: VirtualCluster, request: BindRequest): VirtualClusterBinding {
    const { size, host } = request;
    if (host && !this.members.some((m) => m.host === host)) {
      throw argumentError(vc.node.path, 'host', host.clusterName, `host "${host.clusterName}" is not in group "${this.groupName}"`, `use one of ${this.members.map((m) => `"${m.host.clusterName}"`).join(', ')}`);
    }
    const locked = this.locked?.virtualClusters[vc.clusterName];
    const lockedHost = locked?.host;
    const move = this.moveOf(vc, request, locked);
    if (move === 'new') {
      // Nothing to move yet: it is created where it is going, and nothing of it here.
      Annotations.of(vc).addInfo(`virtual cluster "${vc.clusterName}" is new: it is created in group "${request.move!.toGroup}" directly, with nothing to move`);
      return { groupName: this.groupName, endpointType: this.endpointType, chartVersion: this.chartVersion, kubernetesVersion: this.kubernetesVersion, valueLayers: [], rawValues: [], createdAtDestination: true };
    }
    if (move?.phase === 'retire') {
      // The source of a finished move: nothing of it is built, and its copy runs in the new group.
      this.retired.push({ name: vc.clusterName, entry: { host: lockedHost!, move } });
      return { groupName: this.groupName, endpointType: this.endpointType, chartVersion: this.chartVersion, kubernetesVersion: this.kubernetesVersion, lockedHost, valueLayers: [], rawValues: [], move };
    }
    // While its copy is restored, the source is paused: nothing changes it after the snapshot.
    const paused = move?.phase === 'restore' || (request.paused ?? this.paused);
    if (host && lockedHost !== undefined && host.clusterName !== lockedHost) {
      Annotations.of(vc).addWarning(`moving virtual cluster "${vc.clusterName}" from host "${lockedHost}" to "${host.clusterName}" destroys it and creates it anew, empty; moveTo keeps its data`);
    }
    const candidates = this.members.filter((m) => canHost(modelOf(m), this.endpointType));
    const decision = placeVirtualCluster(
      { size: heldOnHost(size, paused), host: host?.clusterName, lockedHost },
      candidates.map((m) => ({
        name: m.host.clusterName,
        allowance: scale(modelOf(m).capacity, this.oversubscriptionPercent),
        used: this.platform.usedOn(m.host.clusterName),
      })),
    );
    if (decision.host !== undefined) this.platform.reserve(decision.host, heldOnHost(size, paused));
    this.placedClusters.push(vc);
    const m = this.members.find((x) => x.host.clusterName === decision.host);
    return {
      groupName: this.groupName,
      endpointType: this.endpointType,
      chartVersion: this.chartVersion,
      kubernetesVersion: this.kubernetesVersion,
      lockedHost,
      placement: m && { host: m.host, exposure: this.exposureOf(m, vc.clusterName), dependsOn: m.addons?.dependables ?? [] },
      valueLayers: [this.values],
      oidc: this.oidc,
      rawValues: this.rawValues(),
      pausedAt: paused ? this.locked?.virtualClusters[vc.clusterName]?.pausedAt ?? this.platform.now : undefined,
      sleepSchedule: this.sleepSchedule && { ...this.sleepSchedule, path: this.node.path, prop: 'sleepSchedule' },
      backups: this.backups && backupScheduleModel(this.backups, this.node.path, 'backups'),
      move,
    };
  }

  /**
   * The move under way, as the lock records it, or a new one in its first phase, or `new` for a
   * virtual cluster the lock does not know (nothing to move: it starts where it goes). Without
   * `moveTo`, a move not yet retired is called off (the source resumes, the copy goes); a retired
   * one cannot be: the source is gone, and building it here would start it empty.
   */
  private moveOf(vc: VirtualCluster, request: BindRequest, locked: VirtualClusterLock | undefined): MoveLock | 'new' | undefined {
    const prev = locked?.move;
    const want = request.move;
    if (!want) {
      if (prev?.phase === 'retire') {
        throw argumentError(vc.node.path, 'moveTo', undefined, `its move to group "${prev.toGroup}" is retired: it was destroyed here, and building it here again would start it empty`, `declare it in group "${prev.toGroup}" under the same id, with restoreFrom the snapshot "${prev.snapshot}", and remove it from this group (or put moveTo back until then)`);
      }
      return undefined;
    }
    if (locked === undefined) return 'new';
    if (prev && prev.toGroup === want.toGroup && prev.toHost === want.toHost && prev.url === want.url) return prev;
    if (prev && prev.phase !== 'snapshot') {
      throw argumentError(vc.node.path, 'moveTo', want.toGroup, `it is moving to group "${prev.toGroup}"${prev.toHost ? ` (host ${prev.toHost})` : ''} through ${prev.url}, in phase ${prev.phase}, and the destination cannot change now`, 'finish that move, or remove moveTo to call it off, apply, and start again');
    }
    const snapshot = snapshotName(this.groupName, vc.clusterName, 'move');
    return { toGroup: want.toGroup, toHost: want.toHost, snapshot, url: want.url, phase: 'snapshot', since: this.platform.now };
  }

  /** Edge groups say so; rules CG3 and CG4 then apply. */
  protected isEdge(): boolean {
    return false;
  }

  private exposureOf(m: Member, name: string): Exposure {
    if (this.endpointType === EndpointType.LOAD_BALANCER) return { kind: 'load-balancer' };
    if (!m.dnsPattern || !isWildcardPattern(m.dnsPattern)) return { kind: 'none' };
    const hostname = hostnameFor(name, m.dnsPattern);
    const ingress = this.ingressOf(m);
    if (ingress.kind === 'gateway') {
      const g = ingress._gateway!;
      return { kind: 'tls-route', hostname, parentRef: { name: g.gatewayName, namespace: g.gatewayNamespace, sectionName: g.sectionName } };
    }
    return { kind: 'ingress', hostname, className: ingress.className };
  }

  /** The raw values the group's members get, for the rules and the schema check. */
  private rawValues(): RawValuesModel[] {
    return this.values.extraValues ? [{ path: this.node.path, prop: 'values.extraValues', values: this.values.extraValues }] : [];
  }

  private ingressOf(m: Member): IngressController {
    return m.ingressController ?? this.ingressController;
  }

  private installAddons(m: Member): HostAddons | undefined {
    if (this.endpointType !== EndpointType.INGRESS && !m.metallb) return undefined;
    return new HostAddons(this, `${m.host.node.id}-addons`, this.addonProps(m));
  }

  private addonProps(m: Member): HostAddonsProps {
    return {
      host: m.host,
      groupName: this.groupName,
      endpointType: this.endpointType,
      ingress: this.endpointType === EndpointType.INGRESS ? this.ingressOf(m) : undefined,
      metallb: m.metallb,
      ingressAddress: m.ingressAddress,
      dnsPattern: m.dnsPattern,
      dns: this.dns,
    };
  }

  /** @internal The plain model of this group and its hosts. */
  public _model(): { group: GroupModel; hosts: HostModel[] } {
    const hosts = this.members.map(modelOf);
    return {
      hosts,
      group: {
        name: this.groupName,
        path: this.node.path,
        stack: this.stackName,
        edge: this.isEdge(),
        project: this.project,
        endpointType: this.endpointType,
        members: this.members.map((m, i) => {
          const ingress = this.endpointType === EndpointType.INGRESS ? this.ingressOf(m) : undefined;
          const addons = chartAddonsOf(this.addonProps(m));
          return {
            host: m.host.clusterName,
            dnsPattern: m.dnsPattern,
            ingress: ingress && {
              kind: ingress.kind,
              className: ingress.className,
              sslPassthrough: ingress.sslPassthrough,
              gateway: ingress._gateway && { name: ingress._gateway.gatewayName, namespace: ingress._gateway.gatewayNamespace, sectionName: ingress._gateway.sectionName },
              prop: m.ingressController ? `hosts[${i}].ingressController` : 'ingressController',
              values: ingress._nginx.values,
            },
            metallb: m.metallb && { pools: m.metallb.addressPools.map((p) => ({ name: p.name, addresses: [...p.addresses] })) },
            ingressAddress: m.addons?.pinnedAddress ?? m.ingressAddress,
            addons: addons.names,
            addonNamespaces: addons.namespaces,
          };
        }),
        chartVersion: this.chartVersion,
        kubernetesVersion: this.kubernetesVersion,
        lockedChartVersion: this.locked?.chartVersion,
        lockedKubernetesVersion: this.locked?.kubernetesVersion,
        lockedOidc: this.locked && { oidc: this.locked.oidc, virtualClusters: Object.keys(this.locked.virtualClusters) },
        versionsFromLock: this.versionsFromLock,
        ceilings: this.ceilings,
        quotas: this.quotas,
        oidc: this.oidc,
        proLicense: this.proLicense || undefined,
        oversubscriptionPercent: this.oversubscriptionPercent,
        dns: dnsModel(this.dns),
        rawValues: this.rawValues(),
        virtualClusters: this.placedClusters.map((vc) => vc._model()),
      },
    };
  }

  /** @internal Endpoints and add-ons, for reports. */
  public _reportExtras(): { endpoints: { [vc: string]: string }; addons: { [host: string]: string[] } } {
    const endpoints: { [vc: string]: string } = {};
    for (const vc of this.placedClusters) {
      if (vc.hostClusterName !== undefined) endpoints[vc.clusterName] = Token.isUnresolved(vc.endpoint) ? 'load balancer address, known after apply' : vc.endpoint;
    }
    const addons: { [host: string]: string[] } = {};
    for (const m of this.members) addons[m.host.clusterName] = m.addons?.describe() ?? [];
    return { endpoints, addons };
  }

  /** @internal This group's section of the lock file. */
  public _lock(): GroupLock {
    const virtualClusters: { [name: string]: VirtualClusterLock } = {};
    for (const vc of this.placedClusters) {
      if (vc.hostClusterName === undefined) continue;
      const movedFrom = this.locked?.virtualClusters[vc.clusterName]?.movedFrom ?? vc._movedFrom;
      const move = vc._move;
      virtualClusters[vc.clusterName] = { host: vc.hostClusterName, ...(vc._pausedAt ? { pausedAt: vc._pausedAt } : {}), ...(move ? { move } : {}), ...(movedFrom ? { movedFrom } : {}) };
    }
    for (const r of this.retired) virtualClusters[r.name] = r.entry;
    const oidc = this.oidc ? { issuerUrl: this.oidc.issuerUrl, clientId: this.oidc.clientId } : null;
    return { chartVersion: this.chartVersion, kubernetesVersion: this.kubernetesVersion, oidc, virtualClusters };
  }
}

/** Past a hundred times a host's capacity, oversubscription is a typo, not a policy. */
const MAX_OVERSUBSCRIPTION_PERCENT = 10_000;

const GROUP_SYMBOL = Symbol.for('cdktf-cluster-groups.ClusterGroup');

function dnsModel(dns: WildcardDns): DnsModel {
  const x = dns._externalDns;
  const r = dns._rfc2136;
  return {
    kind: dns.kind,
    zone: r?.zone,
    ttl: r?.ttl,
    provider: x?.provider,
    namespace: x && externalDnsNamespace(x),
    credentials: x?.credentials?.map((c) => ({ name: c.name, secretName: c.secretName, secretKey: c.secretKey })),
  };
}

function modelOf(m: Member): HostModel {
  return (m.model ??= hostModel(m.host));
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
    providers: { kubernetes: host.kubernetesProvider.node.path, helm: host.helmProvider.node.path },
  };
}

/** Ingress settings on a load-balancer group do nothing: say so rather than ignore them quietly. */
function warnIngressOnly(group: ClusterGroup, props: ClusterGroupProps): void {
  const set = [
    props.ingressController && 'ingressController',
    props.dns && 'dns',
    ...props.hosts.flatMap((m, i) => [m.dnsPattern !== undefined && `hosts[${i}].dnsPattern`, m.ingressController && `hosts[${i}].ingressController`]),
  ].filter(Boolean);
  if (set.length) Annotations.of(group).addWarning(`${set.join(', ')} only apply to ingress groups; this load-balancer group ignores them`);
}

/** A quota's limits in millicores and bytes: none negative, virtual clusters counted whole. */
function parseQuota(path: string, prop: string, q: Quota | undefined): QuotaModel | undefined {
  if (!q) return undefined;
  const n = q.virtualClusters;
  if (n !== undefined && !(Number.isInteger(n) && n >= 0)) {
    throw argumentError(path, `${prop}.virtualClusters`, n, 'not a whole number of virtual clusters', 'give 0 or more, such as 2');
  }
  const amount = <T>(key: 'cpu' | 'memory' | 'storage', value: T | undefined, parse: (p: string, at: string, v: T) => number): number | undefined => {
    if (value === undefined) return undefined;
    const parsed = parse(path, `${prop}.${key}`, value);
    if (parsed < 0) throw argumentError(path, `${prop}.${key}`, value, 'a quota cannot be negative', 'give 0 or more');
    return parsed;
  };
  return { virtualClusters: n, cpuMilli: amount('cpu', q.cpu, parseCpu), memoryBytes: amount('memory', q.memory, parseQuantity), storageBytes: amount('storage', q.storage, parseQuantity) };
}

/** What a group's props parse to. */
interface CheckedProps {
  readonly ceilings: Resources;
  readonly quotas?: { readonly perUser?: QuotaModel; readonly perProject?: QuotaModel };
}

/** Throws the first input error of a group's props; returns its ceilings and quotas. */
function checkGroupProps(group: ClusterGroup, props: ClusterGroupProps): CheckedProps {
  const path = group.node.path;
  // A host given bare instead of as { host } is the likeliest slip of an untyped caller.
  const bare = Array.isArray(props?.hosts) ? props.hosts.findIndex((h) => HOST_CLUSTER.is(h)) : -1;
  if (bare >= 0) {
    const name = (props.hosts[bare] as unknown as IHostCluster).clusterName;
    throw argumentError(path, `hosts[${bare}]`, `(a HostCluster "${name}")`, 'a host cluster on its own, not a member', `wrap it: { host: ${name} } (with dnsPattern in ingress groups)`);
  }
  checkProps(path, '', props, CLUSTER_GROUP_PROPS, VALUES_HINTS);
  // A factory's own input error, reported here, by the group that uses it.
  for (const made of [props.ingressController, props.dns, ...props.hosts.map((m) => m.ingressController)]) {
    if (made?._inputError) throw made._inputError;
  }
  checkRawValues(path, 'values.extraValues', props.values?.extraValues);
  const oversubscription = props.oversubscriptionPercent ?? 120;
  if (!(oversubscription >= 100)) {
    throw argumentError(path, 'oversubscriptionPercent', oversubscription, 'a host may carry at least its own capacity', 'use 100 or more');
  }
  if (oversubscription > MAX_OVERSUBSCRIPTION_PERCENT) {
    throw argumentError(path, 'oversubscriptionPercent', oversubscription, `above ${MAX_OVERSUBSCRIPTION_PERCENT}: a host would carry more than a hundred times its capacity`, `use ${MAX_OVERSUBSCRIPTION_PERCENT} or less (the default is 120)`);
  }
  const [maxCpu, maxMemory, maxStorage] = [props.maxCpu ?? 6, props.maxMemory ?? '8Gi', props.maxStorage ?? '10Gi'];
  const ceilings = requirePositive(
    path,
    { cpuMilli: parseCpu(path, 'maxCpu', maxCpu), memoryBytes: parseQuantity(path, 'maxMemory', maxMemory), storageBytes: parseQuantity(path, 'maxStorage', maxStorage) },
    { cpu: ['maxCpu', maxCpu], memory: ['maxMemory', maxMemory], storage: ['maxStorage', maxStorage] },
  );
  const quotas = props.quotas && { perUser: parseQuota(path, 'quotas.perUser', props.quotas.perUser), perProject: parseQuota(path, 'quotas.perProject', props.quotas.perProject) };
  props.hosts.forEach((m, i) => {
    checkMember(group, m.host, i);
    const first = props.hosts.findIndex((x) => x.host === m.host);
    if (first < i) {
      throw argumentError(path, `hosts[${i}]`, m.host.clusterName, `host "${m.host.clusterName}" is already the group's hosts[${first}]`, 'list each host once');
    }
    checkRawValues(path, `hosts[${i}].metallb.values`, m.metallb?.values);
    checkRawValues(path, `hosts[${i}].ingressController.values`, m.ingressController?._nginx.values);
  });
  checkRawValues(path, 'ingressController.values', props.ingressController?._nginx.values);
  checkRawValues(path, 'dns.values', props.dns?._externalDns?.values);
  return { ceilings, quotas };
}

function checkMember(group: ClusterGroup, host: IHostCluster, i: number): void {
  hostResources(host);
  if (TerraformStack.of(host) !== TerraformStack.of(group)) {
    throw argumentError(group.node.path, `hosts[${i}]`, host.clusterName, `host "${host.clusterName}" is defined in another stack, and its providers can only be used in their own stack`, 'define the host cluster (and its providers) in the same stack as the group');
  }
}

const CLUSTER_GROUP_HOST_PROPS: SpecOf<ClusterGroupHost> = {
  host: { type: HOST_CLUSTER, required: true },
  dnsPattern: { type: 'string' },
  ingressController: { type: INGRESS_CONTROLLER },
  metallb: { type: { props: METALLB_PROPS } },
  ingressAddress: { type: 'string' },
};

const CLUSTER_GROUP_PROPS: SpecOf<ClusterGroupProps> = {
  groupName: { type: 'string' },
  hosts: { type: { listOf: CLUSTER_GROUP_HOST_PROPS }, required: true },
  endpointType: { type: { oneOf: Object.values(EndpointType) } },
  project: { type: 'string' },
  chartVersion: { type: 'string' },
  kubernetesVersion: { type: 'string' },
  maxCpu: { type: 'number' },
  maxMemory: { type: 'string' },
  maxStorage: { type: 'string' },
  oversubscriptionPercent: { type: 'number' },
  quotas: { type: { props: QUOTA_POLICY_PROPS } },
  oidc: { type: { props: OIDC_PROPS } },
  proLicense: { type: 'boolean' },
  paused: { type: 'boolean' },
  sleepSchedule: { type: { props: SLEEP_SCHEDULE_PROPS } },
  backups: { type: { props: BACKUP_SCHEDULE_PROPS } },
  ingressController: { type: INGRESS_CONTROLLER },
  dns: { type: WILDCARD_DNS },
  values: { type: { props: VALUES_PROPS } },
};
