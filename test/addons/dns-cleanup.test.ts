import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { cleanupBlocker, cleanupChartFiles, externalDnsArgs, EXTERNAL_DNS_CHART_DEFAULTS } from '../../src/addons/dns-cleanup';
import { externalDnsValues } from '../../src/addons/wildcard-dns';
import { CHARTS } from '../../src/charts/catalog';

const CHART = path.join(__dirname, '..', '..', '..', 'shared', 'upstream', 'external-dns', CHARTS.externalDns.version, 'chart');
const ours = externalDnsValues(
  { provider: 'rfc2136', extraArgs: ['--rfc2136-host=10.0.0.53'], credentials: [{ name: 'EXTERNAL_DNS_RFC2136_TSIG_SECRET', secretName: 'tsig', secretKey: 'secret' }] },
  'apps.example.com',
  'cluster-groups-g-a',
);

function job(values: Record<string, unknown>, namespace = 'external-dns'): any {
  return JSON.parse(cleanupChartFiles(values, namespace)['templates/cleanup-job.yaml']);
}

describe('ExternalDNS record cleanup', () => {
  test("the defaults it assumes are the chart's own", () => {
    const values = parse(fs.readFileSync(path.join(CHART, 'values.yaml'), 'utf8'));
    const chart = parse(fs.readFileSync(path.join(CHART, 'Chart.yaml'), 'utf8'));
    const d = EXTERNAL_DNS_CHART_DEFAULTS;
    expect({ image: d.image, appVersion: d.appVersion, logLevel: d.logLevel, logFormat: d.logFormat, interval: d.interval, sources: d.sources, policy: d.policy, registry: d.registry, provider: d.provider }).toEqual({
      image: values.image.repository,
      appVersion: chart.appVersion,
      logLevel: values.logLevel,
      logFormat: values.logFormat,
      interval: values.interval,
      sources: values.sources,
      policy: values.policy,
      registry: values.registry,
      provider: values.provider.name,
    });
  });

  test("the flags follow the chart's Deployment template, in its order", () => {
    expect(externalDnsArgs(ours, 'external-dns')).toEqual([
      '--log-level=info',
      '--log-format=text',
      '--interval=1m',
      '--events',
      '--source=service',
      '--policy=sync',
      '--registry=txt',
      '--txt-owner-id=cluster-groups-g-a',
      '--domain-filter=apps.example.com',
      '--provider=rfc2136',
      '--txt-wildcard-replacement=wildcard',
      '--rfc2136-host=10.0.0.53',
    ]);
  });

  test('extraArgs as a map: sorted keys, lists repeat, booleans become --x / --no-x, null a bare flag', () => {
    const args = externalDnsArgs({ provider: 'aws', extraArgs: { 'zone-id-filter': ['a', 'b'], 'aws-evaluate-target-health': false, 'aws-prefer-cname': null, 'aws-batch-change-size': 100 } }, 'ns');
    expect(args.slice(args.indexOf('--provider=aws') + 1)).toEqual(['--aws-batch-change-size=100', '--no-aws-evaluate-target-health', '--aws-prefer-cname', '--zone-id-filter=a', '--zone-id-filter=b']);
  });

  test('a namespaced ExternalDNS watches its own namespace unless told another', () => {
    expect(externalDnsArgs({ namespaced: true }, 'dns')).toContain('--namespace=dns');
    expect(externalDnsArgs({ namespaced: true, sourceNamespace: 'ingress-nginx' }, 'dns')).toContain('--namespace=ingress-nginx');
  });

  test('the Job is a pre-delete hook running the same ExternalDNS, with the same credentials and account, once', () => {
    const j = job(ours, 'dns');
    expect(j.metadata).toMatchObject({ name: 'external-dns-cleanup', namespace: 'dns', annotations: { 'helm.sh/hook': 'pre-delete', 'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded' } });
    const pod = j.spec.template.spec;
    expect(pod).toMatchObject({ restartPolicy: 'Never', serviceAccountName: 'external-dns' });
    expect(pod.containers).toHaveLength(1);
    expect(pod.containers[0]).toMatchObject({
      image: 'registry.k8s.io/external-dns/external-dns:v0.21.0',
      env: [{ name: 'EXTERNAL_DNS_RFC2136_TSIG_SECRET', valueFrom: { secretKeyRef: { name: 'tsig', key: 'secret' } } }],
      args: [...externalDnsArgs(ours, 'dns'), '--once'],
    });
  });

  test('image, service account and mounts follow the raw values', () => {
    const pod = job({ ...ours, image: { repository: 'mirror.example/external-dns', tag: 'v0.21.0-patched' }, serviceAccount: { create: false, name: 'dns-writer' }, extraVolumes: [{ name: 'c', secret: { secretName: 'c' } }], extraVolumeMounts: [{ name: 'c', mountPath: '/c' }] }).spec.template.spec;
    expect(pod.serviceAccountName).toBe('dns-writer');
    expect(pod.volumes).toEqual([{ name: 'c', secret: { secretName: 'c' } }]);
    expect(pod.containers[0]).toMatchObject({ image: 'mirror.example/external-dns:v0.21.0-patched', volumeMounts: [{ name: 'c', mountPath: '/c' }] });
    expect(job({ serviceAccount: { create: false } }).spec.template.spec.serviceAccountName).toBe('default');
  });

  test('names what it cannot mirror, and nothing for plain values', () => {
    expect(cleanupBlocker(ours)).toBeUndefined();
    expect(cleanupBlocker({ ...ours, extraContainers: [], initContainers: [] })).toBeUndefined();
    expect(cleanupBlocker({ ...ours, fullnameOverride: 'dns', secretConfiguration: { enabled: true } })).toBe('values.secretConfiguration.enabled, values.fullnameOverride are not carried over to the cleanup Job');
    expect(cleanupBlocker({ ...ours, extraArgs: ['--aws-zone-tags={{ .Release.Name }}'] })).toBe('the values hold Helm template text, which the chart expands and the cleanup Job would not');
  });
});
