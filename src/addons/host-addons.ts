import { Release } from '@cdktf/provider-helm/lib/release';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { EXTERNAL_DNS_ADDON } from './external-dns-addon';
import { AddonContext, AddonInstall, HostAddon, HostAddonsProps, installOrder } from './host-addon';
import { INGRESS_NGINX_ADDON, pinnedIngressAddress } from './ingress-nginx-addon';
import { METALLB_ADDON } from './metallb-addon';
import { WILDCARD_RECORD_ADDON } from './wildcard-record-addon';
import { internedId } from '../private/ids';
import { checkProps, SpecOf } from '../private/props';
import { reportInputError } from '../synth/platform-state';
import { EndpointType, HOST_CLUSTER } from '../host-cluster';
import { INGRESS_CONTROLLER } from './ingress-controller';
import { METALLB_PROPS } from './metallb';
import { WILDCARD_DNS } from './wildcard-dns';

export { recordName } from './wildcard-record-addon';
export { HostAddonsProps } from './host-addon';

/** Every add-on a group may install on a host, in install order (from their `after` lists). */
const HOST_ADDONS: readonly HostAddon[] = installOrder([METALLB_ADDON, EXTERNAL_DNS_ADDON, INGRESS_NGINX_ADDON, WILDCARD_RECORD_ADDON]);

/**
 * The add-ons (charts) a group installs on a host with these props, and their namespaces: what
 * CG12 counts and what CG6 keeps virtual clusters out of.
 */
export function chartAddonsOf(props: HostAddonsProps): { names: string[]; namespaces: string[] } {
  const ctx = context(props, new Map());
  const chosen = HOST_ADDONS.filter((a) => a.installsChart(ctx));
  return { names: chosen.map((a) => a.name), namespaces: chosen.flatMap((a) => a.namespace?.(ctx) ?? []) };
}

/**
 * What one group installs on one host, each add-on after the ones it needs (MetalLB and its
 * pools, ExternalDNS and its record cleanup, the ingress controller, a wildcard record).
 * Virtual clusters on the host depend on all of it, so Terraform creates it first and destroys
 * it last.
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
  private readonly installed = new Map<string, AddonInstall>();

  constructor(scope: Construct, id: string, props: HostAddonsProps) {
    super(scope, internedId(id));
    try {
      checkProps(this.node.path, '', props, HOST_ADDONS_PROPS);
      for (const made of [props.ingress, props.dns]) if (made?._inputError) throw made._inputError;
    } catch (e) {
      reportInputError(this, e);
      return;
    }
    const ctx = context(props, this.installed);
    for (const addon of HOST_ADDONS) {
      const previous = addon.after.map((name) => this.installed.get(name)).find((i) => i !== undefined);
      const made = addon.install(this, ctx, previous?.tail);
      if (!made) continue;
      this.installed.set(addon.name, made);
      this.dependables.push(...made.dependables);
    }
    const get = <T>(addon: HostAddon, resource: string) => this.installed.get(addon.name)?.resources[resource] as T | undefined;
    this.metallbRelease = get(METALLB_ADDON, 'release');
    this.poolsRelease = get(METALLB_ADDON, 'pools');
    this.externalDnsRelease = get(EXTERNAL_DNS_ADDON, 'release');
    this.dnsCleanupRelease = get(EXTERNAL_DNS_ADDON, 'cleanup');
    this.ingressRelease = get(INGRESS_NGINX_ADDON, 'release');
    this.wildcardRecord = get(WILDCARD_RECORD_ADDON, 'record');
    this.pinnedAddress = pinnedIngressAddress(ctx);
    this.ingressAddress = this.pinnedAddress ?? get(INGRESS_NGINX_ADDON, 'address');
  }

  /** What this installs, in words and in install order: `MetalLB`, `ingress-nginx at 10.0.0.1`, ... */
  public describe(): string[] {
    return [...this.installed.values()].map((i) => i.description).filter((d): d is string => d !== undefined);
  }
}

function context(props: HostAddonsProps, installed: Map<string, AddonInstall>): AddonContext {
  return { ...props, installed: (name) => installed.get(name) };
}

const HOST_ADDONS_PROPS: SpecOf<HostAddonsProps> = {
  host: { type: HOST_CLUSTER, required: true },
  groupName: { type: 'string', required: true },
  endpointType: { type: { oneOf: Object.values(EndpointType) }, required: true },
  ingress: { type: INGRESS_CONTROLLER },
  metallb: { type: { props: METALLB_PROPS } },
  ingressAddress: { type: 'string' },
  dnsPattern: { type: 'string' },
  dns: { type: WILDCARD_DNS, required: true },
};
