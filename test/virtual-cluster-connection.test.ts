import * as fs from 'fs';
import * as path from 'path';
import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { App, TerraformStack } from 'cdktf';
import { ClusterGroup, EndpointType, VirtualClusterConnection } from '../src';
import { errorOf, host, tempDir, testApp } from './helpers';

function platform(app: App, props: { endpointType?: EndpointType; paused?: boolean; sleep?: boolean } = {}) {
  const stack = new TerraformStack(app, 'platform');
  const lb = props.endpointType === EndpointType.LOAD_BALANCER;
  const g = new ClusterGroup(stack, 'dev', { hosts: [{ host: host(stack, 'a'), ...(lb ? {} : { dnsPattern: '*.a.example.com' }) }], endpointType: props.endpointType });
  const shop = g.addVirtualCluster('shop', {
    paused: props.paused,
    serviceAccountKubeconfig: { serviceAccount: 'kube-system/deployer' },
    sleepSchedule: props.sleep ? { sleep: '0 20 * * *', wake: '0 7 * * *', timeZone: 'UTC' } : undefined,
  });
  return { stack, shop };
}

/** Every stack of the app, synthesized together as `cdktf synth` does (cross-stack references need it). */
function synthAll(app: App): { [stack: string]: any } {
  app.synth();
  const dir = path.join(app.outdir, 'stacks');
  return Object.fromEntries(fs.readdirSync(dir).map((s) => [s, JSON.parse(fs.readFileSync(path.join(dir, s, 'cdk.tf.json'), 'utf8'))]));
}

/** The rule violations of a failing app synth, without cdktf's per-stack prefix. */
function appErrors(app: App): string[] {
  return errorOf(() => app.synth()).split('\n').map((l) => l.trim().replace(/^\[[^\]]*\] (?=\[)/, '')).filter((l) => /^\[(CG\d+|input)\]/.test(l));
}

const REMOTE = 'data.terraform_remote_state.cross-stack-reference-input-platform.outputs.cross-stack-output-';

describe('VirtualClusterConnection', () => {
  test('configures the application stack\'s providers from the kubeconfig Secret, handed over through the platform\'s state', () => {
    const app = testApp({ outdir: tempDir() });
    const { stack, shop } = platform(app);
    const apps = new TerraformStack(app, 'shop-apps');
    const conn = new VirtualClusterConnection(apps, 'shop', { virtualCluster: shop });
    new ConfigMapV1(apps, 'settings', { provider: conn.kubernetesProvider, metadata: { name: 'settings', namespace: 'default' }, data: { a: 'b' } });
    const out = synthAll(app);
    const k8s = out['shop-apps'].provider.kubernetes.find((p: any) => p.alias === 'vc-shop');
    expect(k8s.host).toMatch(/^\$\{yamldecode\(data\.terraform_remote_state\.cross-stack-reference-input-platform\.outputs\.cross-stack-output-datakubernetes_secret_v1dev_shop_kubeconfig-secret_[0-9A-F]+dataconfig\)\.clusters\.0\.cluster\.server\}$/);
    for (const key of ['cluster_ca_certificate', 'client_certificate', 'client_key']) expect(k8s[key]).toContain(REMOTE);
    expect(out['shop-apps'].provider.helm.find((p: any) => p.alias === 'vc-shop').kubernetes.host).toBe(k8s.host);
    // The platform reads the Secret after the release, and hands its data over as a sensitive output.
    const outputs = Object.values(out.platform.output as Record<string, any>);
    expect(outputs).toEqual([{ sensitive: true, value: expect.stringMatching(/^\$\{data\.kubernetes_secret_v1\.dev_shop_kubeconfig-secret_[0-9A-F]+\.data\["config"\]\}$/) }]);
    expect(out.platform.data.kubernetes_secret_v1[Object.keys(out.platform.data.kubernetes_secret_v1)[0]].depends_on).toEqual([expect.stringMatching(/^helm_release\.dev_shop_release/)]);
    // cdktf deploy applies the platform first.
    expect(apps.dependencies).toEqual([stack]);
  });

  test('with serviceAccount, logs in with the ServiceAccount token; in a load-balancer group, the server is the load balancer\'s address', () => {
    const app = testApp({ outdir: tempDir() });
    const { shop } = platform(app, { endpointType: EndpointType.LOAD_BALANCER });
    const apps = new TerraformStack(app, 'shop-apps');
    new VirtualClusterConnection(apps, 'shop', { virtualCluster: shop, serviceAccount: true });
    const k8s = synthAll(app)['shop-apps'].provider.kubernetes[0];
    expect(Object.keys(k8s).sort()).toEqual(['alias', 'cluster_ca_certificate', 'host', 'token']);
    expect(k8s.host).toMatch(/^https:\/\/\$\{coalesce\(data\.terraform_remote_state\.cross-stack-reference-input-platform\.outputs\.cross-stack-output-data/);
    expect(k8s.token).toMatch(/\.users\.0\.user\.token\}$/);
  });

  test('fails if it is in the virtual cluster\'s own stack, or asks for a ServiceAccount kubeconfig that is not exported', () => {
    const app = testApp();
    const stack = new TerraformStack(app, 'platform');
    const g = new ClusterGroup(stack, 'dev', { hosts: [{ host: host(stack, 'a'), dnsPattern: '*.a.example.com' }] });
    const shop = g.addVirtualCluster('shop');
    expect(errorOf(() => new VirtualClusterConnection(stack, 'conn', { virtualCluster: shop }))).toBe('[input] platform/conn: virtualCluster = "platform/dev/shop": in the same stack: a provider configured from its kubeconfig would be unknown when that stack is planned. Fix: create the connection in an application stack of its own');
    const apps = new TerraformStack(app, 'apps');
    expect(errorOf(() => new VirtualClusterConnection(apps, 'conn', { virtualCluster: shop, serviceAccount: true }))).toBe('[input] apps/conn: serviceAccount = true: virtual cluster "shop" exports no ServiceAccount kubeconfig. Fix: set serviceAccountKubeconfig on it, or leave serviceAccount out for the admin kubeconfig');
    expect(errorOf(() => new VirtualClusterConnection(apps, 'other', { virtualCluster: 'shop' as any }))).toMatch(/^\[input\] apps\/other: virtualCluster = "shop": /);
  });

  test('fails if it deploys into a paused virtual cluster; warns if it deploys into one that sleeps', () => {
    const app = testApp({ outdir: tempDir() });
    const { shop } = platform(app, { paused: true });
    new VirtualClusterConnection(new TerraformStack(app, 'shop-apps'), 'shop', { virtualCluster: shop });
    expect(appErrors(app)).toEqual(['[CG22] shop-apps/shop: virtualCluster = "platform/dev/shop": deploys into virtual cluster "shop", which is paused: its API server does not run, so the apply would fail. Fix: resume it (paused: false) first, or leave this application stack out until it is resumed']);
    const app2 = testApp({ outdir: tempDir() });
    const apps2 = new TerraformStack(app2, 'shop-apps');
    new VirtualClusterConnection(apps2, 'shop', { virtualCluster: platform(app2, { sleep: true }).shop });
    app2.synth();
    expect(apps2.node.findAll().flatMap((c) => c.node.metadata.map((m) => `${c.node.path}: ${m.data}`)).filter((m) => m.includes('sleeps'))).toEqual([
      'shop-apps/shop: deploys into virtual cluster "shop", which sleeps from "0 20 * * *" to "0 7 * * *" (UTC): deploy while it is awake, or the apply fails',
    ]);
  });
});
