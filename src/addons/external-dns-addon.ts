import { Release } from '@cdktf/provider-helm/lib/release';
import { Annotations, AssetType, ITerraformDependable, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { CHARTS } from '../charts/catalog';
import { chartRef } from '../charts/chart-source';
import { EndpointType } from '../host-cluster';
import { deepMerge } from '../model/values';
import { cleanupBlocker, cleanupChartFiles, CLEANUP_RELEASE } from './dns-cleanup';
import { AddonContext, AddonInstall, checkAddonValues, HostAddon, json, optional, writeChart } from './host-addon';
import { externalDnsNamespace, externalDnsValues } from './wildcard-dns';

/** Whether ExternalDNS publishes this host's wildcard: it reads the ingress-nginx Service we install. */
export function publishesWildcard(ctx: AddonContext): boolean {
  return ctx.endpointType === EndpointType.INGRESS && ctx.ingress?.kind === 'nginx' && ctx.dnsPattern !== undefined && ctx.dns.kind === 'external-dns';
}

/**
 * ExternalDNS, then its record cleanup, both before the ingress controller whose Service it
 * publishes: on destroy the Service goes first, then the cleanup Job deletes the record, then
 * ExternalDNS goes.
 */
export const EXTERNAL_DNS_ADDON: HostAddon = {
  name: 'ExternalDNS',
  after: ['MetalLB'],
  installsChart: publishesWildcard,
  namespace: (ctx) => externalDnsNamespace(ctx.dns._externalDns!),
  install(scope: Construct, ctx: AddonContext, previous: ITerraformDependable | undefined): AddonInstall | undefined {
    if (!publishesWildcard(ctx)) return undefined;
    const o = ctx.dns._externalDns!;
    const namespace = externalDnsNamespace(o);
    const values = deepMerge(externalDnsValues(o, ctx.dnsPattern!.slice(2), `cluster-groups-${ctx.groupName}-${ctx.host.clusterName}`), o.values ?? {});
    checkAddonValues(scope, 'externalDns', values, 'dns.values', o.values);
    const release = new Release(scope, 'external-dns', {
      provider: ctx.host.helmProvider,
      name: 'external-dns',
      // The credentials Secret lives here, so the namespace may exist before the release.
      namespace,
      createNamespace: true,
      ...chartRef(scope, 'externalDns', CHARTS.externalDns.version),
      values: [json(values)],
      wait: true,
      dependsOn: optional(previous),
    });
    let cleanup: Release | undefined;
    if (o.cleanupOnDestroy !== false) {
      const blocker = cleanupBlocker(values);
      if (blocker) {
        Annotations.of(scope).addWarning(
          `the wildcard record "${ctx.dnsPattern}" on host "${ctx.host.clusterName}" stays in DNS after destroy: ${blocker}. Delete it by hand after destroy, or set cleanupOnDestroy: false to silence this`,
        );
      } else {
        const chart = new TerraformAsset(scope, 'dns-cleanup-chart', { ...writeChart(cleanupChartFiles(values, namespace)), type: AssetType.DIRECTORY });
        cleanup = new Release(scope, 'dns-cleanup', { provider: ctx.host.helmProvider, name: CLEANUP_RELEASE, namespace, chart: chart.path, dependsOn: [release] });
      }
    }
    return { tail: cleanup ?? release, dependables: [release], description: 'ExternalDNS', resources: { release, cleanup } };
  },
};
