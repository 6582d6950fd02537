import { DnsProvider } from '@cdktf/provider-dns/lib/provider';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { EdgeClusterGroup, EndpointType, HostCluster, HostClusterKind, WildcardDns } from 'cdktf-cluster-groups';

/**
 * One edge site: MetalLB hands out addresses from the store's VIP range, ingress-nginx takes the
 * first one, and the wildcard record is written straight to the site's DNS server (RFC 2136).
 */
export class EdgeSite extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    const store = new HostCluster(this, 'store-042', {
      kind: HostClusterKind.EDGE,
      kubernetesProvider: new KubernetesProvider(this, 'store-042-kubernetes', { alias: 'store-042', configPath: '~/.kube/config', configContext: 'store-042' }),
      helmProvider: new HelmProvider(this, 'store-042-helm', { alias: 'store-042', kubernetes: { configPath: '~/.kube/config', configContext: 'store-042' } }),
      endpointTypes: [EndpointType.INGRESS, EndpointType.LOAD_BALANCER],
      capacity: { cpu: 8, memory: '32Gi', storage: '500Gi' },
    });

    // The TSIG secret is given at apply time (TF_VAR_tsig_secret), never written into the stack.
    const tsigSecret = new TerraformVariable(this, 'tsig_secret', { type: 'string', sensitive: true });
    const dns = new DnsProvider(this, 'dns', {
      update: [{ server: '10.42.0.2', keyName: 'cluster-groups.', keyAlgorithm: 'hmac-sha256', keySecret: tsigSecret.stringValue }],
    });

    const site = new EdgeClusterGroup(this, 'site', {
      hosts: [{
        host: store,
        dnsPattern: '*.store-042.edge.example.com',
        metallb: { addressPools: [{ name: 'vip', addresses: ['10.42.0.240/29'] }] },
      }],
      dns: WildcardDns.rfc2136({ provider: dns, zone: 'example.com.' }),
      maxCpu: 4,
      maxMemory: '8Gi',
    });

    const pos = site.addVirtualCluster('pos', { cpu: 2, memory: '4Gi' });
    site.addVirtualCluster('inventory', { cpu: 1, memory: '2Gi' });

    new TerraformOutput(this, 'pos-endpoint', { value: pos.endpoint });
  }
}
