import { Release } from '@cdktf/provider-helm/lib/release';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { TerraformOutput, Testing } from 'cdktf';
import { Construct } from 'constructs';
import * as v8 from 'v8';
import { ClusterGroup, EndpointType, IClusterGroup, IngressController, VirtualCluster } from '../src';
import { errorOf, host, releaseValues, synthJson, testStack } from './helpers';

describe('VirtualCluster', () => {
  test('installs the group chart version in its own namespace on its host', () => {
    // Given an ingress group on one host
    const stack = testStack();
    const east = host(stack, 'east');
    const group = new ClusterGroup(stack, 'dev', { hosts: [{ host: east, dnsPattern: '*.east.example.com' }] });
    // When a virtual cluster is added
    const vc = group.addVirtualCluster('team-a');
    // Then a namespace and a helm release exist on that host's providers
    const out = Testing.synth(stack, true);
    expect(out).toHaveResourceWithProperties(NamespaceV1, { provider: 'kubernetes.east', metadata: expect.objectContaining({ name: 'vcluster-team-a' }) });
    expect(out).toHaveResourceWithProperties(Release, {
      provider: 'helm.east',
      name: 'team-a',
      chart: 'vcluster',
      repository: 'https://charts.loft.sh',
      version: '0.36.1',
      namespace: expect.stringMatching(/^\$\{kubernetes_namespace_v1\.dev_team-a_namespace_\w+\.metadata\[0\]\.name\}$/),
    });
    expect(vc.endpoint).toBe('https://team-a.east.example.com');
    expect(vc.kubeconfig).toEqual({ name: 'vc-team-a', namespace: 'vcluster-team-a', key: 'config' });
    expect(vc.host).toBe(east);
  });

  test('ids computed at run time (`vc${i}`) still give one-byte logical ids, so the synthesized JSON is not twice its size', () => {
    // V8 writes a one-byte string with the tag '"' and a two-byte one with 'c' (after any padding).
    const oneByte = (s: string) => v8.serialize(s).subarray(2).find((b) => b !== 0) === 0x22;
    const stack = testStack();
    const east = host(stack, ['ea', 'st'].join(''));
    const group = new ClusterGroup(stack, ['d', 'ev'].join(''), { hosts: [{ host: east, dnsPattern: '*.east.example.com' }] });
    const vcs = [0, 1, 2].map((i) => group.addVirtualCluster(`vc${i}`, { cpu: 1, memory: '1Gi', storage: '1Gi' }));
    for (const vc of vcs) {
      expect(vc.namespaceResource.friendlyUniqueId).toMatch(/^dev_vc\d_namespace_/);
      expect(oneByte(vc.namespaceResource.friendlyUniqueId)).toBe(true);
      expect(oneByte(vc.release.friendlyUniqueId)).toBe(true);
    }
    expect(oneByte(Testing.synth(stack, true))).toBe(true);
  });

  test('exposes an ingress group member through SSL passthrough at its hostname', () => {
    const stack = testStack();
    const group = new ClusterGroup(stack, 'dev', { hosts: [{ host: host(stack, 'east'), dnsPattern: '*.east.example.com' }], ingressController: IngressController.nginx({ className: 'public' }) });
    group.addVirtualCluster('team-a');
    const values = releaseValues(synthJson(stack), 'team-a');
    expect(values.controlPlane.ingress).toEqual({
      enabled: true,
      host: 'team-a.east.example.com',
      annotations: { 'nginx.ingress.kubernetes.io/ssl-passthrough': 'true', 'nginx.ingress.kubernetes.io/backend-protocol': 'HTTPS' },
      spec: { ingressClassName: 'public' },
    });
    expect(values.controlPlane.proxy.extraSANs).toEqual(['team-a.east.example.com']);
    expect(values.exportKubeConfig.server).toBe('https://team-a.east.example.com');
    expect(values.controlPlane.service).toBeUndefined();
  });

  test('a cluster smaller than the control plane\'s own limits gets them clamped, so its LimitRange and quota admit the control plane', () => {
    const stack = testStack();
    const group = new ClusterGroup(stack, 'g', { hosts: [{ host: host(stack, 'east'), dnsPattern: '*.east.example.com' }] });
    group.addVirtualCluster('small', { cpu: 1, memory: '2Gi' });
    group.addVirtualCluster('tiny', { cpu: 0.1, memory: '200Mi' });
    group.addVirtualCluster('roomy', { cpu: 2, memory: '4Gi' });
    const json = synthJson(stack);
    expect(releaseValues(json, 'small').controlPlane.statefulSet).toEqual({ resources: { limits: { memory: '2Gi' } } });
    expect(releaseValues(json, 'small').policies.limitRange.max).toEqual({ cpu: '1', memory: '2Gi' });
    expect(releaseValues(json, 'tiny').controlPlane.statefulSet).toEqual({ resources: { limits: { memory: '200Mi' }, requests: { memory: '200Mi', cpu: '100m' } } });
    expect(releaseValues(json, 'roomy').controlPlane.statefulSet).toBeUndefined();
  });

  test('a cluster with less storage than the control plane\'s data volume gets the volume clamped, so its quota admits the claim', () => {
    const stack = testStack();
    const group = new ClusterGroup(stack, 'g', { hosts: [{ host: host(stack, 'east'), dnsPattern: '*.east.example.com' }] });
    group.addVirtualCluster('small', { storage: '2Gi' });
    group.addVirtualCluster('exact', { storage: '5Gi' });
    const json = synthJson(stack);
    expect(releaseValues(json, 'small').controlPlane.statefulSet).toEqual({ persistence: { volumeClaim: { size: '2Gi' } } });
    expect(releaseValues(json, 'small').policies.resourceQuota.quota['requests.storage']).toBe('2Gi');
    expect(releaseValues(json, 'exact').controlPlane.statefulSet).toBeUndefined();
  });

  test('reads back what it was given and what its group gave it, own values first', () => {
    const stack = testStack();
    const east = host(stack, 'east');
    const schedule = { sleep: '0 20 * * 1-5', wake: '0 7 * * 1-5', timeZone: 'Europe/Berlin' };
    const group = new ClusterGroup(stack, 'dev', { hosts: [{ host: east, dnsPattern: '*.east.example.com' }], sleepSchedule: schedule });
    const own = group.addVirtualCluster('own', { namespace: 'team-own', paused: true, sleepSchedule: { ...schedule, timeZone: 'UTC' }, serviceAccountKubeconfig: { serviceAccount: 'kube-system/deployer' } });
    const inherited = group.addVirtualCluster('inherited');
    expect(own.namespace).toBe('team-own');
    expect(own.releaseName).toBe('own');
    expect([own.chartVersion, own.kubernetesVersion]).toEqual([group.chartVersion, group.kubernetesVersion]);
    expect(own.hostClusterName).toBe('east');
    expect(own.kubeconfig).toEqual({ name: 'vc-own', namespace: 'team-own', key: 'config' });
    expect(own.serviceAccountKubeconfigSecret).toEqual({ name: 'vc-own-sa', namespace: 'team-own', key: 'config' });
    expect(inherited.serviceAccountKubeconfigSecret).toBeUndefined();
    expect([own.paused, inherited.paused]).toEqual([true, false]);
    expect(own.sleepSchedule).toEqual({ ...schedule, timeZone: 'UTC' });
    expect(inherited.sleepSchedule).toEqual(schedule);
    expect(own.lifecycle?.node.path).toBe('test/dev/own/lifecycle');
    expect(own.movedTo).toBeUndefined();
  });

  test('virtual clusters of one size share its worked-out values, and what one adds or overrides stays its own', () => {
    const stack = testStack();
    const east = host(stack, 'east');
    const size = { cpu: 1, memory: '1Gi', storage: '1Gi' };
    const lb = new ClusterGroup(stack, 'lb', { hosts: [{ host: host(stack, 'west') }], endpointType: EndpointType.LOAD_BALANCER });
    lb.addVirtualCluster('balanced', size);
    const dev = new ClusterGroup(stack, 'dev', { hosts: [{ host: east, dnsPattern: '*.east.example.com' }] });
    dev.addVirtualCluster('tuned', { ...size, values: { extraValues: { policies: { resourceQuota: { quota: { pods: '10' } } }, controlPlane: { statefulSet: { persistence: { volumeClaim: { storageClass: 'fast' } } } } } } });
    dev.addVirtualCluster('paused', { ...size, paused: true });
    dev.addVirtualCluster('plain', size);
    const json = synthJson(stack);
    const quota = (name: string) => releaseValues(json, name).policies.resourceQuota.quota;
    expect(quota('balanced')).toMatchObject({ 'services.loadbalancers': 1, 'services.nodeports': 1 });
    expect(quota('tuned').pods).toBe('10');
    expect(releaseValues(json, 'tuned').controlPlane.statefulSet.persistence.volumeClaim).toEqual({ size: '1Gi', storageClass: 'fast' });
    expect(releaseValues(json, 'paused').controlPlane.statefulSet.highAvailability).toEqual({ replicas: 0 });
    const plain = releaseValues(json, 'plain');
    expect(plain.policies.resourceQuota.quota).toEqual({ 'requests.cpu': '1', 'limits.cpu': '2', 'requests.memory': '1Gi', 'limits.memory': '2Gi', 'requests.storage': '1Gi' });
    expect(plain.controlPlane.statefulSet).toEqual({ resources: { limits: { memory: '1Gi' } }, persistence: { volumeClaim: { size: '1Gi' } } });
  });

  test('exposes a load-balancer group member through its own LoadBalancer Service, which the quota allows', () => {
    const stack = testStack();
    const group = new ClusterGroup(stack, 'lb', { hosts: [{ host: host(stack, 'east') }], endpointType: EndpointType.LOAD_BALANCER });
    const vc = group.addVirtualCluster('team-a');
    new TerraformOutput(stack, 'endpoint', { value: vc.endpoint });
    const json = synthJson(stack);
    const values = releaseValues(json, 'team-a');
    expect(values.controlPlane.service).toEqual({ spec: { type: 'LoadBalancer' } });
    // A LoadBalancer Service also takes a node port: the chart's default quota allows none.
    expect(values.policies.resourceQuota.quota).toMatchObject({ 'services.loadbalancers': 1, 'services.nodeports': 1 });
    expect(values.controlPlane.ingress).toBeUndefined();
    const svc = Object.values(json.data.kubernetes_service_v1)[0] as any;
    expect(svc.metadata).toEqual({ name: 'team-a', namespace: 'vcluster-team-a' });
    expect(svc.depends_on).toEqual([expect.stringMatching(/^helm_release\./)]);
    expect(json.output.endpoint.value).toMatch(/^https:\/\/\$\{coalesce\(data\.kubernetes_service_v1\..*ip, .*hostname\)\}$/);
  });

  test('pins the Kubernetes version and derives quota and limit range from its size (limits may add up to twice the size)', () => {
    const stack = testStack();
    const group = new ClusterGroup(stack, 'dev', { hosts: [{ host: host(stack, 'east'), dnsPattern: '*.e.example.com' }], kubernetesVersion: 'v1.35.0' });
    group.addVirtualCluster('small', { cpu: 0.5, memory: '256Mi', storage: '1Gi' });
    const values = releaseValues(synthJson(stack), 'small');
    expect(values.controlPlane.distro).toEqual({ k8s: { enabled: true, version: 'v1.35.0' } });
    expect(values.policies.resourceQuota).toEqual({
      enabled: true,
      quota: { 'requests.cpu': '500m', 'limits.cpu': '1', 'requests.memory': '256Mi', 'limits.memory': '512Mi', 'requests.storage': '1Gi' },
    });
    // The chart's default container limit (1 CPU, 512Mi) would not fit in this quota: clamped.
    expect(values.policies.limitRange).toEqual({
      enabled: true,
      default: { cpu: '500m', memory: '256Mi' },
      defaultRequest: { cpu: '100m', memory: '128Mi' },
      max: { cpu: '500m', memory: '256Mi' },
    });
  });

  test('applies group values, then its own, raw values last', () => {
    const stack = testStack();
    const group = new ClusterGroup(stack, 'dev', {
      hosts: [{ host: host(stack, 'east'), dnsPattern: '*.e.example.com' }],
      values: { networkPolicy: true, syncIngresses: true, extraValues: { sync: { fromHost: { nodes: { enabled: true } } }, policies: { limitRange: { defaultRequest: null } } } },
    });
    group.addVirtualCluster('x', { values: { syncIngresses: false, extraValues: { controlPlane: { ingress: { annotations: { extra: 'yes' } } } } } });
    const values = releaseValues(synthJson(stack), 'x');
    expect(values.policies.networkPolicy).toEqual({ enabled: true });
    expect(values.sync).toEqual({ toHost: { ingresses: { enabled: false } }, fromHost: { nodes: { enabled: true } } });
    expect(values.policies.limitRange.defaultRequest).toBeNull();
    expect(values.controlPlane.ingress.annotations).toEqual({
      'nginx.ingress.kubernetes.io/ssl-passthrough': 'true',
      'nginx.ingress.kubernetes.io/backend-protocol': 'HTTPS',
      extra: 'yes',
    });
  });

  test('fails if its group is not one of this library\'s (the group places and binds it)', () => {
    const stack = testStack();
    const other = Object.assign(new Construct(stack, 'other'), { groupName: 'other', endpointType: EndpointType.INGRESS, chartVersion: '0.36.1', kubernetesVersion: 'v1.36.0' });
    expect(errorOf(() => new VirtualCluster(stack, 'vc', { group: other as unknown as IClusterGroup }))).toBe(
      '[input] test/vc: group = "test/other": not a ClusterGroup of this library. Fix: pass a ClusterGroup (or EdgeClusterGroup)',
    );
  });

  test('inherits chart and Kubernetes versions from its group', () => {
    const stack = testStack();
    const group = new ClusterGroup(stack, 'dev', { hosts: [{ host: host(stack, 'east'), dnsPattern: '*.e.example.com' }], chartVersion: '0.35.3' });
    const vc = group.addVirtualCluster('x');
    expect([vc.chartVersion, vc.kubernetesVersion]).toEqual(['0.35.3', 'v1.36.0']);
    expect(Testing.synth(stack, true)).toHaveResourceWithProperties(Release, { version: '0.35.3' });
  });
});
