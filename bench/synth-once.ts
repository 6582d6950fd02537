// One synth of N virtual clusters over 10 hosts, with this library or with plain cdktf.
// Prints {"maxRssKb": ...}; the parent measures wall time.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { Release } from '@cdktf/provider-helm/lib/release';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { App, TerraformStack } from 'cdktf';

const HOSTS = 10;
const [variant, countText] = process.argv.slice(2);
const count = Number(countText);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-bench-'));
const app = new App({ outdir: path.join(dir, 'out'), context: { 'cluster-groups:lockFile': path.join(dir, 'lock.json'), 'cluster-groups:lockMode': 'update' } });
const stack = new TerraformStack(app, 'bench');

const providers = Array.from({ length: HOSTS }, (_, i) => ({
  name: `host${i}`,
  kubernetes: new KubernetesProvider(stack, `host${i}-k8s`, { alias: `host${i}`, configContext: `host${i}` }),
  helm: new HelmProvider(stack, `host${i}-helm`, { alias: `host${i}`, kubernetes: { configContext: `host${i}` } }),
}));

if (variant === 'library') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = require('../lib') as typeof import('../src');
  const hosts = providers.map((p) => new lib.HostCluster(stack, p.name, {
    kind: lib.HostClusterKind.CLOUD,
    kubernetesProvider: p.kubernetes,
    helmProvider: p.helm,
    endpointTypes: [lib.EndpointType.INGRESS],
    capacity: { cpu: 1000, memory: '4000Gi', storage: '10000Gi' },
  }));
  const group = new lib.ClusterGroup(stack, 'dev', { hosts: hosts.map((h) => ({ host: h, dnsPattern: `*.${h.clusterName}.example.com` })) });
  for (let i = 0; i < count; i++) group.addVirtualCluster(`vc${i}`, { cpu: 1, memory: '1Gi', storage: '1Gi' });
} else {
  // The same resources written by hand: ingress-nginx on each host, then a namespace and a
  // vCluster release per virtual cluster that waits for its host's ingress controller.
  const nginx = providers.map((p) => {
    const ns = new NamespaceV1(stack, `${p.name}-ingress-ns`, { provider: p.kubernetes, metadata: { name: 'ingress-nginx', labels: { 'app.kubernetes.io/managed-by': 'hand' } } });
    const values = { controller: { extraArgs: { 'enable-ssl-passthrough': 'true' }, ingressClassResource: { name: 'nginx', controllerValue: 'k8s.io/ingress-nginx' }, ingressClass: 'nginx' } };
    return new Release(stack, `${p.name}-ingress-nginx`, {
      provider: p.helm, name: 'ingress-nginx', namespace: ns.metadata.name, repository: 'https://kubernetes.github.io/ingress-nginx',
      chart: 'ingress-nginx', version: '4.15.1', values: [JSON.stringify(values, null, 2)], wait: true,
    });
  });
  for (let i = 0; i < count; i++) {
    const p = providers[i % HOSTS];
    const name = `vc${i}`;
    const hostname = `${name}.${p.name}.example.com`;
    const ns = new NamespaceV1(stack, `${name}-ns`, { provider: p.kubernetes, metadata: { name: `vcluster-${name}`, labels: { 'cluster-groups/virtual-cluster': name } } });
    const values = {
      controlPlane: {
        distro: { k8s: { enabled: true, version: 'v1.36.0' } },
        ingress: { enabled: true, host: hostname, annotations: { 'nginx.ingress.kubernetes.io/ssl-passthrough': 'true', 'nginx.ingress.kubernetes.io/backend-protocol': 'HTTPS' }, spec: { ingressClassName: 'nginx' } },
        proxy: { extraSANs: [hostname] },
      },
      exportKubeConfig: { server: `https://${hostname}` },
      policies: {
        resourceQuota: { enabled: true, quota: { 'requests.cpu': '1', 'limits.cpu': '1', 'requests.memory': '1Gi', 'limits.memory': '1Gi', 'requests.storage': '1Gi' } },
        limitRange: { enabled: true, default: { cpu: '1', memory: '512Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' }, max: { cpu: '1', memory: '1Gi' } },
      },
    };
    new Release(stack, `${name}-release`, {
      provider: p.helm, name, namespace: ns.metadata.name, repository: 'https://charts.loft.sh', chart: 'vcluster', version: '0.36.1',
      values: [JSON.stringify(values, null, 2)], wait: true, timeout: 600, dependsOn: [nginx[i % HOSTS]],
    });
  }
}

if (variant === 'library') {
  // As users run it: the rules, the stacks, then the lock.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (!(require('../lib') as typeof import('../src')).PlatformSynth.run(app)) process.exit(1);
} else {
  app.synth();
}
const file = path.join(dir, 'out', 'stacks', 'bench', 'cdk.tf.json');
const resources = JSON.parse(fs.readFileSync(file, 'utf8')).resource;
const n = Object.values(resources as Record<string, object>).reduce((s, r) => s + Object.keys(r).length, 0);
fs.rmSync(dir, { recursive: true, force: true });
process.stdout.write(JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, resources: n }) + '\n');
