import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AppDeployment, AppProfile, AppTier, ClusterGroup, EndpointType, HostCluster, HostClusterKind, KubernetesStateBackend, VirtualCluster, VirtualClusterConnection } from 'cdktf-cluster-groups';

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
 * The shop's application profile: a database, the API that uses it, and the web front end. Later
 * tiers take earlier tiers' outputs; the password stays in a Secret the team creates.
 */
export function shopProfile(): AppProfile {
  const db = AppTier.postgres('db', { passwordSecret: { name: 'db-credentials', key: 'password' }, storage: '5Gi' });
  const api = AppTier.container('api', {
    image: 'ghcr.io/example/shop-api:1.4.2',
    port: 8080,
    env: { DB_HOST: db.host!, DB_PORT: String(db.port) },
    secretEnv: { DB_PASSWORD: db.passwordSecret! },
  });
  const web = AppTier.helmChart('web', {
    chart: 'shop-web',
    repository: 'oci://ghcr.io/example/charts',
    version: '2.0.1',
    values: { api: { url: `http://${api.host}:${api.port}` } },
  });
  return new AppProfile({ name: 'shop', version: '1.0.0', tiers: [db, api, web] });
}

/**
 * An application stack: its providers come from the shop's kubeconfig, which the platform's
 * state hands over, so `cdktf deploy` applies the platform first; the profile's tiers are created
 * in order and destroyed in reverse.
 */
export class ShopApps extends TerraformStack {
  constructor(scope: Construct, id: string, shop: VirtualCluster) {
    super(scope, id);
    stateIn(this, id);
    const connection = new VirtualClusterConnection(this, 'shop', { virtualCluster: shop, serviceAccount: true });
    // The edit role may not create namespaces: the profile goes to one that exists.
    new AppDeployment(this, 'shop-profile', { profile: shopProfile(), connection, namespace: 'default', createNamespace: false });
  }
}
