// kubectl as a ServiceAccount of the lifecycle namespace, as a lifecycle job's pod runs it: the
// tests run the jobs' steps themselves (nothing runs containers on the fake nodes), so that the
// RBAC the library grants is what decides.
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { LIFECYCLE_NAMESPACE } from '../../src/charts/lifecycle';
import { HostFixture } from './cluster';
import { engine } from './harness';

/** Runs kubectl as a ServiceAccount of the lifecycle namespace, with a token the API server issues. */
export class AsServiceAccount {
  private readonly kubeconfig: string;

  constructor(h: HostFixture, public readonly name: string, dir: string) {
    const token = h.kubectl(['create', 'token', name, '-n', LIFECYCLE_NAMESPACE]);
    this.kubeconfig = path.join(dir, `${name}.kubeconfig`);
    fs.writeFileSync(this.kubeconfig, JSON.stringify({
      apiVersion: 'v1', kind: 'Config',
      clusters: [{ name: 'h', cluster: { server: h.server, 'insecure-skip-tls-verify': true } }],
      users: [{ name: name, user: { token } }],
      contexts: [{ name: 'h', context: { cluster: 'h', user: name } }],
      'current-context': 'h',
    }));
  }

  public run(args: readonly string[]): { code: number; out: string } {
    const r = spawnSync(engine('kubectl'), ['--kubeconfig', this.kubeconfig, ...args], { encoding: 'utf8' });
    return { code: r.status ?? 1, out: `${r.stdout}${r.stderr}` };
  }

  /**
   * The steps of a pod template, in the order the kubelet runs them; throws on the first that
   * fails. `before` runs before each step: what else happens on the host meanwhile.
   */
  public runSteps(podSpec: any, before?: (name: string) => void): string[][] {
    const containers = [...(podSpec.initContainers ?? []), ...podSpec.containers];
    const steps = containers.map((c: any) => c.args as string[]);
    for (const [i, args] of steps.entries()) {
      before?.(containers[i].name);
      const r = this.run(args);
      if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} as ${this.name}: exit ${r.code}: ${r.out}`);
    }
    return steps;
  }
}

