import { Annotations, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { EndpointType } from '../host-cluster';
import { publishesWildcard } from './external-dns-addon';
import { AddonContext, AddonInstall, HostAddon, optional } from './host-addon';
import { NGINX_NAMESPACE, NGINX_SERVICE } from './ingress-controller';
import { pinnedIngressAddress } from './ingress-nginx-addon';

/**
 * The wildcard record when ExternalDNS does not publish it: written through the user's
 * hashicorp/dns provider (WildcardDns.rfc2136) once the ingress address is known, or, with
 * WildcardDns.manual, printed for the user to create.
 */
export const WILDCARD_RECORD_ADDON: HostAddon = {
  name: 'wildcard DNS record',
  after: ['ingress-nginx'],
  // A Terraform resource, not a chart: nothing for CG12 to count.
  installsChart: () => false,
  install(scope: Construct, ctx: AddonContext, previous: ITerraformDependable | undefined): AddonInstall | undefined {
    const pattern = ctx.dnsPattern;
    if (ctx.endpointType !== EndpointType.INGRESS || pattern === undefined || publishesWildcard(ctx)) return undefined;
    const nginx = ctx.installed('ingress-nginx');
    const address = pinnedIngressAddress(ctx) ?? (nginx?.resources.address as string | undefined);
    if (ctx.dns.kind === 'rfc2136' && address !== undefined) {
      const o = ctx.dns._rfc2136!;
      // Optional peer dependency: loaded only by those who write records directly.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { ARecordSet } = require('@cdktf/provider-dns/lib/a-record-set') as typeof import('@cdktf/provider-dns/lib/a-record-set');
      const zone = o.zone.endsWith('.') ? o.zone : `${o.zone}.`;
      const record = new ARecordSet(scope, 'wildcard-record', {
        provider: o.provider,
        zone,
        name: recordName(pattern, zone),
        addresses: [address],
        ttl: o.ttl ?? 300,
        dependsOn: optional(previous),
      });
      return { tail: record, dependables: [record], description: 'wildcard DNS record', resources: { record } };
    }
    if (ctx.dns.kind === 'manual') {
      const target = pinnedIngressAddress(ctx) ?? (nginx ? `the address of Service ${NGINX_NAMESPACE}/${NGINX_SERVICE} (known after apply)` : "your ingress load balancer's address");
      Annotations.of(scope).addWarning(`create the DNS record "${pattern}" A ${target} on host "${ctx.host.clusterName}": this group creates no DNS records (WildcardDns.manual)`);
    }
    return undefined;
  },
};

/** `*.east.dev.example.com` in zone `example.com.` is `*.east.dev`. */
export function recordName(pattern: string, zone: string): string {
  const suffix = pattern.slice(2);
  const zoneName = zone.replace(/\.$/, '');
  return suffix === zoneName ? '*' : `*.${suffix.slice(0, -(zoneName.length + 1))}`;
}
