// Tier 2: the wildcard record the library promises really appears, and goes when the platform
// goes. A platform whose ExternalDNS uses the rfc2136 provider is applied to a real API server
// (as in tier 3); the built ExternalDNS runs as a process with exactly the arguments and
// environment the real chart rendered into its Deployment, against BIND9 on loopback, and lives
// exactly as long as that Deployment does (the pod it stands in for cannot run on a fake node).
import { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { TerraformStack } from 'cdktf';
import { ClusterGroup, WildcardDns } from '../../src';
import { host, tempDir } from '../helpers';
import { synthPlatform, tofuOkAsync } from './apply';
import { freePort, Fixture, HostFixture } from './cluster';
import { Bind9, TSIG_KEY } from './dns';
import { chartDirectory, engine, prepareStack, startServer, until } from './harness';
import { apiServerSkipReason, record, reportSkipped } from './results';

const ZONE = 'example.com';
const PATTERN = '*.apps.example.com';
const skipReason = apiServerSkipReason() ?? Bind9.available();

/** The ExternalDNS pod, as a process: started from the Deployment's spec, stopped when it goes. */
class ExternalDnsProcess {
  public static async start(h: HostFixture, dir: string): Promise<ExternalDnsProcess> {
    const deployment = h.json(['get', 'deployment', 'external-dns', '-n', 'external-dns']);
    const container = deployment.spec.template.spec.containers[0];
    const env: NodeJS.ProcessEnv = {};
    for (const e of container.env ?? []) {
      const ref = e.valueFrom?.secretKeyRef;
      env[e.name] = ref ? Buffer.from(h.json(['get', 'secret', ref.name, '-n', 'external-dns']).data[ref.key], 'base64').toString() : e.value;
    }
    // Only what a pod gets from its cluster differs: the API server, and a loopback metrics port.
    const args = [...container.args, `--kubeconfig=${h.kubeconfig}`, `--metrics-address=127.0.0.1:${await freePort()}`];
    const child = startServer(dir, 'external-dns', engine('external-dns'), args, { PATH: process.env.PATH, ...env });
    return new ExternalDnsProcess(h, child, args, path.join(dir, 'external-dns.log'));
  }

  private readonly watch: NodeJS.Timeout;

  private constructor(h: HostFixture, private readonly child: ChildProcess, public readonly args: string[], private readonly logFile: string) {
    this.watch = setInterval(() => {
      let names: string;
      try {
        names = h.kubectl(['get', 'deployments', '-n', 'external-dns', '-o', 'name']);
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
    if (this.running) this.child.kill('SIGTERM');
  }
}

describe('tier 2: the wildcard record appears in a real DNS server', () => {
  if (skipReason) return reportSkipped('tier2', skipReason);
  const work = tempDir('cg-tier2-');
  let fixture: Fixture;
  let bind: Bind9;
  let externalDns: ExternalDnsProcess | undefined;
  let stackDir = '';
  let ingressAddress = '';
  const proved: { [step: string]: boolean } = {};

  beforeAll(async () => {
    fixture = await Fixture.start(path.join(work, 'fixture'), ['dns-host']);
    bind = await Bind9.start(path.join(work, 'bind'), ZONE);
  }, 300_000);

  afterAll(async () => {
    externalDns?.stop();
    await fixture?.stop();
    await bind?.stop();
    record({ tier: 'tier2', name: 'rfc2136', ok: proved.appeared === true, detail: proved });
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

  // KNOWN GAP: destroy removes the controller, then ExternalDNS at once (here in 0 s, since fake
  // pods stop instantly), often inside ExternalDNS's 5 s minimum between event-driven syncs. So
  // whether the record goes is a race: it is reported (and in the summary line), not asserted.
  test('destroy succeeds and leaves nothing of ours; whether the record goes is reported (known gap)', async () => {
    const destroy = await tofuOkAsync(fixture, stackDir, ['destroy', '-input=false', '-no-color', '-auto-approve']);
    const h = fixture.host('dns-host');
    expect(h.json(['get', 'namespaces', '-l', 'app.kubernetes.io/managed-by=cdktf-cluster-groups']).items).toEqual([]);
    expect(h.json(['get', 'secrets', '-A', '-l', 'owner=helm']).items).toEqual([]);
    proved.removed = await until('the record to go', 20_000, () => (bind.query('payments.apps.example.com', 'A') === '' ? true : undefined)).catch(() => false);
    const order = destroy.split('\n').filter((l) => /helm_release.*(Destroying|Destruction complete)/.test(l)).join('\n');
    process.stderr.write(`\n*** engine tier 2: after destroy the wildcard record ${proved.removed ? 'is gone (this run; not guaranteed)' : 'is STILL served (known gap)'} ***\n${order}\n\n`);
  }, 1_200_000);
});
