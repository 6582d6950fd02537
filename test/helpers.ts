import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { EndpointType, HostCluster, HostClusterKind, HostClusterProps, LOCK_FILE_CONTEXT, LOCK_MODE_CONTEXT } from '../src';
import { PlatformState } from '../src/synth/platform-state';

export const REPO = path.resolve(__dirname, '..');
export const UPSTREAM = path.resolve(REPO, '..', 'shared', 'upstream');

export function tempDir(prefix = 'cg-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** An app whose lock file lives in a fresh temp dir (or the one given), in update mode unless told. */
export function testApp(opts: { lockFile?: string; lockMode?: 'update' | 'check'; outdir?: string } = {}): App {
  const lockFile = opts.lockFile ?? path.join(tempDir(), 'cluster-groups.lock.json');
  const app = Testing.app({
    outdir: opts.outdir,
    context: { [LOCK_FILE_CONTEXT]: lockFile, [LOCK_MODE_CONTEXT]: opts.lockMode ?? 'update' },
  });
  APPS.push(app);
  return app;
}

/** The apps testApp made, whose reported input errors errorOf reads. */
const APPS: App[] = [];
const inputErrors = (app: App) => PlatformState.find(app)?.inputErrorMessages ?? [];

export function testStack(app: App = testApp(), id = 'test'): TerraformStack {
  return new TerraformStack(app, id);
}

/** A host with its own provider pair; ingress and load balancer, 16 CPU, 64Gi, 500Gi unless told. */
export function host(scope: Construct, name: string, props: Partial<HostClusterProps> = {}): HostCluster {
  return new HostCluster(scope, name, {
    kind: HostClusterKind.CLOUD,
    kubernetesProvider: new KubernetesProvider(scope, `${name}-k8s`, { alias: name, configPath: '~/.kube/config', configContext: name }),
    helmProvider: new HelmProvider(scope, `${name}-helm`, { alias: name, kubernetes: { configPath: '~/.kube/config', configContext: name } }),
    endpointTypes: [EndpointType.INGRESS, EndpointType.LOAD_BALANCER],
    capacity: { cpu: 16, memory: '64Gi', storage: '500Gi' },
    ...props,
  });
}

/** The synthesized stack as an object. */
export function synthJson(stack: TerraformStack): any {
  return JSON.parse(Testing.synth(stack, true));
}

/** The message of what `fn` throws (fails the test when it throws nothing). */
/**
 * The message of the error `fn` throws or, for a construct, reports: constructs report input
 * errors to their app (testApp's), to be printed with the rule violations at synth.
 */
export function errorOf(fn: () => unknown): string {
  const before = APPS.map((a) => inputErrors(a).length);
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  for (const [i, app] of APPS.entries()) {
    const reported = inputErrors(app)[before[i] ?? 0];
    if (reported !== undefined) return reported;
  }
  throw new Error('expected an error, got none');
}

/** The rule and input errors of a failing synth, without cdktf's per-stack prefix. */
export function synthErrors(stack: TerraformStack): string[] {
  return errorOf(() => Testing.synth(stack, true))
    .split('\n')
    .map((l) => l.trim().replace(/^\[[^\]]*\] (?=\[)/, ''))
    .filter((l) => /^\[(CG\d+|input)\]/.test(l));
}

/**
 * Writes a throwaway app that uses this repository's modules: `body` sees `app`, `TerraformStack`,
 * `lib` (this library) and `host(stack, name)`, and `footer` ends it. Returns the file.
 */
export function writeApp(dir: string, body: string, opts: { context?: object; footer?: string } = {}): string {
  const file = path.join(dir, 'main.ts');
  fs.writeFileSync(file, `
const { App, TerraformStack } = require(${JSON.stringify(path.join(REPO, 'node_modules', 'cdktf'))});
const lib = require(${JSON.stringify(path.join(REPO, 'src'))});
const { host } = require(${JSON.stringify(path.join(REPO, 'test', 'helpers'))});
const app = new App(${JSON.stringify({ context: opts.context ?? {} })});
${body}
${opts.footer ?? 'app.synth();'}
`);
  return file;
}

/** The vCluster Helm release named `name` in a synthesized stack. */
export function release(json: any, name: string): any {
  const r = Object.values(json.resource.helm_release as Record<string, any>).find((x) => x.name === name);
  if (!r) throw new Error(`no release named ${name}`);
  return r;
}

/** The parsed values of the release named `name`. */
export function releaseValues(json: any, name: string): any {
  return JSON.parse(release(json, name).values[0]);
}

/** A synthesized pod template's containers in the order they run: [name, ...args] each. */
export function podSteps(template: any): string[][] {
  return [...(template.spec.init_container ?? []), ...template.spec.container].map((c: any) => [c.name, ...c.args]);
}
