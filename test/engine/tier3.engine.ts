// Tier 3: each example platform is applied with the built tofu to real API servers (one per host,
// see cluster.ts for what stands in for nodes, storage, webhooks and load balancers), with the
// real charts from ../shared/upstream through a ChartSource directory; then checked with
// kubectl, re-planned, upgraded, interrupted and destroyed.
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { POOLS_CHART_NAME } from '../../src/addons/metallb';
import { UpgradePlanner } from '../../src/upgrade/planner';
import { EdgeSite } from '../../examples/edge-site/platform';
import { IngressPlatform } from '../../examples/ingress-platform/platform';
import { LoadBalancerPlatform } from '../../examples/load-balancer-platform/platform';
import { tempDir } from '../helpers';
import { planChanges, runTofu, synthPlatform, tofuOkAsync } from './apply';
import { Fixture, HostFixture } from './cluster';
import { chartDirectory, prepareStack } from './harness';
import { apiServerSkipReason, record, reportSkipped } from './results';

interface Platform {
  readonly name: string;
  readonly hosts: string[];
  readonly build: (app: App, chartVersion?: string) => void;
  readonly upgrade?: { from: string; to: string };
  /** Variables the platform asks for at apply time. */
  readonly env?: NodeJS.ProcessEnv;
  /** Also interrupt an apply of this platform midway, as a cancelled CI job does. */
  readonly interrupt?: boolean;
}

const PLATFORMS: Platform[] = [
  {
    name: 'load-balancer-platform',
    hosts: ['rack1'],
    build: (app, chartVersion) => new LoadBalancerPlatform(app, 'load-balancer-platform', { chartVersion }),
    upgrade: { from: '0.35.3', to: '0.36.1' },
  },
  { name: 'ingress-platform', hosts: ['east', 'west'], build: (app) => new IngressPlatform(app, 'ingress-platform') },
  // The TSIG secret only configures the dns provider, which is taken out of the copy (it cannot
  // be built here); tier 2 proves the wildcard record with ExternalDNS instead.
  { name: 'edge-site', hosts: ['store-042'], build: (app) => new EdgeSite(app, 'edge-site'), env: { TF_VAR_tsig_secret: 'unused-by-the-copy' }, interrupt: true },
];

interface VclusterRelease {
  readonly name: string;
  readonly namespace: string;
  readonly host: string;
  readonly values: any;
}

/** The vCluster releases of a synthesized stack, with the namespace and host they go to. */
function vclusters(stackDir: string): VclusterRelease[] {
  const json = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
  const namespaces = json.resource.kubernetes_namespace_v1 ?? {};
  return Object.values<any>(json.resource.helm_release)
    .filter((r) => /vcluster/.test(r.chart))
    .map((r) => {
      const ref = /^\$\{kubernetes_namespace_v1\.([^.]+)\.metadata\[0\]\.name\}$/.exec(r.namespace);
      return { name: r.name, namespace: ref ? namespaces[ref[1]].metadata.name : r.namespace, host: r.provider.replace(/^helm\./, ''), values: JSON.parse(r.values[0]) };
    });
}

/** What users rely on, checked on the host's API server. */
function checkVirtualCluster(h: HostFixture, vc: VclusterRelease): void {
  const ns = vc.namespace;
  expect(h.json(['get', 'namespace', ns]).metadata.labels['app.kubernetes.io/managed-by']).toBe('cdktf-cluster-groups');
  const sts = h.json(['get', 'statefulset', vc.name, '-n', ns]);
  expect(sts.status.readyReplicas).toBe(1);
  const image = sts.spec.template.spec.containers.map((c: any) => c.image).join(' ') + (sts.spec.template.spec.initContainers ?? []).map((c: any) => c.image).join(' ');
  expect(image).toContain(vc.values.controlPlane.distro.k8s.version);
  expect(h.json(['get', 'pvc', '-n', ns]).items.every((p: any) => p.status.phase === 'Bound')).toBe(true);
  const svc = h.json(['get', 'service', vc.name, '-n', ns]);
  const quota = h.json(['get', 'resourcequota', '-n', ns]).items;
  expect(quota).toHaveLength(1);
  const asked = vc.values.policies.resourceQuota.quota;
  for (const key of ['requests.cpu', 'limits.cpu', 'requests.memory', 'limits.memory', 'requests.storage']) {
    expect(quota[0].spec.hard[key]).toBe(String(asked[key]));
  }
  expect(h.json(['get', 'limitrange', '-n', ns]).items).toHaveLength(1);
  // Room for a workload beside the control plane: a pod with the LimitRange's defaults, as vCluster
  // would sync one, passes the quota (a server-side dry run runs the admission plugins).
  h.kubectl(['run', 'quota-probe', '-n', ns, '--image=example.com/probe:1', '--restart=Never', '--dry-run=server']);
  // vCluster reads its configuration, exportKubeConfig included, from this Secret.
  const config = h.json(['get', 'secret', `vc-config-${vc.name}`, '-n', ns]);
  const yaml = Buffer.from(config.data['config.yaml'], 'base64').toString();
  const ingress = vc.values.controlPlane.ingress;
  if (ingress) {
    expect(svc.spec.type).toBe('ClusterIP');
    const ing = h.json(['get', 'ingress', '-n', ns]).items;
    expect(ing).toHaveLength(1);
    expect(ing[0].spec.ingressClassName).toBe(ingress.spec.ingressClassName);
    expect(ing[0].spec.rules[0].host).toBe(ingress.host);
    expect(ing[0].metadata.annotations).toMatchObject({ 'nginx.ingress.kubernetes.io/ssl-passthrough': 'true', 'nginx.ingress.kubernetes.io/backend-protocol': 'HTTPS' });
    expect(yaml).toContain(`server: ${vc.values.exportKubeConfig.server}`);
  } else {
    expect(svc.spec.type).toBe('LoadBalancer');
    expect(svc.status.loadBalancer.ingress[0].ip).toBeTruthy();
  }
}

function checkAddons(h: HostFixture, stackDir: string): void {
  const json = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
  const releases = Object.values<any>(json.resource.helm_release).filter((r) => r.provider === `helm.${h.name}`);
  if (releases.some((r) => r.name === 'ingress-nginx')) {
    const d = h.json(['get', 'deployment', 'ingress-nginx-controller', '-n', 'ingress-nginx']);
    expect(d.status.readyReplicas).toBeGreaterThanOrEqual(1);
    expect(d.spec.template.spec.containers[0].args).toContain('--enable-ssl-passthrough=true');
  }
  const pools = releases.find((r) => r.name === POOLS_CHART_NAME);
  if (releases.some((r) => r.name === 'metallb')) {
    expect(h.json(['get', 'deployment', 'metallb-controller', '-n', 'metallb-system']).status.readyReplicas).toBe(1);
    const declared = fs.readFileSync(path.join(stackDir, pools.chart, 'templates', fs.readdirSync(path.join(stackDir, pools.chart, 'templates'))[0]), 'utf8');
    const live = h.json(['get', 'ipaddresspools.metallb.io', '-n', 'metallb-system']).items;
    expect(live.length).toBeGreaterThan(0);
    for (const p of live) for (const a of p.spec.addresses) expect(declared).toContain(a);
    expect(h.json(['get', 'l2advertisements.metallb.io', '-n', 'metallb-system']).items.length).toBeGreaterThan(0);
  }
}

/** Objects of ours left on a host: namespaces we labelled and Helm release records. */
function leftovers(h: HostFixture): string[] {
  const ns = h.json(['get', 'namespaces', '-l', 'app.kubernetes.io/managed-by=cdktf-cluster-groups']).items.map((n: any) => `namespace/${n.metadata.name}`);
  const helm = h.json(['get', 'secrets', '-A', '-l', 'owner=helm']).items.map((s: any) => `${s.metadata.namespace}/secret/${s.metadata.name}`);
  return [...ns, ...helm];
}

const skipReason = apiServerSkipReason();

describe('tier 3: the example platforms on real API servers with the real charts', () => {
  if (skipReason) return reportSkipped('tier3', skipReason);
  const charts = chartDirectory();

  describe.each(PLATFORMS)('$name', (platform) => {
    let fixture: Fixture;
    const work = tempDir(`cg-tier3-${platform.name}-`);
    const lockFile = path.join(work, 'cluster-groups.lock.json');
    const proved: { [step: string]: boolean } = {};
    let stackDir = '';

    beforeAll(async () => {
      fixture = await Fixture.start(path.join(work, 'fixture'), platform.hosts);
      fixture.env = platform.env ?? {};
    }, 300_000);

    afterAll(async () => {
      await fixture?.stop();
      record({ tier: 'tier3', name: platform.name, ok: ['applied', 'replannedClean', 'destroyedClean'].every((k) => proved[k]) && (!platform.upgrade || proved.upgradedInPlace === true) && (!platform.interrupt || proved.interruptedConverged === true), detail: proved });
    }, 60_000);

    test('applies with every release ready, and kubectl sees what users rely on', async () => {
      const synth = synthPlatform(platform.name, (app) => platform.build(app, platform.upgrade?.from), charts, lockFile);
      stackDir = prepareStack(synth, platform.name, work).dir;
      await tofuOkAsync(fixture, stackDir, ['init', '-input=false', '-no-color']);
      await tofuOkAsync(fixture, stackDir, ['apply', '-input=false', '-no-color', '-auto-approve']);
      const vcs = vclusters(stackDir);
      expect(vcs.length).toBeGreaterThan(0);
      for (const h of platform.hosts) checkAddons(fixture.host(h), stackDir);
      for (const vc of vcs) checkVirtualCluster(fixture.host(vc.host), vc);
      proved.applied = true;
    }, 1_200_000);

    test('plans no changes right after apply', async () => {
      expect(await planChanges(fixture, stackDir)).toEqual([]);
      proved.replannedClean = true;
    }, 600_000);

    if (platform.upgrade) {
      test('upgrades along the planner\'s path in place: no virtual cluster is destroyed', async () => {
        const { from, to } = platform.upgrade!;
        const plan = UpgradePlanner.plan(from, to);
        expect(plan.problems).toEqual([]);
        for (const step of plan.steps) {
          const before = vclusters(stackDir).map((vc) => fixture.host(vc.host).json(['get', 'statefulset', vc.name, '-n', vc.namespace]).metadata.uid);
          const synth = synthPlatform(platform.name, (app) => platform.build(app, step.to), charts, lockFile);
          prepareStack(synth, platform.name, work);
          const changes = await planChanges(fixture, stackDir);
          // Only the vCluster releases change, each in place (an update, never a delete).
          const releases = Object.entries<any>(JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')).resource.helm_release)
            .filter(([, r]) => /vcluster/.test(r.chart)).map(([id]) => `helm_release.${id}`).sort();
          expect(changes.map((c) => `${c.actions.join('+')} ${c.address}`).sort()).toEqual(releases.map((a) => `update ${a}`));
          await tofuOkAsync(fixture, stackDir, ['apply', '-input=false', '-no-color', '-auto-approve']);
          const after = vclusters(stackDir).map((vc) => fixture.host(vc.host).json(['get', 'statefulset', vc.name, '-n', vc.namespace]).metadata.uid);
          expect(after).toEqual(before);
          for (const vc of vclusters(stackDir)) {
            const release = fixture.host(vc.host).json(['get', 'secrets', '-n', vc.namespace, '-l', `owner=helm,name=${vc.name},status=deployed`]).items;
            expect(release).toHaveLength(1);
            expect(release[0].metadata.labels.version).toBe('2');
            checkVirtualCluster(fixture.host(vc.host), vc);
          }
        }
        expect(await planChanges(fixture, stackDir)).toEqual([]);
        proved.upgradedInPlace = true;
      }, 1_200_000);
    }

    if (platform.interrupt) {
      test('an apply interrupted midway (SIGINT) converges on the next apply: nothing duplicated, no release left pending', async () => {
        await tofuOkAsync(fixture, stackDir, ['destroy', '-input=false', '-no-color', '-auto-approve']);
        const vcs = vclusters(stackDir);
        let sent = false;
        const first = await runTofu(fixture, stackDir, ['apply', '-input=false', '-no-color', '-auto-approve'], (out, child) => {
          // Once the first virtual cluster's release is being installed: add-ons done, releases in flight.
          if (!sent && vcs.some((vc) => new RegExp(`helm_release\\.[^:]*${vc.name}[^:]*: Creating`).test(out))) {
            sent = true;
            child.kill('SIGINT');
          }
        });
        expect(sent).toBe(true);
        expect(first.code).not.toBe(0);
        process.stderr.write(`engine: ${platform.name}: apply interrupted with SIGINT, exit ${first.code ?? first.signal}; last lines:\n${first.output.trim().split('\n').slice(-6).join('\n')}\n`);
        await tofuOkAsync(fixture, stackDir, ['apply', '-input=false', '-no-color', '-auto-approve']);
        for (const h of platform.hosts) {
          const records = fixture.host(h).json(['get', 'secrets', '-A', '-l', 'owner=helm']).items.map((x: any) => x.metadata.labels);
          expect(records.filter((l: any) => l.status !== 'deployed' && l.status !== 'superseded')).toEqual([]);
          const deployed = records.filter((l: any) => l.status === 'deployed').map((l: any) => l.name).sort();
          expect(deployed).toEqual([...new Set(deployed)]);
        }
        for (const vc of vcs) checkVirtualCluster(fixture.host(vc.host), vc);
        expect(await planChanges(fixture, stackDir)).toEqual([]);
        proved.interruptedConverged = true;
      }, 1_800_000);
    }

    test('destroy leaves no object of ours behind', async () => {
      await tofuOkAsync(fixture, stackDir, ['destroy', '-input=false', '-no-color', '-auto-approve']);
      for (const h of platform.hosts) {
        const left = leftovers(fixture.host(h));
        expect(left).toEqual([]);
      }
      proved.destroyedClean = true;
    }, 1_200_000);
  });
});
