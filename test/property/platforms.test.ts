// Randomized platforms, written against the public API as users write them, right and wrong
// (typed and untyped): synth either succeeds with values every chart schema accepts, or fails
// with rule and input errors only. Never a crash, never a half-written result.
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import fc from 'fast-check';
import { ChartSource, ClusterGroup, EdgeClusterGroup, EndpointType, HostCluster, HostClusterKind, IngressController, LOCK_FILE_CONTEXT, LOCK_MODE_CONTEXT, Quotas, WildcardDns } from '../../src';
import { parseBytes } from '../../src/model/quantity';
import { helmSchemaCheck } from '../charts/helm-schema';
import { chartDirectory } from '../engine/harness';
import { host, tempDir, UPSTREAM } from '../helpers';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 150);

/**
 * One prop's values: those a user gets right, and, for the "anything" platforms, those a user
 * gets wrong as well. A platform is drawn either all right or anything, so that both outcomes
 * come up often: with twenty props, a platform drawn at random from both is almost never right.
 */
function prop<T>(good: T[], bad: T[]): (anything: boolean) => fc.Arbitrary<T> {
  return (anything) => fc.constantFrom(...(anything ? [...good, ...bad] : good));
}

const cpu = prop<any>([2, 0.5, 1, undefined], [0, -2, 0.0001, 1e300, NaN, '2', 16]);
const memory = prop<any>(['4Gi', '512Mi', '1Gi', undefined], ['1e300', '0', '-1Gi', '4 GB', 5, '64Gi']);
const hostCpu = prop<any>([16, 64], [0, 0.0001, 1e12, NaN]);
const hostQuantity = prop<any>(['64Gi', '500Gi'], ['0', '1e300', '4 GB']);
const name = prop<any>(['team-a', 'team-b', 'b', undefined], ['Bad_Name', 'x'.repeat(60), '']);
const namespace = prop<any>([undefined, 'own'], ['shared-ns', 'kube-system', 'ingress-nginx', 'metallb-system', 'Bad NS']);
const pattern = prop<any>(['right'], ['*.example.com', '*.b.h0.example.com', 'a.example.com', '*.x', undefined]);
const addresses = prop<any>([['192.168.10.0/28'], ['192.168.10.1 - 192.168.10.9']], [[' 192.168.10.0/28'], ['192.168.010.0/28'], [], ['fd00::/120'], ['192.168.10.0/31']]);
const rawValues = prop<any>(
  [undefined, { sync: { fromHost: { nodes: { enabled: true } } } }, { policies: { resourceQuota: { quota: { pods: 20 } } } }],
  [
    { controlPlane: { distro: { k8s: { version: null } } } },
    { controlPlane: { distro: { k3s: { enabled: true } } } },
    { policies: { resourceQuota: { enabled: false } } },
    { controlPlnae: {} },
    { sync: { toHost: { ingresses: { enabled: 'yes' } } } },
    { controlPlane: { service: { spec: { type: 'NodePort' } } } },
    { policies: null },
  ],
);
const ingressController = prop<() => any>(
  [() => undefined, () => IngressController.nginx(), () => IngressController.existing({ className: 'haproxy', sslPassthrough: true }), () => IngressController.gatewayTlsRoute({ gatewayName: 'gw', gatewayNamespace: 'infra' })],
  [
    () => IngressController.nginx({ className: 'My_Class' }),
    () => IngressController.existing({ className: 'haproxy', sslPassthrough: false }),
    () => IngressController.gatewayTlsRoute({ gatewayName: '', gatewayNamespace: 'infra', sectionName: '' }),
    () => IngressController.existing({ className: 'x' } as any),
  ],
);
const dns = prop<() => any>(
  [() => undefined, () => WildcardDns.manual(), () => WildcardDns.externalDns({ provider: 'aws' })],
  [() => WildcardDns.externalDns({ provider: '' }), () => WildcardDns.externalDns({ provider: 'aws', values: { policy: 'delete-all' } })],
);
const metallbValues = prop<any>([undefined, { controller: { logLevel: 'info' } }], [{ speaker: { frr: { enabled: 'no' } } }]);

const hostSpec = (any: boolean) => fc.record({
  name: prop<any>([undefined], ['a', 'A'])(any),
  kind: prop<any>([HostClusterKind.CLOUD, HostClusterKind.DATA_CENTER], [HostClusterKind.EDGE, 'moon'])(any),
  endpointTypes: prop<any>([[EndpointType.INGRESS, EndpointType.LOAD_BALANCER]], [[EndpointType.INGRESS], [EndpointType.LOAD_BALANCER], ['bogus']])(any),
  capacity: fc.record({ cpu: hostCpu(any), memory: hostQuantity(any), storage: hostQuantity(any) }),
  sharesProviders: prop([false], [true])(any),
  isVirtualCluster: prop([false], [true])(any),
});
const memberSpec = (any: boolean) => fc.record({
  host: fc.nat(3),
  dnsPattern: pattern(any),
  metallb: fc.option(fc.record({ addresses: addresses(any), values: metallbValues(any) }), { nil: undefined }),
  ingressAddress: prop<any>([undefined], ['192.168.10.1', '192.168.10.200', 'not-an-ip'])(any),
  ingressController: ingressController(any),
});
const vcSpec = (any: boolean) => fc.record({
  clusterName: name(any),
  cpu: cpu(any),
  memory: memory(any),
  storage: prop<any>(['5Gi', '1Gi', undefined], ['20Gi'])(any),
  namespace: namespace(any),
  owner: prop<any>(['alice', 'bob'], [undefined, ''])(any),
  values: rawValues(any),
  typo: prop([false], [true])(any),
});
const groupSpec = (any: boolean) => fc.record({
  edge: prop([false], [true])(any),
  endpointType: prop<any>([EndpointType.INGRESS, EndpointType.LOAD_BALANCER, undefined], ['bogus'])(any),
  members: fc.array(memberSpec(any), { minLength: any ? 0 : 1, maxLength: 3 }),
  groupName: prop<any>([undefined, 'dev'], ['Dev'])(any),
  chartVersion: prop<any>([undefined, '0.36.1', '0.35.3'], ['9.9.9'])(any),
  kubernetesVersion: prop<any>([undefined], ['v1.36.0', 'v1.30.0', '1.35'])(any),
  maxCpu: prop<any>([undefined, 4], [0, 1e300])(any),
  oversubscriptionPercent: prop<any>([undefined, 150], [90, 1e308])(any),
  quotas: prop<any>([undefined], [Quotas.paletteManagedGroup(), { perUser: { virtualClusters: 1.5 } }, { perProject: { cpu: 1 } }])(any),
  ingressController: ingressController(any),
  dns: dns(any),
  values: rawValues(any),
  // Names a right platform does not repeat.
  virtualClusters: any ? fc.array(vcSpec(any), { maxLength: 4 }) : fc.uniqueArray(vcSpec(any), { maxLength: 4, selector: (v) => v.clusterName }),
});
const platformSpec = fc.boolean().chain((any) =>
  fc.record({ any: fc.constant(any), hosts: fc.array(hostSpec(any), { minLength: 1, maxLength: 3 }), groups: fc.array(groupSpec(any), { minLength: 1, maxLength: any ? 2 : 1 }), localCharts: fc.boolean() }),
);

type Outcome = { kind: 'synth'; stacks: any[] } | { kind: 'errors'; lines: string[] };

let charts: string | undefined;

/** Builds the platform as a user program would, then synthesizes it with the rules on. */
function synthesize(spec: any): Outcome {
  const app = Testing.app({ context: { [LOCK_FILE_CONTEXT]: path.join(tempDir('cg-prop-'), 'lock.json'), [LOCK_MODE_CONTEXT]: 'update' } });
  const stack = new TerraformStack(app, 'platform');
  // Building throws nothing, whatever the input: every mistake is reported at synth.
  build(app, stack, spec);
  try {
    return { kind: 'synth', stacks: [JSON.parse(Testing.synth(stack, true))] };
  } catch (e) {
    const lines = (e as Error).message.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('Validation failed') && !l.startsWith('If you wish to ignore'));
    return { kind: 'errors', lines };
  }
}

function build(app: App, stack: TerraformStack, spec: any): void {
  if (spec.localCharts) ChartSource.applyTo(app, { all: ChartSource.directory((charts ??= chartDirectory())) });
  const hosts: HostCluster[] = [];
  spec.hosts.forEach((h: any, i: number) => {
    const props = { kind: h.kind, endpointTypes: h.endpointTypes, capacity: h.capacity, isVirtualCluster: h.isVirtualCluster, clusterName: h.name };
    // The same cluster described twice: a second HostCluster on the first one's providers.
    const first = hosts[0];
    hosts.push(h.sharesProviders && first ? new HostCluster(stack, `host${i}`, { ...props, kubernetesProvider: first.kubernetesProvider, helmProvider: first.helmProvider }) : host(stack, `host${i}`, props));
  });
  spec.groups.forEach((g: any, j: number) => {
    const Group = g.edge ? EdgeClusterGroup : ClusterGroup;
    const group = new Group(stack, `group${j}`, {
      // A right platform lists each host once.
      hosts: (spec.any ? g.members : g.members.slice(0, hosts.length)).map((m: any, i: number) => ({
        host: hosts[(spec.any ? m.host : i) % hosts.length],
        // One pattern per host, unless the draw was one of the wrong ones.
        dnsPattern: m.dnsPattern === 'right' ? `*.h${(spec.any ? m.host : i) % hosts.length}.g${j}.example.com` : m.dnsPattern,
        metallb: m.metallb && { addressPools: [{ name: 'pool', addresses: m.metallb.addresses }], values: m.metallb.values },
        ingressAddress: m.ingressAddress,
        ingressController: m.ingressController(),
      })),
      groupName: g.groupName === undefined ? undefined : `${g.groupName}${j}`,
      endpointType: g.endpointType,
      chartVersion: g.chartVersion,
      kubernetesVersion: g.kubernetesVersion,
      maxCpu: g.maxCpu,
      oversubscriptionPercent: g.oversubscriptionPercent,
      quotas: g.quotas,
      ingressController: g.ingressController(),
      dns: g.dns(),
      values: { extraValues: g.values },
    });
    g.virtualClusters.forEach((vc: any, k: number) => {
      const { typo, values, ...named } = vc;
      const props = { ...named, namespace: named.namespace === 'own' ? `own-${j}-${k}` : named.namespace };
      // An untyped caller's slip: the values given one level too high.
      const options = typo ? { ...props, extraValues: values } : { ...props, values: { extraValues: values } };
      group.addVirtualCluster(`vc${k}`, options);
    });
  });
}

/** The upstream chart a release installs, by its chart name and version. */
function upstreamChart(chart: string, version: string): string | undefined {
  if (chart === 'vcluster') return path.join(UPSTREAM, 'vcluster', `v${version}`, 'chart');
  if (chart === 'metallb') return path.join(UPSTREAM, 'metallb', `v${version}`, 'chart');
  if (chart === 'external-dns') return path.join(UPSTREAM, 'external-dns', version, 'chart');
  return undefined;
}

let checkedReleases = 0;

/** What is wrong with a synthesized stack: schema errors, and quantities Kubernetes cannot parse. */
function outputProblems(stack: any): string[] {
  const out: string[] = [];
  for (const [id, r] of Object.entries<any>(stack.resource?.helm_release ?? {})) {
    const chart = path.basename(String(r.chart)).replace(/-\d+\.\d+\.\d+(\.tgz)?$/, '');
    const values = JSON.parse(r.values?.[0] ?? '{}');
    const dir = upstreamChart(chart === 'chart' ? 'vcluster' : chart, r.version);
    const check = dir && helmSchemaCheck(dir);
    if (check) checkedReleases++;
    if (check && !check(values)) out.push(`${id}: ${JSON.stringify(check.errors)}`);
    if (chart === 'vcluster') {
      const q = { ...values.policies?.resourceQuota?.quota, ...values.policies?.limitRange?.max };
      for (const [k, v] of Object.entries(q)) if (typeof v === 'string' && (parseBytes(v) === undefined || /e/i.test(v))) out.push(`${id}: ${k} = ${v}`);
    }
  }
  return out;
}

describe('randomized platforms', () => {
  test(`synth succeeds with schema-valid output or fails with rule and input errors only, never a crash (${RUNS} platforms)`, () => {
    const seen = { synth: 0, errors: 0 };
    fc.assert(
      fc.property(platformSpec, (spec) => {
        const outcome = synthesize(spec);
        seen[outcome.kind]++;
        if (outcome.kind === 'synth') {
          expect(outcome.stacks.flatMap(outputProblems)).toEqual([]);
        } else {
          expect(outcome.lines.length).toBeGreaterThan(0);
          expect(outcome.lines.filter((l) => !/^(\[platform\] )?\[(CG\d+|input)\] /.test(l))).toEqual([]);
        }
      }),
      { numRuns: RUNS },
    );
    // Both outcomes must be exercised, or the generators have drifted.
    expect(seen.synth).toBeGreaterThan(0);
    expect(seen.errors).toBeGreaterThan(0);
    // And the schemas really were consulted.
    expect(checkedReleases).toBeGreaterThan(seen.synth);
  });
});
