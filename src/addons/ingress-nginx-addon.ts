import { Release } from '@cdktf/provider-helm/lib/release';
import { DataKubernetesServiceV1 } from '@cdktf/provider-kubernetes/lib/data-kubernetes-service-v1';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { CHARTS } from '../charts/catalog';
import { chartRef } from '../charts/chart-source';
import { EndpointType } from '../host-cluster';
import { formatIpv4, parseRange } from '../model/ipv4';
import { addonNamespace, AddonContext, AddonInstall, checkAddonValues, HostAddon, json, optional } from './host-addon';
import { nginxValues, NGINX_NAMESPACE, NGINX_RELEASE, NGINX_SERVICE } from './ingress-controller';
import { MetalLbOptions } from './metallb';

function installs(ctx: AddonContext): boolean {
  return ctx.endpointType === EndpointType.INGRESS && ctx.ingress?.kind === 'nginx';
}

/** The ingress address known at synth: the one pinned, else under MetalLB the first pool address. */
export function pinnedIngressAddress(ctx: AddonContext): string | undefined {
  return ctx.ingressAddress ?? (installs(ctx) && ctx.metallb ? firstAddress(ctx.metallb) : undefined);
}

/** ingress-nginx with SSL passthrough, annotated for MetalLB and ExternalDNS. */
export const INGRESS_NGINX_ADDON: HostAddon = {
  name: 'ingress-nginx',
  after: ['ExternalDNS', 'MetalLB'],
  installsChart: installs,
  namespace: () => NGINX_NAMESPACE,
  install(scope: Construct, ctx: AddonContext, previous: ITerraformDependable | undefined): AddonInstall | undefined {
    if (!installs(ctx)) return undefined;
    const pinned = pinnedIngressAddress(ctx);
    const annotations: Record<string, string> = {};
    if (pinned && ctx.metallb) annotations['metallb.io/loadBalancerIPs'] = pinned;
    if (ctx.dns.kind === 'external-dns' && ctx.dnsPattern) annotations['external-dns.alpha.kubernetes.io/hostname'] = ctx.dnsPattern;
    const ns = addonNamespace(scope, ctx, 'ingress-namespace', NGINX_NAMESPACE, {});
    const values = nginxValues(ctx.ingress!, annotations);
    checkAddonValues(scope, 'ingressNginx', values, 'ingressController.values', ctx.ingress!._nginx.values);
    const release = new Release(scope, 'ingress-nginx', {
      provider: ctx.host.helmProvider,
      name: NGINX_RELEASE,
      namespace: ns.metadata.name,
      ...chartRef(scope, 'ingressNginx', CHARTS.ingressNginx.version),
      values: [json(values)],
      wait: true,
      dependsOn: optional(previous),
    });
    const address = pinned ?? readControllerAddress(scope, ctx, release);
    return { tail: release, dependables: [release], description: pinned ? `ingress-nginx at ${pinned}` : 'ingress-nginx', resources: { release, address } };
  },
};

function readControllerAddress(scope: Construct, ctx: AddonContext, release: Release): string {
  const svc = new DataKubernetesServiceV1(scope, 'ingress-service', {
    provider: ctx.host.kubernetesProvider,
    metadata: { name: NGINX_SERVICE, namespace: NGINX_NAMESPACE },
    dependsOn: [release],
  });
  return svc.status.get(0).loadBalancer.get(0).ingress.get(0).ip;
}

/** The first address of the first pool, where an ingress controller's address is pinned by default. */
function firstAddress(m: MetalLbOptions): string | undefined {
  const first = m.addressPools[0]?.addresses[0];
  const range = first !== undefined ? parseRange(first) : undefined;
  return range ? formatIpv4(range.first) : undefined;
}
