// One synth of N virtual clusters over 10 hosts: `library`, or by hand in plain cdktf (`plain`,
// `plain-tree`). Prints {"maxRssKb", "cpuMs", "resources", "digest", "addresses"}; the parent
// measures wall time and checks that all sides synthesized the same resources (the digest leaves
// out ids and paths) and that the same-tree side has the library's addresses.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { Release, ReleaseConfig } from '@cdktf/provider-helm/lib/release';
import { DataKubernetesServiceV1 } from '@cdktf/provider-kubernetes/lib/data-kubernetes-service-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { NamespaceV1, NamespaceV1Config } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';

// bench.ts sets it: compare without source-mapped stack traces, which tsx turns on.
if (process.env.BENCH_SOURCE_MAPS === 'off') process.setSourceMapsEnabled(false);

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

// The library as users load it: compiled, from a node_modules directory (bench.ts puts the
// build there), which TypeScript loaders such as tsx leave alone.
// BENCH_LIBRARY: another copy (the test of this script loads src/ through tsx).
const LIBRARY = process.env.BENCH_LIBRARY ?? path.join(__dirname, '..', '.bench', 'node_modules', 'cdktf-cluster-groups');

if (variant === 'library') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = require(LIBRARY) as typeof import('../src');
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
  // The same resources written by hand: ingress-nginx on each host (and a read of its Service's
  // address), then a namespace and a vCluster release per virtual cluster that waits for its
  // host's ingress controller. `plain` puts them at the stack's root, as a script would;
  // `plain-tree` puts them in the library's construct tree (the same Terraform addresses), each
  // virtual cluster a construct made by its group's method, as any construct library would: what
  // that shape costs by itself (longer paths to hash, two more frames in each token's stack).
  const tree = variant === 'plain-tree';
  if (!tree && variant !== 'plain') throw new Error(`unknown variant ${variant}: library, plain or plain-tree`);
  const groupScope = tree ? new Construct(stack, 'dev') : stack;
  const managedBy = { 'app.kubernetes.io/managed-by': 'cdktf-cluster-groups' };
  const nginx = providers.map((p) => {
    const scope = tree ? new Construct(groupScope, `${p.name}-addons`) : stack;
    const id = (name: string) => (tree ? name : `${p.name}-${name}`);
    const ns = new NamespaceV1(scope, id('ingress-namespace'), { provider: p.kubernetes, metadata: { name: 'ingress-nginx', labels: managedBy } });
    const values = { controller: { extraArgs: { 'enable-ssl-passthrough': 'true' }, ingressClassResource: { name: 'nginx', controllerValue: 'k8s.io/ingress-nginx' }, ingressClass: 'nginx' } };
    const release = new Release(scope, id('ingress-nginx'), {
      provider: p.helm, name: 'ingress-nginx', namespace: ns.metadata.name, repository: 'https://kubernetes.github.io/ingress-nginx',
      chart: 'ingress-nginx', version: '4.15.1', values: [JSON.stringify(values, null, 2)], wait: true,
    });
    new DataKubernetesServiceV1(scope, id('ingress-service'), { provider: p.kubernetes, metadata: { name: 'ingress-nginx-controller', namespace: 'ingress-nginx' }, dependsOn: [release] });
    return release;
  });
  const namespaceOf = (i: number): NamespaceV1Config => ({
    provider: providers[i % HOSTS].kubernetes,
    metadata: { name: `vcluster-vc${i}`, labels: { ...managedBy, 'cluster-groups/group': 'dev', 'cluster-groups/virtual-cluster': `vc${i}` } },
  });
  const releaseOf = (i: number): Omit<ReleaseConfig, 'namespace'> => {
    const p = providers[i % HOSTS];
    const hostname = `vc${i}.${p.name}.example.com`;
    const values = {
      controlPlane: {
        distro: { k8s: { enabled: true, version: 'v1.36.0' } },
        ingress: { enabled: true, host: hostname, annotations: { 'nginx.ingress.kubernetes.io/ssl-passthrough': 'true', 'nginx.ingress.kubernetes.io/backend-protocol': 'HTTPS' }, spec: { ingressClassName: 'nginx' } },
        proxy: { extraSANs: [hostname] },
        // The chart's 4Gi control-plane limit and 5Gi data volume, clamped to the 1Gi the cluster may use.
        statefulSet: { resources: { limits: { memory: '1Gi' } }, persistence: { volumeClaim: { size: '1Gi' } } },
      },
      exportKubeConfig: { server: `https://${hostname}` },
      policies: {
        resourceQuota: { enabled: true, quota: { 'requests.cpu': '1', 'limits.cpu': '2', 'requests.memory': '1Gi', 'limits.memory': '2Gi', 'requests.storage': '1Gi' } },
        limitRange: { enabled: true, default: { cpu: '1', memory: '512Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' }, max: { cpu: '1', memory: '1Gi' } },
      },
    };
    return {
      provider: p.helm, name: `vc${i}`, repository: 'https://charts.loft.sh', chart: 'vcluster', version: '0.36.1',
      values: [JSON.stringify(values, null, 2)], wait: true, timeout: 600, dependsOn: [nginx[i % HOSTS]],
    };
  };
  // The inputs are worked out before the resources are made, so each token's stack holds only the
  // frames that make the resources, as in the library.
  class HandWrittenVirtualCluster extends Construct {
    constructor(scope: Construct, id: string, ns: NamespaceV1Config, release: Omit<ReleaseConfig, 'namespace'>) {
      super(scope, id);
      const namespace = new NamespaceV1(this, 'namespace', ns);
      new Release(this, 'release', { ...release, namespace: namespace.metadata.name });
    }
  }
  class HandWrittenGroup {
    add(i: number) {
      const ns = namespaceOf(i);
      const release = releaseOf(i);
      return new HandWrittenVirtualCluster(groupScope, `vc${i}`, ns, release);
    }
  }
  const group = new HandWrittenGroup();
  for (let i = 0; i < count; i++) {
    if (tree) {
      group.add(i);
    } else {
      const ns = new NamespaceV1(stack, `vc${i}-ns`, namespaceOf(i));
      new Release(stack, `vc${i}-release`, { ...releaseOf(i), namespace: ns.metadata.name });
    }
  }
}

if (variant === 'library') {
  // As users run it: the rules, the stacks, then the lock.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (!(require(LIBRARY) as typeof import('../src')).PlatformSynth.run(app)) process.exit(1);
} else {
  app.synth();
}
const file = path.join(dir, 'out', 'stacks', 'bench', 'cdk.tf.json');
const out = JSON.parse(fs.readFileSync(file, 'utf8'));
const n = Object.values(out.resource as Record<string, object>).reduce((s, r) => s + Object.keys(r).length, 0);
fs.rmSync(dir, { recursive: true, force: true });
const usage = process.resourceUsage();
process.stdout.write(JSON.stringify({ maxRssKb: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, resources: n, digest: digest(out), addresses: addresses(out) }) + '\n');

/** The Terraform addresses of the resources and data sources, which the same-tree side shares with the library. */
function addresses(json: any): string {
  const lines: string[] = [];
  for (const kind of ['resource', 'data']) {
    for (const [type, byId] of Object.entries((json[kind] ?? {}) as Record<string, Record<string, object>>)) lines.push(...Object.keys(byId).map((id) => `${kind} ${type}.${id}`));
  }
  return createHash('sha256').update(lines.sort().join('\n')).digest('hex');
}

/** The resources and data sources, without construct paths and ids (references keep their type). */
function digest(json: any): string {
  const blocks: string[] = [];
  for (const kind of ['resource', 'data']) {
    for (const [type, byId] of Object.entries((json[kind] ?? {}) as Record<string, Record<string, object>>)) {
      for (const r of Object.values(byId)) {
        const text = JSON.stringify({ ...r, '//': undefined }).replace(/(\$\{(?:data\.)?[a-z0-9_]+)\.[^.}]+/g, '$1.ID').replace(/"((?:data\.)?[a-z0-9_]+)\.[A-Za-z0-9_-]+"/g, '"$1.ID"');
        blocks.push(`${kind} ${type} ${text}`);
      }
    }
  }
  return createHash('sha256').update(blocks.sort().join('\n')).digest('hex');
}
