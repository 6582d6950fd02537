import type { DnsProvider } from '@cdktf/provider-dns/lib/provider';
import { TerraformProvider } from 'cdktf';
import { InputError, inputError } from '../private/errors';
import { checkProps, SpecOf } from '../private/props';

/** An environment variable ExternalDNS reads from an existing Secret (never an inline value). */
export interface SecretEnvVar {
  /** The variable, such as `CF_API_TOKEN`. */
  readonly name: string;
  /** The Secret, in ExternalDNS's namespace on the host. */
  readonly secretName: string;
  readonly secretKey: string;
}

export interface ExternalDnsOptions {
  /** The ExternalDNS provider, such as `cloudflare`, `aws`, `google`, `azure`. */
  readonly provider: string;
  /**
   * Credentials, by reference to a Secret that exists on each host before apply.
   * @default - none (for providers that use workload identity)
   */
  readonly credentials?: SecretEnvVar[];
  /**
   * The namespace ExternalDNS runs in (where the credentials Secret lives).
   * @default 'external-dns'
   */
  readonly namespace?: string;
  /**
   * Extra ExternalDNS flags.
   * @default - none
   */
  readonly extraArgs?: string[];
  /**
   * Raw ExternalDNS chart values, deep-merged last.
   * @default - none
   */
  readonly values?: { [key: string]: any };
  /**
   * Delete the wildcard record on destroy: a Helm pre-delete Job runs ExternalDNS once, with the
   * same flags, after the controller's Service is gone and before ExternalDNS is uninstalled.
   * Turn it off to keep the record (or to delete it yourself).
   * @default true
   */
  readonly cleanupOnDestroy?: boolean;
}

export interface Rfc2136Options {
  /** Your hashicorp/dns provider, configured with the server and TSIG key. */
  readonly provider: DnsProvider;
  /** The zone the records go in, such as `example.com.`; every host pattern must be inside it. */
  readonly zone: string;
  /**
   * Record TTL in seconds.
   * @default 300
   */
  readonly ttl?: number;
}

export type WildcardDnsKind = 'external-dns' | 'rfc2136' | 'manual';

const SECRET_ENV_PROPS: SpecOf<SecretEnvVar> = {
  name: { type: 'string', required: true },
  secretName: { type: 'string', required: true },
  secretKey: { type: 'string', required: true },
};
const EXTERNAL_DNS_PROPS: SpecOf<ExternalDnsOptions> = {
  provider: { type: 'string', required: true },
  credentials: { type: { listOf: SECRET_ENV_PROPS } },
  namespace: { type: 'string' },
  extraArgs: { type: 'string[]' },
  values: { type: 'object' },
  cleanupOnDestroy: { type: 'boolean' },
};
const RFC2136_PROPS: SpecOf<Rfc2136Options> = {
  provider: { type: { is: (v) => TerraformProvider.isTerraformProvider(v) && v.terraformResourceType === 'dns', what: 'a DnsProvider' }, required: true },
  zone: { type: 'string', required: true },
  ttl: { type: 'number' },
};

/** How each ingress host's `*.<suffix>` record comes to point at its ingress load balancer. */
export class WildcardDns {
  /**
   * ExternalDNS (catalog version) on each host publishes the record from an annotation on the
   * ingress controller's Service, with a TXT registry that handles wildcards.
   */
  public static externalDns(options: ExternalDnsOptions): WildcardDns {
    const error = inputError(() => checkProps('WildcardDns.externalDns', 'options', options, EXTERNAL_DNS_PROPS));
    return error ? new WildcardDns('manual', undefined, undefined, error) : new WildcardDns('external-dns', options);
  }

  /** A record written directly through the hashicorp/dns provider (RFC 2136 with TSIG). */
  public static rfc2136(options: Rfc2136Options): WildcardDns {
    const error = inputError(() => checkProps('WildcardDns.rfc2136', 'options', options, RFC2136_PROPS));
    return error ? new WildcardDns('manual', undefined, undefined, error) : new WildcardDns('rfc2136', undefined, options);
  }

  /** Nothing is created; synth prints the record each host needs. */
  public static manual(): WildcardDns {
    return new WildcardDns('manual');
  }

  private constructor(
    public readonly kind: WildcardDnsKind,
    /** @internal */ public readonly _externalDns?: ExternalDnsOptions,
    /** @internal */ public readonly _rfc2136?: Rfc2136Options,
    /** @internal What was wrong with the options, for the group that uses it to report at synth. */
    public readonly _inputError?: InputError,
  ) {}
}

/** A WildcardDns as a prop. */
export const WILDCARD_DNS = { is: (v: unknown) => v instanceof WildcardDns, what: 'a WildcardDns (WildcardDns.manual(), .externalDns() or .rfc2136())' };

export function externalDnsNamespace(o: ExternalDnsOptions): string {
  return o.namespace ?? 'external-dns';
}

/** ExternalDNS values: publish from annotated Services only, TXT registry made safe for wildcards. */
export function externalDnsValues(o: ExternalDnsOptions, domain: string, ownerId: string): Record<string, unknown> {
  const values: Record<string, unknown> = {
    provider: { name: o.provider },
    sources: ['service'],
    policy: 'sync',
    // Publish within seconds of the controller's Service getting its address, not up to a minute.
    triggerLoopOnEvent: true,
    registry: 'txt',
    txtOwnerId: ownerId,
    // A TXT record cannot be named "*.": ExternalDNS writes it under this word instead.
    extraArgs: ['--txt-wildcard-replacement=wildcard', ...(o.extraArgs ?? [])],
    domainFilters: [domain],
  };
  if (o.credentials?.length) {
    values.env = o.credentials.map((c) => ({ name: c.name, valueFrom: { secretKeyRef: { name: c.secretName, key: c.secretKey } } }));
  }
  return values;
}
