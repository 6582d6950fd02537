import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ClusterGroup, EndpointType, HostCluster, HostClusterKind, WildcardDns } from 'cdktf-cluster-groups';

/**
 * Two cloud hosts, each with ingress-nginx (SSL passthrough) and ExternalDNS publishing its
 * wildcard record, and three virtual clusters.
 */
export class IngressPlatform extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    // One kubernetes + helm provider pair per host, from your kubeconfig.
    const host = (name: string, cpu: number, memory: string) =>
      new HostCluster(this, name, {
        kind: HostClusterKind.CLOUD,
        kubernetesProvider: new KubernetesProvider(this, `${name}-kubernetes`, { alias: name, configPath: '~/.kube/config', configContext: name }),
        helmProvider: new HelmProvider(this, `${name}-helm`, { alias: name, kubernetes: { configPath: '~/.kube/config', configContext: name } }),
        endpointTypes: [EndpointType.INGRESS, EndpointType.LOAD_BALANCER],
        capacity: { cpu, memory, storage: '200Gi' },
      });
    const east = host('east', 16, '64Gi');
    const west = host('west', 8, '32Gi');

    const dev = new ClusterGroup(this, 'dev', {
      hosts: [
        { host: east, dnsPattern: '*.east.dev.example.com' },
        { host: west, dnsPattern: '*.west.dev.example.com' },
      ],
      // The Cloudflare token stays in a Secret you create in namespace external-dns on each host.
      dns: WildcardDns.externalDns({
        provider: 'cloudflare',
        credentials: [{ name: 'CF_API_TOKEN', secretName: 'cloudflare-api-token', secretKey: 'token' }],
      }),
      values: { networkPolicy: true },
    });

    const payments = dev.addVirtualCluster('payments', { cpu: 4, memory: '8Gi', storage: '10Gi' });
    dev.addVirtualCluster('search', { cpu: 2, memory: '4Gi' });
    dev.addVirtualCluster('frontend', { host: west, values: { syncIngresses: true } });

    new TerraformOutput(this, 'payments-endpoint', { value: payments.endpoint });
    new TerraformOutput(this, 'payments-kubeconfig-secret', { value: payments.kubeconfig });
  }
}
