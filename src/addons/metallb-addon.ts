import { Release } from '@cdktf/provider-helm/lib/release';
import { AssetType, ITerraformDependable, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { CHARTS } from '../charts/catalog';
import { chartRef } from '../charts/chart-source';
import { deepMerge } from '../model/values';
import { addonNamespace, AddonContext, AddonInstall, checkAddonValues, HostAddon, json, writeChart } from './host-addon';
import { METALLB_NAMESPACE, metallbValues, poolChartFiles, POOLS_CHART_NAME } from './metallb';

/** MetalLB for a site without a cloud load balancer, then its pools (a generated chart). */
export const METALLB_ADDON: HostAddon = {
  name: 'MetalLB',
  after: [],
  installsChart: (ctx) => ctx.metallb !== undefined,
  namespace: () => METALLB_NAMESPACE,
  install(scope: Construct, ctx: AddonContext, _previous: ITerraformDependable | undefined): AddonInstall | undefined {
    const metallb = ctx.metallb;
    if (!metallb) return undefined;
    const ns = addonNamespace(scope, ctx, 'metallb-namespace', METALLB_NAMESPACE, {
      // The speaker needs host networking.
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/audit': 'privileged',
      'pod-security.kubernetes.io/warn': 'privileged',
    });
    const values = deepMerge(metallbValues(), metallb.values ?? {});
    checkAddonValues(scope, 'metallb', values, 'metallb.values', metallb.values);
    const release = new Release(scope, 'metallb', {
      provider: ctx.host.helmProvider,
      name: 'metallb',
      namespace: ns.metadata.name,
      ...chartRef(scope, 'metallb', CHARTS.metallb.version),
      values: [json(values)],
      wait: true,
    });
    const chart = new TerraformAsset(scope, 'pools-chart', { ...writeChart(poolChartFiles(metallb.addressPools)), type: AssetType.DIRECTORY });
    const pools = new Release(scope, 'address-pools', {
      provider: ctx.host.helmProvider,
      name: POOLS_CHART_NAME,
      namespace: METALLB_NAMESPACE,
      chart: chart.path,
      dependsOn: [release],
    });
    return { tail: pools, dependables: [pools], description: 'MetalLB', resources: { release, pools } };
  },
};
