import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Release } from '@cdktf/provider-helm/lib/release';
import { DataKubernetesServiceV1 } from '@cdktf/provider-kubernetes/lib/data-kubernetes-service-v1';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { Annotations, AssetType, ITerraformDependable, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { CHARTS } from '../charts/catalog';
import { chartRef } from '../charts/chart-source';
import { EndpointType, IHostCluster } from '../host-cluster';
import { deepMerge } from '../model/values';
import { MANAGED_BY_LABEL } from '../private/keys';
import { formatIpv4, parseRange } from '../model/ipv4';
import { IngressController, nginxValues, NGINX_NAMESPACE, NGINX_RELEASE, NGINX_SERVICE } from './ingress-controller';
import { MetalLbOptions, METALLB_NAMESPACE, metallbValues, poolChartFiles, POOLS_CHART_NAME } from './metallb';
import { cleanupBlocker, cleanupChartFiles, CLEANUP_RELEASE } from './dns-cleanup';
import { externalDnsValues, WildcardDns } from './wildcard-dns';

export interface HostAddonsProps {
  readonly host: IHostCluster;
  readonly groupName: string;
  readonly endpointType: EndpointType;
  readonly ingress?: IngressController;
  readonly metallb?: MetalLbOptions;
  /** An address the user pinned for the ingress load balancer. */
  readonly ingressAddress?: string;
  readonly dnsPattern?: string;
  readonly dns: WildcardDns;
}

/**
 * What one group installs on one host, in the order it must exist: MetalLB, its pools, the
 * ingress controller, then DNS. Virtual clusters on the host depend on all of it, so Terraform
 * creates it first and destroys it last.
 */
export class HostAddons extends Construct {
  /** What the host's virtual clusters must wait for. */
  public readonly dependables: ITerraformDependable[] = [];
  /** The ingress load balancer's address: pinned, or read from the controller's Service. */
  public readonly ingressAddress?: string;
  /** The pinned address, when there is one (known at synth). */
  public readonly pinnedAddress?: string;
  public readonly metallbRelease?: Release;
  public readonly poolsRelease?: Release;
  public readonly ingressRelease?: Release;
  public readonly externalDnsRelease?: Release;
  /** The release whose pre-delete Job deletes the wildcard record on destroy (ExternalDNS). */
  public readonly dnsCleanupRelease?: Release;
  /** The wildcard record (a hashicorp/dns `dns_a_record_set`), with WildcardDns.rfc2136. */
  public readonly wildcardRecord?: ITerraformDependable;
  private readonly host: IHostCluster;

  constructor(scope: Construct, id: string, props: HostAddonsProps) {
    super(scope, id);
    const { host } = props;
    this.host = host;
    const helm = host.helmProvider;
    const ingressGroup = props.endpointType === EndpointType.INGRESS;
    const nginx = ingressGroup && props.ingress?.kind === 'nginx' ? props.ingress : undefined;

    if (props.metallb) {
      const ns = this.namespace('metallb-namespace', METALLB_NAMESPACE, {
        // The speaker needs host networking.
        'pod-security.kubernetes.io/enforce': 'privileged',
        'pod-security.kubernetes.io/audit': 'privileged',
        'pod-security.kubernetes.io/warn': 'privileged',
      });
      this.metallbRelease = new Release(this, 'metallb', {
        provider: helm,
        name: 'metallb',
        namespace: ns.metadata.name,
        ...chartRef(this, 'metallb', CHARTS.metallb.version),
        values: [json(deepMerge(metallbValues(), props.metallb.values ?? {}))],
        wait: true,
      });
      const chart = new TerraformAsset(this, 'pools-chart', { path: writeChart(poolChartFiles(props.metallb.addressPools)), type: AssetType.DIRECTORY });
      this.poolsRelease = new Release(this, 'address-pools', {
        provider: helm,
        name: POOLS_CHART_NAME,
        namespace: METALLB_NAMESPACE,
        chart: chart.path,
        dependsOn: [this.metallbRelease],
      });
      this.dependables.push(this.poolsRelease);
    }

    this.pinnedAddress = props.ingressAddress ?? (nginx && props.metallb ? firstAddress(props.metallb) : undefined);

    // ExternalDNS, then its cleanup, then the controller whose Service it publishes: on destroy
    // the Service goes first, then the cleanup Job deletes the record, then ExternalDNS goes.
    const publishes = Boolean(ingressGroup && nginx && props.dnsPattern && props.dns.kind === 'external-dns');
    if (publishes) {
      this.externalDnsRelease = this.installExternalDns(props);
      this.dnsCleanupRelease = this.installDnsCleanup(props, this.externalDnsRelease);
      this.dependables.push(this.externalDnsRelease);
    }

    if (nginx) {
      const annotations: Record<string, string> = {};
      if (this.pinnedAddress && props.metallb) annotations['metallb.io/loadBalancerIPs'] = this.pinnedAddress;
      if (props.dns.kind === 'external-dns' && props.dnsPattern) annotations['external-dns.alpha.kubernetes.io/hostname'] = props.dnsPattern;
      const ns = this.namespace('ingress-namespace', NGINX_NAMESPACE, {});
      this.ingressRelease = new Release(this, 'ingress-nginx', {
        provider: helm,
        name: NGINX_RELEASE,
        namespace: ns.metadata.name,
        ...chartRef(this, 'ingressNginx', CHARTS.ingressNginx.version),
        values: [json(nginxValues(nginx, annotations))],
        wait: true,
        dependsOn: optional(this.dnsCleanupRelease ?? this.externalDnsRelease ?? this.poolsRelease),
      });
      this.dependables.push(this.ingressRelease);
    }

    this.ingressAddress = this.pinnedAddress ?? (this.ingressRelease ? this.readControllerAddress(this.ingressRelease) : undefined);

    if (ingressGroup && props.dnsPattern && !publishes) this.wildcardRecord = this.addDns(props, props.dnsPattern);
  }

  /** What this installs, in words: `MetalLB`, `ingress-nginx at 10.0.0.1`, ... */
  public describe(): string[] {
    const parts: string[] = [];
    if (this.metallbRelease) parts.push('MetalLB');
    if (this.ingressRelease) parts.push(this.pinnedAddress ? `ingress-nginx at ${this.pinnedAddress}` : 'ingress-nginx');
    if (this.externalDnsRelease) parts.push('ExternalDNS');
    if (this.wildcardRecord) parts.push('wildcard DNS record');
    return parts;
  }

  private externalDnsValues(props: HostAddonsProps): Record<string, any> {
    const o = props.dns._externalDns!;
    return deepMerge(externalDnsValues(o, props.dnsPattern!.slice(2), `cluster-groups-${props.groupName}-${props.host.clusterName}`), o.values ?? {});
  }

  private installExternalDns(props: HostAddonsProps): Release {
    const o = props.dns._externalDns!;
    const values = this.externalDnsValues(props);
    return new Release(this, 'external-dns', {
      provider: props.host.helmProvider,
      name: 'external-dns',
      // The credentials Secret lives here, so the namespace may exist before the release.
      namespace: o.namespace ?? 'external-dns',
      createNamespace: true,
      ...chartRef(this, 'externalDns', CHARTS.externalDns.version),
      values: [json(values)],
      wait: true,
      dependsOn: optional(this.poolsRelease),
    });
  }

  private installDnsCleanup(props: HostAddonsProps, externalDns: Release): Release | undefined {
    const o = props.dns._externalDns!;
    if (o.cleanupOnDestroy === false) return undefined;
    const values = this.externalDnsValues(props);
    const blocker = cleanupBlocker(values);
    if (blocker) {
      Annotations.of(this).addWarning(
        `the wildcard record "${props.dnsPattern}" on host "${props.host.clusterName}" stays in DNS after destroy: ${blocker}. Delete it by hand after destroy, or set cleanupOnDestroy: false to silence this`,
      );
      return undefined;
    }
    const namespace = o.namespace ?? 'external-dns';
    const chart = new TerraformAsset(this, 'dns-cleanup-chart', { path: writeChart(cleanupChartFiles(values, namespace)), type: AssetType.DIRECTORY });
    return new Release(this, 'dns-cleanup', {
      provider: props.host.helmProvider,
      name: CLEANUP_RELEASE,
      namespace,
      chart: chart.path,
      dependsOn: [externalDns],
    });
  }

  private addDns(props: HostAddonsProps, pattern: string): ITerraformDependable | undefined {
    const dns = props.dns;
    if (dns.kind === 'rfc2136' && this.ingressAddress !== undefined) {
      const o = dns._rfc2136!;
      // Optional peer dependency: loaded only by those who write records directly.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { ARecordSet } = require('@cdktf/provider-dns/lib/a-record-set') as typeof import('@cdktf/provider-dns/lib/a-record-set');
      const zone = o.zone.endsWith('.') ? o.zone : `${o.zone}.`;
      const record = new ARecordSet(this, 'wildcard-record', {
        provider: o.provider,
        zone,
        name: recordName(pattern, zone),
        addresses: [this.ingressAddress],
        ttl: o.ttl ?? 300,
        dependsOn: this.ingressRelease ? [this.ingressRelease] : undefined,
      });
      this.dependables.push(record);
      return record;
    } else if (dns.kind === 'manual') {
      const target = this.pinnedAddress ?? (this.ingressRelease ? `the address of Service ${NGINX_NAMESPACE}/${NGINX_SERVICE} (known after apply)` : "your ingress load balancer's address");
      Annotations.of(this).addWarning(`create the DNS record "${pattern}" A ${target} on host "${props.host.clusterName}": this group creates no DNS records (WildcardDns.manual)`);
    }
    return undefined;
  }

  private namespace(id: string, name: string, labels: Record<string, string>): NamespaceV1 {
    return new NamespaceV1(this, id, {
      provider: this.host.kubernetesProvider,
      metadata: { name, labels: { ...MANAGED_BY_LABEL, ...labels } },
    });
  }

  private readControllerAddress(release: Release): string {
    const svc = new DataKubernetesServiceV1(this, 'ingress-service', {
      provider: this.host.kubernetesProvider,
      metadata: { name: NGINX_SERVICE, namespace: NGINX_NAMESPACE },
      dependsOn: [release],
    });
    return svc.status.get(0).loadBalancer.get(0).ingress.get(0).ip;
  }
}

function optional<T>(item: T | undefined): T[] | undefined {
  return item === undefined ? undefined : [item];
}

function json(v: unknown): string {
  return JSON.stringify(v, null, 2);
}

/** The first address of the first pool, where an ingress controller's address is pinned by default. */
function firstAddress(m: MetalLbOptions): string | undefined {
  const first = m.addressPools[0]?.addresses[0];
  const range = first !== undefined ? parseRange(first) : undefined;
  return range ? formatIpv4(range.first) : undefined;
}

/** `*.east.dev.example.com` in zone `example.com.` is `*.east.dev`. */
export function recordName(pattern: string, zone: string): string {
  const suffix = pattern.slice(2);
  const zoneName = zone.replace(/\.$/, '');
  return suffix === zoneName ? '*' : `*.${suffix.slice(0, -(zoneName.length + 1))}`;
}

/**
 * Writes generated chart files for a TerraformAsset to copy at synth, into a directory named
 * after their content, so that repeated synths reuse it instead of piling up copies.
 */
function writeChart(files: Record<string, string>): string {
  const hash = createHash('sha256').update(JSON.stringify(files)).digest('hex').slice(0, 16);
  const dir = path.join(os.tmpdir(), `cluster-groups-chart-${hash}`);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
