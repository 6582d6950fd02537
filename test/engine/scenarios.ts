// The stacks tier 1 validates with OpenTofu: every example, plus one stack per way a user can
// combine the library's features that the examples do not show.
import { DnsProvider } from '@cdktf/provider-dns/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { ChartSource, ClusterGroup, EdgeClusterGroup, EndpointType, HostClusterKind, IngressController, WildcardDns } from '../../src';
import { DayTwoPlatform } from '../../examples/day-two/platform';
import { EdgeSite } from '../../examples/edge-site/platform';
import { IngressPlatform } from '../../examples/ingress-platform/platform';
import { LoadBalancerPlatform } from '../../examples/load-balancer-platform/platform';
import { host } from '../helpers';

export interface Scenario {
  readonly name: string;
  /** Adds the scenario's stack, named `name`, to `app`; `charts` is a local chart directory. */
  readonly build: (app: App, name: string, charts: string) => void;
}

const POOL = { addressPools: [{ name: 'vip', addresses: ['10.0.0.240/29'] }] };

export const SCENARIOS: Scenario[] = [
  { name: 'ingress-platform', build: (app, name) => new IngressPlatform(app, name) },
  { name: 'load-balancer-platform', build: (app, name) => new LoadBalancerPlatform(app, name) },
  { name: 'edge-site', build: (app, name) => new EdgeSite(app, name) },
  { name: 'day-two', build: (app, name) => new DayTwoPlatform(app, name) },
  {
    // An ingress controller the host already runs, a namespace and values per cluster, manual DNS.
    name: 'existing-ingress',
    build: (app, name) => {
      const stack = new TerraformStack(app, name);
      const g = new ClusterGroup(stack, 'dev', {
        hosts: [{ host: host(stack, 'a'), dnsPattern: '*.a.example.com', ingressController: IngressController.existing({ className: 'nginx', sslPassthrough: true }) }],
        dns: WildcardDns.manual(),
        chartVersion: '0.34.7',
        values: { networkPolicy: true, extraValues: { sync: { toHost: { ingresses: { enabled: true } } } } },
      });
      g.addVirtualCluster('team-a', { namespace: 'team-a', cpu: 1, memory: '2Gi', storage: '2Gi' });
    },
  },
  {
    // Gateway API TLSRoute exposure.
    name: 'tls-route',
    build: (app, name) => {
      const stack = new TerraformStack(app, name);
      const g = new ClusterGroup(stack, 'gw', {
        hosts: [{ host: host(stack, 'a'), dnsPattern: '*.gw.example.com' }],
        ingressController: IngressController.gatewayTlsRoute({ gatewayName: 'edge', gatewayNamespace: 'gateways', sectionName: 'tls' }),
        dns: WildcardDns.manual(),
      });
      g.addVirtualCluster('api');
    },
  },
  {
    // A load-balancer group on a cloud host with MetalLB, and ingress-nginx mapping the API port.
    name: 'metallb-load-balancer',
    build: (app, name) => {
      const stack = new TerraformStack(app, name);
      const lb = new ClusterGroup(stack, 'lb', { endpointType: EndpointType.LOAD_BALANCER, hosts: [{ host: host(stack, 'a'), metallb: POOL }] });
      lb.addVirtualCluster('db');
      const ing = new ClusterGroup(stack, 'ing', {
        hosts: [{ host: host(stack, 'b'), dnsPattern: '*.b.example.com', metallb: POOL }],
        ingressController: IngressController.nginx({ className: 'vclusters', mapApiPort: true }),
        dns: WildcardDns.externalDns({ provider: 'aws', extraArgs: ['--aws-zone-type=public'] }),
      });
      ing.addVirtualCluster('web', { cpu: 1, memory: '1Gi' });
    },
  },
  {
    // An edge site whose record goes to an RFC 2136 server, with every chart from a local directory.
    name: 'edge-local-charts',
    build: (app, name, charts) => {
      const stack = new TerraformStack(app, name);
      ChartSource.applyTo(stack, { all: ChartSource.directory(charts), vcluster: ChartSource.oci('oci://registry.example.com/charts') });
      const dns = new DnsProvider(stack, 'dns', { update: [{ server: '127.0.0.1' }] });
      const site = new EdgeClusterGroup(stack, 'site', {
        hosts: [{ host: host(stack, 'store', { kind: HostClusterKind.EDGE }), dnsPattern: '*.store.example.com', metallb: POOL, ingressAddress: '10.0.0.241' }],
        dns: WildcardDns.rfc2136({ provider: dns, zone: 'example.com' }),
      });
      site.addVirtualCluster('pos', { cpu: 1, memory: '2Gi' });
    },
  },
];
