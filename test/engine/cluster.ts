// A real Kubernetes API server per host cluster, on 127.0.0.1 only, from the engine builds:
// one etcd, and per host kube-apiserver, kube-controller-manager, kube-scheduler and kwok (one
// fake node, so pods are scheduled and become Ready without running anything).
//
// What stands in for what a real cluster has (and why):
// - kwok's fake node and its default stages stand in for kubelets: pods become Ready, and the
//   pods of Jobs complete (Helm hook Jobs such as ingress-nginx's admission-secret Jobs), except
//   the pods of `heldJobs`, which stay Running for the test to run and complete.
// - Static PersistentVolumes with no storage class stand in for a storage provisioner, so the
//   vCluster StatefulSets' volume claims bind.
// - The API server runs with the ValidatingAdmissionWebhook and MutatingAdmissionWebhook plugins
//   off: the charts' webhook configurations are created for real, but their servers (pods) do not
//   run on fake nodes, so the API server does not call them.
// - `assignLoadBalancers` stands in for MetalLB's controller or a cloud load balancer: it writes
//   an address into each LoadBalancer Service's status (the MetalLB annotation's, when set).
// Every process binds to loopback and is started under `timeout`, so it stops by itself; its
// log is `<fixture dir>/<host>-<process>.log`.
import { ChildProcess, spawnSync } from 'child_process';
import { generateKeyPairSync } from 'crypto';
import * as fs from 'fs';
import * as https from 'https';
import * as net from 'net';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { moduleDir } from '../../tools/engines';
import { engine, startServer, stopServer, until } from './harness';

const TOKEN = 'engine-test-admin-token';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export class Processes {
  private readonly children: { name: string; child: ChildProcess }[] = [];
  constructor(private readonly logDir: string) {}

  public start(name: string, bin: string, args: string[]): ChildProcess {
    const child = startServer(this.logDir, name, bin, args);
    this.children.push({ name, child });
    return child;
  }

  /** Newest first, one at a time: an API server stops while its etcd still answers. */
  public async stopAll(): Promise<void> {
    for (const { child } of [...this.children].reverse()) await stopServer(child);
  }
}

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    https.get(url, { headers: { Authorization: `Bearer ${TOKEN}` }, rejectUnauthorized: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
}

/** One etcd for every host of a test file; each API server keeps its own key prefix. */
class Etcd {
  public static async start(dir: string, procs: Processes): Promise<Etcd> {
    const [client, peer] = [await freePort(), await freePort()];
    const url = `http://127.0.0.1:${client}`;
    procs.start('etcd', engine('etcd'), [
      '--name', 'engine-test', '--data-dir', path.join(dir, 'etcd'),
      '--listen-client-urls', url, '--advertise-client-urls', url,
      '--listen-peer-urls', `http://127.0.0.1:${peer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${peer}`,
      '--initial-cluster', `engine-test=http://127.0.0.1:${peer}`, '--log-level', 'warn',
    ]);
    await until('etcd', 60_000, async () => ((await fetch(`${url}/health`)).ok ? true : undefined));
    return new Etcd(url);
  }
  private constructor(public readonly url: string) {}
}

/** The host clusters of one platform, each a real API server, and a kubeconfig naming them. */
export class Fixture {
  /**
   * `heldJobs`: Jobs whose pods kwok leaves Running, for the test to run and complete.
   * `apiServerArgs`: more kube-apiserver flags, such as those a virtual cluster's API server gets.
   */
  public static async start(dir: string, hosts: string[], options: { heldJobs?: string[]; apiServerArgs?: string[] } = {}): Promise<Fixture> {
    fs.mkdirSync(dir, { recursive: true });
    const procs = new Processes(dir);
    const fixture = new Fixture(dir, procs);
    try {
      const etcd = await Etcd.start(dir, procs);
      for (const h of hosts) fixture.clusters.set(h, await HostFixture.start(dir, h, etcd, procs, options.heldJobs ?? [], options.apiServerArgs ?? []));
      fixture.writeKubeconfig();
      return fixture;
    } catch (e) {
      await procs.stopAll();
      throw e;
    }
  }

  public readonly clusters = new Map<string, HostFixture>();
  /** Extra environment for tofu runs, such as TF_VAR_ values a platform asks for at apply time. */
  public env: NodeJS.ProcessEnv = {};
  /** A HOME whose ~/.kube/config has one context per host, as the examples' providers expect. */
  public readonly home: string;

  private constructor(public readonly dir: string, private readonly procs: Processes) {
    this.home = path.join(dir, 'home');
  }

  public host(name: string): HostFixture {
    const h = this.clusters.get(name);
    if (!h) throw new Error(`no fixture host ${name}`);
    return h;
  }

  public async stop(): Promise<void> {
    await this.procs.stopAll();
  }

  private writeKubeconfig(): void {
    const kube = path.join(this.home, '.kube');
    fs.mkdirSync(kube, { recursive: true });
    const entries = [...this.clusters.values()];
    const config = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: entries.map((c) => ({ name: c.name, cluster: { server: c.server, 'insecure-skip-tls-verify': true } })),
      users: [{ name: 'admin', user: { token: TOKEN } }],
      contexts: entries.map((c) => ({ name: c.name, context: { cluster: c.name, user: 'admin' } })),
      'current-context': entries[0]?.name,
    };
    fs.writeFileSync(path.join(kube, 'config'), JSON.stringify(config, null, 2));
  }
}

/**
 * kwok's own "fast" stages (nodes Ready with a heartbeat; pods Ready, Job pods Succeeded, deleted
 * pods gone), read from the kwok module the engine was built from.
 */
function kwokStages(dir: string, heldJobs: readonly string[]): string {
  const stages = path.join(moduleDir('kwok', 'sigs.k8s.io/kwok'), 'kustomize', 'stage');
  const files = ['node/fast/node-initialize.yaml', 'node/heartbeat/node-heartbeat.yaml', 'pod/fast/pod-ready.yaml', 'pod/fast/pod-complete.yaml', 'pod/fast/pod-delete.yaml'];
  const docs = files.map((f) => parse(fs.readFileSync(path.join(stages, f), 'utf8')));
  if (heldJobs.length) {
    const complete = docs.find((d) => d.metadata.name === 'pod-complete');
    complete.spec.selector.matchExpressions.push({ key: '.metadata.ownerReferences.[].name', operator: 'NotIn', values: [...heldJobs] });
  }
  const file = path.join(dir, 'kwok-stages.yaml');
  fs.writeFileSync(file, docs.map((d) => stringify(d)).join('---\n'));
  return file;
}

export class HostFixture {
  public static async start(root: string, name: string, etcd: Etcd, procs: Processes, heldJobs: readonly string[], apiServerArgs: readonly string[]): Promise<HostFixture> {
    const dir = path.join(root, name);
    fs.mkdirSync(path.join(dir, 'certs'), { recursive: true });
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    fs.writeFileSync(path.join(dir, 'sa.key'), privateKey.export({ type: 'pkcs1', format: 'pem' }));
    fs.writeFileSync(path.join(dir, 'sa.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
    fs.writeFileSync(path.join(dir, 'tokens.csv'), `${TOKEN},engine-admin,engine-admin,"system:masters"\n`);
    const port = await freePort();
    const server = `https://127.0.0.1:${port}`;
    const kubeconfig = path.join(dir, 'kubeconfig');
    fs.writeFileSync(kubeconfig, JSON.stringify({
      apiVersion: 'v1', kind: 'Config',
      clusters: [{ name, cluster: { server, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'admin', user: { token: TOKEN } }],
      contexts: [{ name, context: { cluster: name, user: 'admin' } }],
      'current-context': name,
    }));
    procs.start(`${name}-apiserver`, engine('kube-apiserver'), [
      '--etcd-servers', etcd.url, '--etcd-prefix', `/host-${name}`,
      '--bind-address', '127.0.0.1', '--advertise-address', '127.0.0.1', '--secure-port', String(port),
      '--cert-dir', path.join(dir, 'certs'), '--token-auth-file', path.join(dir, 'tokens.csv'),
      '--authorization-mode', 'RBAC',
      '--service-account-issuer', 'https://kubernetes.default.svc',
      '--service-account-key-file', path.join(dir, 'sa.pub'), '--service-account-signing-key-file', path.join(dir, 'sa.key'),
      '--service-cluster-ip-range', '10.96.0.0/16', '--endpoint-reconciler-type', 'none',
      '--disable-admission-plugins', 'ValidatingAdmissionWebhook,MutatingAdmissionWebhook',
      '--enable-priority-and-fairness=false', '--allow-privileged=true',
      ...apiServerArgs,
    ]);
    await until(`the API server of ${name}`, 120_000, async () => ((await get(`${server}/readyz`)) === 200 ? true : undefined));
    const cert = path.join(dir, 'certs', 'apiserver.crt');
    procs.start(`${name}-controller-manager`, engine('kube-controller-manager'), [
      '--kubeconfig', kubeconfig, '--bind-address', '127.0.0.1', '--secure-port', String(await freePort()),
      '--service-account-private-key-file', path.join(dir, 'sa.key'), '--root-ca-file', cert,
      '--leader-elect=false', '--controllers', '*,-nodeipam,-cloud-node-lifecycle,-service-lb-controller,-route',
      '--cluster-cidr', '10.244.0.0/16', '--service-cluster-ip-range', '10.96.0.0/16',
    ]);
    procs.start(`${name}-scheduler`, engine('kube-scheduler'), [
      '--kubeconfig', kubeconfig, '--bind-address', '127.0.0.1', '--secure-port', String(await freePort()), '--leader-elect=false',
    ]);
    const host = new HostFixture(name, server, kubeconfig, dir);
    host.apply({
      apiVersion: 'v1', kind: 'Node',
      metadata: {
        name: `${name}-node`,
        annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
        labels: { 'kubernetes.io/hostname': `${name}-node`, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', type: 'kwok' },
      },
      status: {
        capacity: { cpu: '64', memory: '256Gi', 'ephemeral-storage': '1Ti', pods: '250' },
        allocatable: { cpu: '64', memory: '256Gi', 'ephemeral-storage': '1Ti', pods: '250' },
      },
    });
    procs.start(`${name}-kwok`, engine('kwok'), [
      '--config', kwokStages(dir, heldJobs), '--kubeconfig', kubeconfig, '--manage-all-nodes=false', '--manage-nodes-with-annotation-selector', 'kwok.x-k8s.io/node=fake',
      '--cidr', '10.244.0.0/24', '--node-ip', '127.0.0.1', '--server-address', `127.0.0.1:${await freePort()}`,
    ]);
    for (let i = 0; i < 12; i++) {
      host.apply({
        apiVersion: 'v1', kind: 'PersistentVolume',
        metadata: { name: `static-${i}`, labels: { 'engine-test/static': 'true' } },
        spec: { capacity: { storage: '100Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Delete', hostPath: { path: path.join(dir, 'volumes', String(i)) } },
      });
    }
    // Ready, and without the not-ready taint that the node lifecycle controller then removes.
    await until(`the fake node of ${name} to be Ready and untainted`, 90_000, () => {
      const node = host.json(['get', 'node', `${name}-node`]);
      const ready = node.status.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True');
      return ready && !(node.spec.taints ?? []).length ? true : undefined;
    });
    return host;
  }

  private nextAddress = 10;

  private constructor(
    public readonly name: string,
    public readonly server: string,
    public readonly kubeconfig: string,
    public readonly dir: string,
  ) {}

  public kubectl(args: string[], input?: string): string {
    const r = spawnSync(engine('kubectl'), ['--kubeconfig', this.kubeconfig, ...args], { encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`kubectl ${args.join(' ')} on ${this.name}: ${r.stderr}`);
    return r.stdout.trim();
  }

  public json(args: string[]): any {
    return JSON.parse(this.kubectl([...args, '-o', 'json']));
  }

  public apply(object: object): void {
    this.kubectl(['apply', '-f', '-'], JSON.stringify(object));
  }

  /**
   * Gives every LoadBalancer Service without an address one, as MetalLB or a cloud would: the
   * address its `metallb.io/loadBalancerIPs` annotation asks for, else one of 192.0.2.0/24
   * (documentation addresses: written into a status, never contacted).
   */
  public assignLoadBalancers(): string[] {
    const done: string[] = [];
    for (const s of this.json(['get', 'services', '-A']).items) {
      if (s.spec.type !== 'LoadBalancer' || s.status?.loadBalancer?.ingress?.length) continue;
      const ip = s.metadata.annotations?.['metallb.io/loadBalancerIPs'] ?? `192.0.2.${this.nextAddress++}`;
      this.kubectl(['patch', 'service', s.metadata.name, '-n', s.metadata.namespace, '--subresource=status', '--type=merge',
        '-p', JSON.stringify({ status: { loadBalancer: { ingress: [{ ip }] } } })]);
      done.push(`${s.metadata.namespace}/${s.metadata.name}=${ip}`);
    }
    return done;
  }
}

/**
 * Stands in for the kubelet for the pods of a held Job (one kwok leaves Running): `run` does what
 * the pod's containers would, and returns the exit code, which goes into the pod's status.
 */
export class HeldJobRunner {
  private readonly seen = new Set<string>();
  private busy = false;
  private readonly watch: NodeJS.Timeout;

  constructor(private readonly h: HostFixture, private readonly namespace: string, private readonly job: string, private readonly run: (pod: any) => Promise<number | null>) {
    this.watch = setInterval(() => void this.tick(), 500);
  }

  public stop(): void {
    clearInterval(this.watch);
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (const pod of this.h.json(['get', 'pods', '-n', this.namespace, '-l', `job-name=${this.job}`]).items) {
        if (pod.status?.phase !== 'Running' || this.seen.has(pod.metadata.name)) continue;
        this.seen.add(pod.metadata.name);
        const startedAt = new Date().toISOString();
        const exitCode = await this.run(pod);
        const terminated = { exitCode: exitCode ?? 1, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt, finishedAt: new Date().toISOString() };
        const container = pod.spec.containers[0];
        const status = {
          phase: exitCode === 0 ? 'Succeeded' : 'Failed',
          containerStatuses: [{ name: container.name, image: container.image, ready: false, restartCount: 0, started: false, state: { terminated } }],
        };
        this.h.kubectl(['patch', 'pod', pod.metadata.name, '-n', this.namespace, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status })]);
      }
    } catch {
      // The API server may be busy; the next tick asks again.
    } finally {
      this.busy = false;
    }
  }
}
