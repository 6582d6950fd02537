// Applying a synthesized platform to fixture clusters with the built tofu, as `cdktf deploy` would.
import { spawn } from 'child_process';
import * as path from 'path';
import { App } from 'cdktf';
import { ChartSource, LOCK_FILE_CONTEXT, LOCK_MODE_CONTEXT, PlatformSynth } from '../../src';
import { tempDir } from '../helpers';
import { Fixture } from './cluster';
import { engine, tofuEnv } from './harness';

/** Synthesizes one platform stack with every chart from `charts`, sharing `lockFile` across runs. */
export function synthPlatform(name: string, build: (app: App) => void, charts: string, lockFile: string): string {
  const outdir = tempDir(`cg-tier3-${name}-`);
  const app = new App({ outdir, context: { [LOCK_FILE_CONTEXT]: lockFile, [LOCK_MODE_CONTEXT]: 'update' } });
  // No chart repository is reachable here: exactly an air-gapped user's case.
  ChartSource.applyTo(app, { all: ChartSource.directory(charts) });
  build(app);
  // As a user's main.ts: the rules first, then the stacks, then the lock.
  if (!PlatformSynth.run(app)) throw new Error(`${name}: synth failed (the problems are printed above)`);
  return path.join(outdir, 'stacks', name);
}

export interface TofuRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly output: string;
}

/**
 * Runs a command while the load-balancer stand-in gives LoadBalancer Services their addresses,
 * with the fixture's kubeconfig as ~/.kube/config. `onOutput` may interrupt the run.
 */
export function runWithStandIn(fixture: Fixture, bin: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, onOutput?: (text: string, child: { kill: (s: NodeJS.Signals) => void }) => void): Promise<TofuRun> {
  return new Promise((resolve) => {
    const child = spawn(bin, args, { cwd, env: { ...env, ...fixture.env, HOME: fixture.home }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const take = (b: Buffer) => {
      output += b.toString();
      onOutput?.(output, child);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const standIn = setInterval(() => {
      for (const h of fixture.clusters.values()) {
        try {
          h.assignLoadBalancers();
        } catch {
          // The API server may be busy; the next tick tries again.
        }
      }
    }, 1000);
    child.on('exit', (code, signal) => {
      clearInterval(standIn);
      resolve({ code, signal, output });
    });
  });
}

/** Runs the built tofu in `dir`, as `runWithStandIn` does. */
export function runTofu(fixture: Fixture, dir: string, args: string[], onOutput?: (text: string, child: { kill: (s: NodeJS.Signals) => void }) => void): Promise<TofuRun> {
  return runWithStandIn(fixture, engine('tofu'), args, dir, tofuEnv(), onOutput);
}

export async function tofuOkAsync(fixture: Fixture, dir: string, args: string[]): Promise<string> {
  const r = await runTofu(fixture, dir, args);
  if (r.code !== 0) throw new Error(`tofu ${args.join(' ')} failed (exit ${r.code ?? r.signal}):\n${r.output.slice(-6000)}`);
  return r.output;
}

/** The resource changes `tofu plan` proposes, as [action, address] pairs. */
export async function planChanges(fixture: Fixture, dir: string): Promise<{ actions: string[]; address: string }[]> {
  await tofuOkAsync(fixture, dir, ['plan', '-input=false', '-no-color', '-out=tier3.plan']);
  const r = await tofuOkAsync(fixture, dir, ['show', '-json', 'tier3.plan']);
  const plan = JSON.parse(r.slice(r.indexOf('{')));
  return (plan.resource_changes ?? [])
    .filter((c: any) => !(c.change.actions.length === 1 && ['no-op', 'read'].includes(c.change.actions[0])))
    .map((c: any) => ({ actions: c.change.actions, address: c.address }));
}
