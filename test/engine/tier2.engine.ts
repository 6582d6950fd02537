// Tier 2: the wildcard record the library promises really appears, and goes when the platform
// goes. A platform whose ExternalDNS uses the rfc2136 provider is applied to a real API server
// (as in tier 3); the built ExternalDNS runs as a process with exactly the arguments and
// environment the real chart rendered into its Deployment, against BIND9 on loopback, and lives
// exactly as long as that Deployment does (the pod it stands in for cannot run on a fake node).
// On destroy the record-cleanup hook Job's pod runs the same way, as a process, once.
import { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { TerraformStack } from 'cdktf';
import { ClusterGroup, WildcardDns } from '../../src';
import { CLEANUP_RELEASE } from '../../src/addons/dns-cleanup';
import { host, tempDir } from '../helpers';
import { synthPlatform, tofuOkAsync } from './apply';
import { freePort, Fixture, HeldJobRunner, HostFixture } from './cluster';
import { Bind9, TSIG_KEY } from './dns';
import { chartDirectory, engine, prepareStack, startServer, stopServer, until } from './harness';
import { apiServerSkipReason, record, reportSkipped } from './results';

const ZONE = 'example.com';
const NAMESPACE = 'external-dns';
const PATTERN = '*.apps.example.com';
const skipReason = apiServerSkipReason() ?? Bind9.available();

/** The environment a pod's container gets: its plain values, and the Secret keys it references. */
function containerEnv(h: HostFixture, container: any, namespace: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const e of container.env ?? []) {
    const ref = e.valueFrom?.secretKeyRef;
    env[e.name] = ref ? Buffer.from(h.json(['get', 'secret', ref.name, '-n', namespace]).data[ref.key], 'base64').toString() : e.value;
  }
  return env;
}

/** Only what a pod gets from its cluster differs: the API server, and a loopback metrics port. */
async function processArgs(h: HostFixture, container: any): Promise<string[]> {
  return [...container.args, `--kubeconfig=${h.kubeconfig}`, `--metrics-address=127.0.0.1:${await freePort()}`];
}

/** The ExternalDNS pod, as a process: started from the Deployment's spec, stopped when it goes. */
class ExternalDnsProcess {
  public static async start(h: HostFixture, dir: string): Promise<ExternalDnsProcess> {
    const container = h.json(['get', 'deployment', 'external-dns', '-n', NAMESPACE]).spec.template.spec.containers[0];
    const args = await processArgs(h, container);
    const child = startServer(dir, 'external-dns', engine('external-dns'), args, { PATH: process.env.PATH, ...containerEnv(h, container, NAMESPACE) });
    return new ExternalDnsProcess(h, child, container.args, args, path.join(dir, 'external-dns.log'));
  }

  private readonly watch: NodeJS.Timeout;

  private constructor(
    h: HostFixture,
    private readonly child: ChildProcess,
    /** The container's args, as the chart rendered them. */
    public readonly chartArgs: string[],
    public readonly args: string[],
    private readonly logFile: string,
  ) {
    this.watch = setInterval(() => {
      let names: string;
      try {
        names = h.kubectl(['get', 'deployments', '-n', NAMESPACE, '-o', 'name']);
      } catch {
        return; // The API server may be busy; the next tick asks again.
      }
      if (!names.split('\n').includes('deployment.apps/external-dns')) {
        fs.appendFileSync(this.logFile, `[engine test] the external-dns Deployment is gone (${JSON.stringify(names)}): stopping, as its pod would\n`);
        this.stop();
      }
    }, 500);
  }

  public get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  public log(): string {
    return fs.readFileSync(this.logFile, 'utf8').slice(-3000);
  }

  public stop(): void {
    clearInterval(this.watch);
    void stopServer(this.child);
  }
}

/**
 * The pods of the record-cleanup hook Job, as processes. The fixture tells kwok to leave these
 * pods Running (it completes other Job pods at once); this runs each pod's container with its
 * args and environment, as a kubelet would.
 */
class CleanupJobRunner {
  public readonly runs: { args: string[]; exitCode: number | null; log: string }[] = [];
  private readonly runner: HeldJobRunner;

  constructor(private readonly h: HostFixture, private readonly dir: string) {
    this.runner = new HeldJobRunner(h, NAMESPACE, CLEANUP_RELEASE, (pod) => this.run(pod));
  }

  public stop(): void {
    this.runner.stop();
  }

  private async run(pod: any): Promise<number | null> {
    const container = pod.spec.containers[0];
    const name = `cleanup-${this.runs.length}`;
    const child = startServer(this.dir, name, engine('external-dns'), await processArgs(this.h, container), { PATH: process.env.PATH, ...containerEnv(this.h, container, NAMESPACE) });
    const exitCode = await new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    this.runs.push({ args: container.args, exitCode, log: fs.readFileSync(path.join(this.dir, `${name}.log`), 'utf8') });
    return exitCode;
  }
}

describe('tier 2: the wildcard record appears in a real DNS server', () => {
  if (skipReason) return reportSkipped('tier2', skipReason);
  const work = tempDir('cg-tier2-');
  let fixture: Fixture;
  let bind: Bind9;
  let externalDns: ExternalDnsProcess | undefined;
  let cleanup: CleanupJobRunner | undefined;
  let stackDir = '';
  let ingressAddress = '';
  const proved: { [step: string]: boolean } = {};

  beforeAll(async () => {
    fixture = await Fixture.start(path.join(work, 'fixture'), ['dns-host'], { heldJobs: [CLEANUP_RELEASE] });
    bind = await Bind9.start(path.join(work, 'bind'), ZONE);
  }, 300_000);

  afterAll(async () => {
    externalDns?.stop();
    cleanup?.stop();
    await fixture?.stop();
    await bind?.stop();
    record({ tier: 'tier2', name: 'rfc2136', ok: proved.appeared === true && proved.removed === true, detail: proved });
  }, 60_000);

  test('ExternalDNS, run as the chart configures it, publishes the wildcard record at the ingress address', async () => {
    const h = fixture.host('dns-host');
    // As users do: the TSIG secret lives in a Secret they create, never in the stack.
    h.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'external-dns' } });
    h.apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'rfc2136-tsig', namespace: 'external-dns' }, stringData: { secret: bind.secret } });
    const synth = synthPlatform('dns-platform', (app) => {
      const stack = new TerraformStack(app, 'dns-platform');
      const g = new ClusterGroup(stack, 'apps', {
        hosts: [{ host: host(stack, 'dns-host'), dnsPattern: PATTERN }],
        dns: WildcardDns.externalDns({
          provider: 'rfc2136',
          extraArgs: [`--rfc2136-host=127.0.0.1`, `--rfc2136-port=${bind.port}`, `--rfc2136-zone=${ZONE}`, `--rfc2136-tsig-keyname=${TSIG_KEY}`, '--rfc2136-tsig-secret-alg=hmac-sha256', '--rfc2136-tsig-axfr'],
          credentials: [{ name: 'EXTERNAL_DNS_RFC2136_TSIG_SECRET', secretName: 'rfc2136-tsig', secretKey: 'secret' }],
        }),
      });
      g.addVirtualCluster('web', { cpu: 1, memory: '2Gi' });
    }, chartDirectory(), path.join(work, 'lock.json'));
    stackDir = prepareStack(synth, 'dns-platform', work).dir;
    await tofuOkAsync(fixture, stackDir, ['init', '-input=false', '-no-color']);
    await tofuOkAsync(fixture, stackDir, ['apply', '-input=false', '-no-color', '-auto-approve']);

    ingressAddress = h.json(['get', 'service', 'ingress-nginx-controller', '-n', 'ingress-nginx']).status.loadBalancer.ingress[0].ip;
    externalDns = await ExternalDnsProcess.start(h, work);
    process.stderr.write(`engine: tier 2: ExternalDNS v0.21.0 (the appVersion of chart 1.21.1) runs with: ${externalDns.args.join(' ')}\n`);
    try {
      await until(`the record for ${PATTERN}`, 90_000, () => (bind.query('payments.apps.example.com', 'A') === ingressAddress ? true : undefined));
    } catch (e) {
      throw new Error(`${(e as Error).message}\nexternal-dns:\n${externalDns.log()}\nnamed:\n${bind.log()}`);
    }
    expect(bind.query('web.apps.example.com', 'A')).toBe(ingressAddress);
    expect(bind.query('apps.example.com', 'A')).toBe('');
    proved.appeared = true;
  }, 1_200_000);

  test('destroy deletes the record (the cleanup hook runs ExternalDNS once, between the controller and ExternalDNS) and leaves nothing of ours', async () => {
    const h = fixture.host('dns-host');
    cleanup = new CleanupJobRunner(h, work);
    const destroy = await tofuOkAsync(fixture, stackDir, ['destroy', '-input=false', '-no-color', '-auto-approve']);
    const order = destroy.split('\n').filter((l) => /helm_release.*(Destroying|Destruction complete)/.test(l)).join('\n');
    process.stderr.write(`engine: tier 2: destroy order\n${order}\n`);
    // No waiting: the hook ran before ExternalDNS was uninstalled, so the record is gone by now.
    expect(bind.query('payments.apps.example.com', 'A')).toBe('');
    expect(bind.query('web.apps.example.com', 'A')).toBe('');
    expect(cleanup.runs.map((r) => r.exitCode)).toEqual([0]);
    // The Job mirrors the Deployment the real chart rendered, flag for flag.
    expect(cleanup.runs[0].args).toEqual([...externalDns!.chartArgs, '--once']);
    const removedBy = /Removing RR: \*\.apps\.example\.com/.test(cleanup.runs[0].log) ? 'the cleanup Job' : 'the ExternalDNS Deployment, before the cleanup Job ran';
    process.stderr.write(`engine: tier 2: the wildcard record was removed on destroy by ${removedBy}\n`);
    proved.removed = true;
    expect(h.json(['get', 'namespaces', '-l', 'app.kubernetes.io/managed-by=cdktf-cluster-groups']).items).toEqual([]);
    expect(h.json(['get', 'secrets', '-A', '-l', 'owner=helm']).items).toEqual([]);
    expect(h.json(['get', 'jobs', '-n', NAMESPACE]).items).toEqual([]);
  }, 1_200_000);
});
