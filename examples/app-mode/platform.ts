import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ClusterGroup, EndpointType, HostCluster, HostClusterKind, KubernetesStateBackend, VirtualCluster, VirtualClusterConnection } from 'cdktf-cluster-groups';

/** Both stacks keep their state in the cluster they manage (OpenTofu's `kubernetes` backend). */
function stateIn(stack: TerraformStack, suffix: string): void {
  new KubernetesStateBackend(stack, { secretSuffix: suffix, namespace: 'tf-state', configPath: '~/.kube/config', configContext: 'apps' });
}

/** The platform stack: a group on one host, and the virtual cluster the shop team deploys into. */
export class AppModePlatform extends TerraformStack {
  public readonly shop: VirtualCluster;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    stateIn(this, id);
    const apps = new HostCluster(this, 'apps', {
      kind: HostClusterKind.CLOUD,
      kubernetesProvider: new KubernetesProvider(this, 'apps-kubernetes', { alias: 'apps', configPath: '~/.kube/config', configContext: 'apps' }),
      helmProvider: new HelmProvider(this, 'apps-helm', { alias: 'apps', kubernetes: { configPath: '~/.kube/config', configContext: 'apps' } }),
      endpointTypes: [EndpointType.INGRESS],
      capacity: { cpu: 16, memory: '64Gi', storage: '500Gi' },
    });
    const group = new ClusterGroup(this, 'teams', { hosts: [{ host: apps, dnsPattern: '*.apps.example.com' }] });
    // The team deploys with a ServiceAccount token that vCluster exports next to the admin kubeconfig.
    this.shop = group.addVirtualCluster('shop', { owner: 'ana@example.com', serviceAccountKubeconfig: { serviceAccount: 'kube-system/deployer', clusterRole: 'edit' } });
  }
}

/**
 * An application stack: its providers come from the shop's kubeconfig, which the platform's
 * state hands over, so `cdktf deploy` applies the platform first.
 */
export class ShopApps extends TerraformStack {
  constructor(scope: Construct, id: string, shop: VirtualCluster) {
    super(scope, id);
    stateIn(this, id);
    const shopCluster = new VirtualClusterConnection(this, 'shop', { virtualCluster: shop, serviceAccount: true });
    // Two tiers, the second after the first (it refers to it).
    const database = new ConfigMapV1(this, 'database', { provider: shopCluster.kubernetesProvider, metadata: { name: 'database', namespace: 'default' }, data: { host: 'db.default.svc' } });
    new ConfigMapV1(this, 'api', { provider: shopCluster.kubernetesProvider, metadata: { name: 'api', namespace: 'default' }, data: { database: database.metadata.name } });
  }
}
