#!/usr/bin/env node
import * as fs from 'fs';
import * as path from 'path';
import { ChartCatalog } from '../charts/versions';
import { GroupLock, LockFile, readLock, writeLock } from '../lock/lock-file';
import { minorDistance, parseVersion, stepProblem } from '../model/versions';
import { renderHtml, renderTable } from '../report/render';
import { UpgradePlan, UpgradePlanner } from '../upgrade/planner';
import { findProject, runApp, UsageError } from './project';

const USAGE = `usage: cdktf-cluster-groups <command> [options]

commands:
  validate                        synthesize the app in check mode; print every rule violation
  report                          groups, hosts, virtual clusters, capacity, versions, endpoints
  plan-upgrade <group> --to <v>   the step-by-step upgrade path, its gates and needed changes
  upgrade <group> --to <v>        move the group's locked version one legal step

common options:
  --dir <path>    the cdktf project (the directory of cdktf.json, or below it)   default: .
  --help          help for a command

Run "cdktf-cluster-groups <command> --help" for a command's options.`;

const HELP: Record<string, string> = {
  validate: `usage: cdktf-cluster-groups validate [--dir <path>] [--app <command>]

Runs the app's synth as CI does (the lock file is read, never written) and prints every rule
violation. Exits 1 when there is any, 0 when there is none.

  --app <command>   the command that runs the app   default: "app" in cdktf.json`,
  report: `usage: cdktf-cluster-groups report [--format table|json|html] [--out <file>] [--dir <path>] [--app <command>]

Synthesizes the app in check mode and reports every group, host and virtual cluster: capacity
used against capacity allowed, versions and endpoints.

  --format <f>      table (default), json, or html (a self-contained page)
  --out <file>      write there instead of standard output
  --app <command>   the command that runs the app   default: "app" in cdktf.json`,
  'plan-upgrade': `usage: cdktf-cluster-groups plan-upgrade <group> --to <version> [--dir <path>] [--lock <file>]

Plans a group's vCluster upgrade from its locked version: one minor version per step, the
upstream gates each step crosses, and what each step needs changed. Reads only the lock file.

  <group>           stack/group, or the group name when it is unique
  --to <version>    the target vCluster chart version (one the catalog knows)
  --lock <file>     the lock file   default: cluster-groups.lock.json next to cdktf.json`,
  upgrade: `usage: cdktf-cluster-groups upgrade <group> --to <version> [--kubernetes <version>] [--dir <path>] [--lock <file>]

Moves the group's locked vCluster version to --to, when that is the next legal step; refuses
downgrades and jumps over a minor version. Synthesize and review the change before applying.

  <group>                 stack/group, or the group name when it is unique
  --to <version>          the next vCluster chart version
  --kubernetes <version>  a new virtual Kubernetes version, when the step needs one
  --lock <file>           the lock file   default: cluster-groups.lock.json next to cdktf.json`,
};

interface Args {
  readonly positional: string[];
  readonly options: Record<string, string>;
  readonly help: boolean;
}

function parseArgs(argv: string[], valued: string[]): Args {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') help = true;
    else if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split('=', 2);
      if (!valued.includes(name)) throw new UsageError(`unknown option --${name}`);
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      options[name] = value;
    } else positional.push(a);
  }
  return { positional, options, help };
}

const say = (line: string) => process.stderr.write(`${line}\n`);

async function validate(a: Args): Promise<number> {
  const project = findProject(a.options.dir ?? '.', a.options.app);
  const run = await runApp(project, say);
  if (!run.report) {
    process.stdout.write(`the app failed before the rules could run (exit ${run.exitCode}):\n${tail(run.stderr)}\n`);
    return 1;
  }
  const { violations, groups } = run.report;
  for (const v of violations) process.stdout.write(`${v}\n`);
  const vcs = groups.reduce((n, g) => n + g.virtualClusters.length, 0);
  if (violations.length) {
    process.stdout.write(`${violations.length} violation(s) in ${groups.length} group(s)\n`);
    return 1;
  }
  if (run.exitCode !== 0) {
    process.stdout.write(`no rule violations, but the synth failed (exit ${run.exitCode}):\n${tail(run.stderr)}\n`);
    return 1;
  }
  process.stdout.write(`no rule violations in ${groups.length} group(s), ${vcs} virtual cluster(s)\n`);
  return 0;
}

async function report(a: Args): Promise<number> {
  const format = a.options.format ?? 'table';
  if (!['table', 'json', 'html'].includes(format)) throw new UsageError(`--format is table, json or html, not "${format}"`);
  const project = findProject(a.options.dir ?? '.', a.options.app);
  const run = await runApp(project, say);
  if (!run.report) {
    process.stdout.write(`the app failed before the report could be made (exit ${run.exitCode}):\n${tail(run.stderr)}\n`);
    return 1;
  }
  const text = format === 'json' ? JSON.stringify(run.report, null, 2) + '\n' : format === 'html' ? renderHtml(run.report) : renderTable(run.report);
  if (a.options.out) {
    fs.writeFileSync(a.options.out, text);
    say(`wrote ${path.resolve(a.options.out)}`);
  } else {
    process.stdout.write(text);
  }
  return 0;
}

/** The group the user named, from the lock file. */
function lockedGroup(lock: LockFile, name: string): { id: string; stack: string; group: string; entry: GroupLock } {
  const all = Object.entries(lock.stacks).flatMap(([stack, s]) => Object.entries(s.groups).map(([group, entry]) => ({ id: `${stack}/${group}`, stack, group, entry })));
  const hits = all.filter((g) => g.id === name || g.group === name);
  if (hits.length === 1) return hits[0];
  const known = all.map((g) => g.id).join(', ') || 'none';
  throw new UsageError(hits.length ? `"${name}" names several groups (${hits.map((h) => h.id).join(', ')}); use stack/group` : `no group "${name}" in the lock file (known: ${known})`);
}

function loadLock(a: Args): { file: string; lock: LockFile } {
  const project = findProject(a.options.dir ?? '.', 'unused', a.options.lock);
  const lock = readLock(project.lockFile);
  if (!lock) throw new UsageError(`no lock file at ${project.lockFile}; synthesize the app once to record it`);
  return { file: project.lockFile, lock };
}

function printPlan(id: string, entry: GroupLock, plan: UpgradePlan): void {
  process.stdout.write(`group ${id}: vCluster ${plan.from} -> ${plan.to}, Kubernetes ${entry.kubernetesVersion}\n`);
  if (!plan.steps.length && !plan.problems.length) process.stdout.write('already there: nothing to do\n');
  plan.steps.forEach((s, i) => {
    process.stdout.write(`step ${i + 1}: ${s.from} -> ${s.to}\n`);
    for (const g of s.gates) process.stdout.write(`  gate ${g.id}: ${g.note}\n`);
    for (const c of s.changes) process.stdout.write(`  change: ${c}\n`);
    if (!s.gates.length && !s.changes.length) process.stdout.write('  no gates, no value changes\n');
  });
  for (const p of plan.problems) process.stdout.write(`problem: ${p}\n`);
}

async function planUpgrade(a: Args): Promise<number> {
  const [name] = a.positional;
  if (!name || !a.options.to) throw new UsageError('plan-upgrade needs a group and --to <version>');
  const { lock } = loadLock(a);
  const g = lockedGroup(lock, name);
  const plan = UpgradePlanner.plan(g.entry.chartVersion, a.options.to, g.entry.kubernetesVersion);
  printPlan(g.id, g.entry, plan);
  if (plan.problems.length) return 1;
  if (plan.steps.length) process.stdout.write(`next: cdktf-cluster-groups upgrade ${g.id} --to ${plan.steps[0].to}, then synthesize, review and apply\n`);
  return 0;
}

async function upgrade(a: Args): Promise<number> {
  const [name] = a.positional;
  const to = a.options.to;
  if (!name || !to) throw new UsageError('upgrade needs a group and --to <version>');
  const { file, lock } = loadLock(a);
  const g = lockedGroup(lock, name);
  const plan = UpgradePlanner.plan(g.entry.chartVersion, to, a.options.kubernetes ?? g.entry.kubernetesVersion);
  if (plan.problems.length) {
    printPlan(g.id, g.entry, plan);
    return 1;
  }
  if (plan.steps.length === 0) {
    process.stdout.write(`group ${g.id} is on ${to} already\n`);
    return 0;
  }
  if (plan.steps.length > 1) {
    process.stdout.write(`refused: ${g.entry.chartVersion} -> ${to} skips a minor version. The path is ${[plan.from, ...plan.steps.map((s) => s.to)].join(' -> ')}: upgrade to ${plan.steps[0].to} first, apply, then continue.\n`);
    return 1;
  }
  const kubernetes = a.options.kubernetes ?? g.entry.kubernetesVersion;
  const problem = kubernetesProblem(g.entry.kubernetesVersion, kubernetes, to);
  if (problem) {
    process.stdout.write(`refused: ${problem}\n`);
    return 1;
  }
  const next: LockFile = {
    ...lock,
    stacks: { ...lock.stacks, [g.stack]: { groups: { ...lock.stacks[g.stack].groups, [g.group]: { ...g.entry, chartVersion: to, kubernetesVersion: kubernetes } } } },
  };
  writeLock(file, next);
  process.stdout.write(`group ${g.id}: locked vCluster ${g.entry.chartVersion} -> ${to}${kubernetes !== g.entry.kubernetesVersion ? `, Kubernetes ${g.entry.kubernetesVersion} -> ${kubernetes}` : ''} in ${file}\n`);
  for (const c of plan.steps[0].changes) if (!c.startsWith('raise kubernetesVersion')) process.stdout.write(`before applying: ${c}\n`);
  process.stdout.write('next: synthesize and review the plan (an update in place of each vCluster release), then apply. A group that sets chartVersion in code must change it there too.\n');
  return 0;
}

/** Why the Kubernetes version cannot go with the step, if it cannot. */
function kubernetesProblem(from: string, to: string, chart: string): string | undefined {
  const f = parseVersion(from);
  const t = parseVersion(to);
  if (!t) return `--kubernetes "${to}" is not a version such as v1.36.0`;
  const minors = ChartCatalog.kubernetesMinors(chart);
  if (!minors.includes(`${t.major}.${t.minor}`)) return `vCluster ${chart} runs Kubernetes ${minors.join(', ')}; pass --kubernetes with one of those (one minor at a time)`;
  const problem = f && stepProblem(f, t);
  if (problem === 'down') return `Kubernetes never moves down (${from} -> ${to})`;
  if (problem === 'skips') return `Kubernetes moves one minor version at a time (${from} -> ${to} is ${minorDistance(f!, t)})`;
  return undefined;
}

function tail(text: string): string {
  return text.trim().split('\n').slice(-20).join('\n');
}

const COMMANDS: Record<string, { valued: string[]; run: (a: Args) => Promise<number> }> = {
  validate: { valued: ['dir', 'app'], run: validate },
  report: { valued: ['dir', 'app', 'format', 'out'], run: report },
  'plan-upgrade': { valued: ['dir', 'lock', 'to'], run: planUpgrade },
  upgrade: { valued: ['dir', 'lock', 'to', 'kubernetes'], run: upgrade },
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  const cmd = COMMANDS[command];
  if (!cmd) {
    process.stderr.write(`error: unknown command "${command}"\n\n${USAGE}\n`);
    return 2;
  }
  try {
    const args = parseArgs(rest, cmd.valued);
    if (args.help) {
      process.stdout.write(`${HELP[command]}\n`);
      return 0;
    }
    return await cmd.run(args);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n\n${HELP[command]}\n`);
      return 2;
    }
    // A broken lock file and the like: their messages say what to do.
    process.stderr.write(`error: ${(e as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
