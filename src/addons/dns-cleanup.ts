// On destroy the wildcard record must go after the controller's Service and before ExternalDNS.
// ExternalDNS syncs at the earliest 5 s after a Service event, and Terraform uninstalls it right
// after the controller, so left alone it never deletes the record. A small generated chart holds
// a Helm pre-delete hook: a Job that runs the same ExternalDNS with the same flags, once. Its
// release sits between ExternalDNS and the controller, so Terraform destroys it after the
// controller (whose release waits for its Service to be gone) and before ExternalDNS.

import { valueAt } from '../model/values';
import { MANAGED_BY_LABEL } from '../private/keys';

export const CLEANUP_RELEASE = 'external-dns-cleanup';

/** What the ExternalDNS chart (catalog version) uses when values leave these unset. */
export const EXTERNAL_DNS_CHART_DEFAULTS = {
  image: 'registry.k8s.io/external-dns/external-dns',
  appVersion: '0.21.0',
  logLevel: 'info',
  logFormat: 'text',
  interval: '1m',
  sources: ['service', 'ingress'],
  policy: 'upsert-only',
  registry: 'txt',
  provider: 'aws',
} as const;

/** Values the Job cannot carry over from the Deployment; with any of them set there is no Job. */
const NOT_CARRIED = ['provider.webhook', 'secretConfiguration.enabled', 'extraContainers', 'initContainers', 'namespaceOverride', 'fullnameOverride', 'nameOverride'];

type Values = Record<string, any>;

/** The flags the chart's Deployment passes to ExternalDNS, for the given (merged) values. */
export function externalDnsArgs(v: Values, namespace: string): string[] {
  const d = EXTERNAL_DNS_CHART_DEFAULTS;
  const args = [`--log-level=${v.logLevel ?? d.logLevel}`, `--log-format=${v.logFormat ?? d.logFormat}`, `--interval=${v.interval ?? d.interval}`];
  if (v.triggerLoopOnEvent) args.push('--events');
  for (const s of v.sources ?? d.sources) args.push(`--source=${s}`);
  args.push(`--policy=${v.policy ?? d.policy}`, `--registry=${v.registry ?? d.registry}`);
  if (v.txtOwnerId) args.push(`--txt-owner-id=${v.txtOwnerId}`);
  if (v.txtPrefix) args.push(`--txt-prefix=${v.txtPrefix}`);
  else if (v.txtSuffix) args.push(`--txt-suffix=${v.txtSuffix}`);
  if (v.namespaced) args.push(`--namespace=${v.sourceNamespace || namespace}`);
  if (v.gatewayNamespace) args.push(`--gateway-namespace=${v.gatewayNamespace}`);
  if (v.enableGatewayListenerSets) args.push('--gateway-listener-sets');
  for (const f of v.domainFilters ?? []) args.push(`--domain-filter=${f}`);
  for (const f of v.excludeDomains ?? []) args.push(`--exclude-domains=${f}`);
  if (v.labelFilter) args.push(`--label-filter=${v.labelFilter}`);
  if (v.annotationFilter) args.push(`--annotation-filter=${v.annotationFilter}`);
  if (v.annotationPrefix) args.push(`--annotation-prefix=${v.annotationPrefix}`);
  for (const t of v.managedRecordTypes ?? []) args.push(`--managed-record-types=${t}`);
  const provider = v.provider ?? d.provider;
  args.push(`--provider=${typeof provider === 'string' ? provider : provider.name}`);
  const extra = v.extraArgs;
  if (Array.isArray(extra)) {
    args.push(...extra.map(String));
  } else if (extra && typeof extra === 'object') {
    // Go templates range over a map in key order.
    for (const key of Object.keys(extra).sort()) {
      const value = extra[key];
      if (value === null || value === undefined) args.push(`--${key}`);
      else if (Array.isArray(value)) args.push(...value.map((x) => `--${key}=${x}`));
      else if (typeof value === 'boolean') args.push(value ? `--${key}` : `--no-${key}`);
      else args.push(`--${key}=${value}`);
    }
  }
  return args;
}

/**
 * Why the cleanup Job cannot mirror this ExternalDNS, or undefined when it can: values it does
 * not carry over, or Helm template text (which the chart would expand and the Job would not).
 */
export function cleanupBlocker(v: Values): string | undefined {
  const set = NOT_CARRIED.filter((p) => {
    const value = valueAt(v, p);
    return Array.isArray(value) ? value.length > 0 : Boolean(value);
  });
  if (set.length) return `values.${set.join(', values.')} ${set.length > 1 ? 'are' : 'is'} not carried over to the cleanup Job`;
  if (JSON.stringify(v).includes('{{')) return 'the values hold Helm template text, which the chart expands and the cleanup Job would not';
  return undefined;
}

/** The files of the chart whose only object is the pre-delete cleanup Job. */
export function cleanupChartFiles(v: Values, namespace: string): Record<string, string> {
  const d = EXTERNAL_DNS_CHART_DEFAULTS;
  const labels = { 'app.kubernetes.io/name': CLEANUP_RELEASE, ...MANAGED_BY_LABEL };
  const serviceAccount = v.serviceAccount?.create === false ? v.serviceAccount?.name || 'default' : v.serviceAccount?.name || 'external-dns';
  const pullSecrets = v.imagePullSecrets?.length ? v.imagePullSecrets : v.global?.imagePullSecrets;
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: CLEANUP_RELEASE,
      namespace,
      labels,
      annotations: { 'helm.sh/hook': 'pre-delete', 'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded' },
    },
    spec: {
      backoffLimit: 2,
      // Under Helm's 300 s, so that a DNS provider out of reach fails the Job, not the wait.
      activeDeadlineSeconds: 240,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          serviceAccountName: serviceAccount,
          ...(pullSecrets?.length ? { imagePullSecrets: pullSecrets } : {}),
          ...(v.nodeSelector && Object.keys(v.nodeSelector).length ? { nodeSelector: v.nodeSelector } : {}),
          ...(v.tolerations?.length ? { tolerations: v.tolerations } : {}),
          securityContext: v.podSecurityContext ?? { runAsNonRoot: true, fsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
          ...(v.extraVolumes?.length ? { volumes: v.extraVolumes } : {}),
          containers: [
            {
              name: 'external-dns',
              image: `${v.image?.repository ?? d.image}:${v.image?.tag ?? `v${d.appVersion}`}`,
              ...(v.image?.pullPolicy ? { imagePullPolicy: v.image.pullPolicy } : {}),
              ...(v.env?.length ? { env: v.env } : {}),
              args: [...externalDnsArgs(v, namespace), '--once'],
              securityContext: v.securityContext ?? {
                privileged: false,
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                runAsUser: 65532,
                runAsGroup: 65532,
                capabilities: { drop: ['ALL'] },
              },
              ...(v.extraVolumeMounts?.length ? { volumeMounts: v.extraVolumeMounts } : {}),
              ...(v.resources && Object.keys(v.resources).length ? { resources: v.resources } : {}),
            },
          ],
        },
      },
    },
  };
  const chart = { apiVersion: 'v2', name: CLEANUP_RELEASE, version: '0.1.0', description: 'Deletes the wildcard record before ExternalDNS is uninstalled; generated by cdktf-cluster-groups' };
  return {
    'Chart.yaml': JSON.stringify(chart, null, 2) + '\n',
    'templates/cleanup-job.yaml': JSON.stringify(job, null, 2) + '\n',
  };
}
