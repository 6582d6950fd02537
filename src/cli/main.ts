#!/usr/bin/env node
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { ChartCatalog } from '../charts/versions';
import { GroupLock, LockFile, MOVE_PHASES, readLock, VirtualClusterLock, writeLock } from '../lock/lock-file';
import { minorDistance, parseVersion, stepProblem } from '../model/versions';
import { CostedReport, renderHtml, renderTable } from '../report/render';
import { costOf, parseRates, Rates } from '../report/cost';
import { UpgradePlan, UpgradePlanner } from '../upgrade/planner';
import { planMove } from '../upgrade/move-planner';
import { findProject, runApp, UsageError } from './project';

const USAGE = `usage: cdktf-cluster-groups <command> [options]

commands:
  validate                        synthesize the app in check mode; print every rule violation
  report                          groups, hosts, virtual clusters, capacity, versions, endpoints
  plan-upgrade <group> --to <v>   the step-by-step upgrade path, its gates and needed changes
  upgrade <group> --to <v>        move the group's locked version one legal step
  plan-move <vcluster> [--to <g>] the three applies of a move to another group, and where it stands
  move <vcluster>                 advance a recorded move to its next phase

common options:
  --dir <path>    the cdktf project (the directory of cdktf.json, or below it)   default: .
  -h, --help      help for a command
  --version       the version of cdktf-cluster-groups

exit codes:
  0   done: no violations, or the plan or upgrade went through
  1   the answer is no: rule violations, a refused upgrade, a plan with problems, an app that
      failed, or a lock file that cannot be read
  2   the command line is wrong (unknown command or option, missing value); nothing was run

Run "cdktf-cluster-groups <command> --help" for a command's options.`;

const HELP: Record<string, string> = {
  validate: `usage: cdktf-cluster-groups validate [--json] [--dir <path>] [--app <command>]

Runs the app's synth as CI does (the lock file is read, never written) and prints every rule
violation. Exits 1 when there is any, or when the app fails; 0 when there is none.

  --json            one JSON object on standard output: ok, violations, groups, virtualClusters
  --app <command>   the command that runs the app   default: "app" in cdktf.json`,
  report: `usage: cdktf-cluster-groups report [--format table|json|html] [--json] [--out <file>] [--rates <rates>] [--dir <path>] [--app <command>]

Synthesizes the app in check mode and reports every group, host and virtual cluster: capacity
used against capacity allowed, versions and endpoints, and what each owner and project holds
against the group's quotas.

  --format <f>      table (default), json, or html (a self-contained page)
  --json            the same as --format json
  --out <file>      write there instead of standard output
  --rates <rates>   add the monthly cost from hourly prices: cpu=<per core>,memory=<per GiB>,storage=<per GiB>,lb=<per load balancer>
  --app <command>   the command that runs the app   default: "app" in cdktf.json`,
  'plan-upgrade': `usage: cdktf-cluster-groups plan-upgrade <group> --to <version> [--json] [--dir <path>] [--lock <file>]

Plans a group's vCluster upgrade from its locked version: one minor version per step, the
upstream gates each step crosses, and what each step needs changed. Reads only the lock file.

  <group>           stack/group, or the group name when it is unique
  --to <version>    the target vCluster chart version (one the catalog knows)
  --json            the plan as one JSON object on standard output
  --lock <file>     the lock file   default: cluster-groups.lock.json next to cdktf.json

Exits 1 when the plan has problems (a downgrade, an unknown version).`,
  upgrade: `usage: cdktf-cluster-groups upgrade <group> --to <version> [--kubernetes <version>] [--dir <path>] [--lock <file>]

Moves the group's locked vCluster version to --to, when that is the next legal step; refuses
downgrades and jumps over a minor version. Synthesize and review the change before applying.

  <group>                 stack/group, or the group name when it is unique
  --to <version>          the next vCluster chart version
  --kubernetes <version>  a new virtual Kubernetes version, when the step needs one
  --lock <file>           the lock file   default: cluster-groups.lock.json next to cdktf.json`,
  'plan-move': `usage: cdktf-cluster-groups plan-move <vcluster> [--to <group>[/<host>]] [--json] [--dir <path>] [--lock <file>]

Explains how a virtual cluster moves to another group of its stack, in three applies, and where
its move stands (the lock file records it once moveTo is in the code and synthesized). Reads only
the lock file.

  <vcluster>        stack/group/name, or the name when it is unique
  --to <group>      the group (and host) to plan for, before the move has begun
  --json            the plan as one JSON object on standard output
  --lock <file>     the lock file   default: cluster-groups.lock.json next to cdktf.json

Exits 1 when there is no move to explain.`,
  move: `usage: cdktf-cluster-groups move <vcluster> [--dir <path>] [--lock <file>]

Advances a recorded move one phase: snapshot -> restore -> retire. Run it after the previous
phase's deploy succeeded; then synthesize, review and deploy.

  <vcluster>        stack/group/name, or the name when it is unique
  --lock <file>     the lock file   default: cluster-groups.lock.json next to cdktf.json`,
};

/** Where the CLI writes: the process's streams, or a test's buffers. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const PROCESS_IO: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

interface Args {
  readonly positional: string[];
  readonly options: { [name: string]: string | boolean | undefined };
  readonly io: CliIo;
}

interface Command {
  /** Options with a value; `json` and `help` are flags. */
  readonly valued: string[];
  readonly json: boolean;
  /** How many positional arguments it takes. */
  readonly positionals: number;
  readonly run: (a: Args) => Promise<number>;
}

/** Parses with Node's util.parseArgs in strict mode: an unknown option is an error, never an argument. */
function parseCommandArgs(argv: string[], cmd: Command, io: CliIo): Args & { help: boolean } {
  const options: { [name: string]: { type: 'string' | 'boolean'; short?: string } } = { help: { type: 'boolean', short: 'h' } };
  for (const name of ['dir', ...cmd.valued]) options[name] = { type: 'string' };
  if (cmd.json) options.json = { type: 'boolean' };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: cmd.positionals > 0, strict: true });
  } catch (e) {
    // Node's messages name the option and the fix; the code says which kind of mistake it was.
    throw new UsageError(String((e as Error).message).replace(/^./, (c) => c.toLowerCase()));
  }
  if (parsed.positionals.length > cmd.positionals) throw new UsageError(`unexpected argument "${parsed.positionals[cmd.positionals]}"`);
  const values = parsed.values as Args['options'];
  for (const name of cmd.valued) {
    if (values[name] === '') throw new UsageError(`--${name} needs a value`);
  }
  return { positional: parsed.positionals, options: values, io, help: values.help === true };
}

const str = (a: Args, name: string): string | undefined => a.options[name] as string | undefined;

async function validate(a: Args): Promise<number> {
  const project = findProject(str(a, 'dir') ?? '.', str(a, 'app'));
  const run = await runApp(project, (line) => a.io.err(`${line}\n`));
  const json = a.options.json === true;
  if (!run.report) {
    const error = `the app failed before the rules could run (exit ${run.exitCode})`;
    if (json) a.io.out(`${JSON.stringify({ ok: false, error, appStderr: tail(run.stderr) }, null, 2)}\n`);
    a.io.err(`${error}:\n${tail(run.stderr)}\n`);
    return 1;
  }
  const { violations, groups } = run.report;
  const vcs = groups.reduce((n, g) => n + g.virtualClusters.length, 0);
  // Rules passed but the synth failed all the same (a provider error, say): not ok either.
  const synthError = !violations.length && run.exitCode !== 0 ? `no rule violations, but the synth failed (exit ${run.exitCode})` : undefined;
  if (json) {
    const result = { ok: !violations.length && !synthError, violations, groups: groups.length, virtualClusters: vcs, ...(synthError ? { error: synthError, appStderr: tail(run.stderr) } : {}) };
    a.io.out(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    for (const v of violations) a.io.out(`${v}\n`);
    if (violations.length) a.io.out(`${violations.length} violation(s) in ${groups.length} group(s)\n`);
    else if (!synthError) a.io.out(`no rule violations in ${groups.length} group(s), ${vcs} virtual cluster(s)\n`);
  }
  if (synthError) a.io.err(`${synthError}:\n${tail(run.stderr)}\n`);
  return violations.length || synthError ? 1 : 0;
}

async function report(a: Args): Promise<number> {
  if (a.options.json === true && str(a, 'format') && str(a, 'format') !== 'json') throw new UsageError(`--json and --format ${str(a, 'format')} ask for two formats; give one`);
  const format = a.options.json === true ? 'json' : (str(a, 'format') ?? 'table');
  if (!['table', 'json', 'html'].includes(format)) throw new UsageError(`--format is table, json or html, not "${format}"`);
  let rates: Rates | undefined;
  try {
    rates = str(a, 'rates') === undefined ? undefined : parseRates(str(a, 'rates')!);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const project = findProject(str(a, 'dir') ?? '.', str(a, 'app'));
  const run = await runApp(project, (line) => a.io.err(`${line}\n`));
  if (!run.report) {
    a.io.err(`the app failed before the report could be made (exit ${run.exitCode}):\n${tail(run.stderr)}\n`);
    return 1;
  }
  const full: CostedReport = rates ? { ...run.report, cost: costOf(run.report, rates) } : run.report;
  const text = format === 'json' ? JSON.stringify(full, null, 2) + '\n' : format === 'html' ? renderHtml(full) : renderTable(full);
  const out = str(a, 'out');
  if (out) {
    fs.writeFileSync(out, text);
    a.io.err(`wrote ${path.resolve(out)}\n`);
  } else {
    a.io.out(text);
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
  const project = findProject(str(a, 'dir') ?? '.', 'unused', str(a, 'lock'));
  const lock = readLock(project.lockFile);
  if (!lock) throw new UsageError(`no lock file at ${project.lockFile}; synthesize the app once to record it`);
  return { file: project.lockFile, lock };
}

function printPlan(io: CliIo, id: string, entry: GroupLock, plan: UpgradePlan): void {
  io.out(`group ${id}: vCluster ${plan.from} -> ${plan.to}, Kubernetes ${entry.kubernetesVersion}\n`);
  if (!plan.steps.length && !plan.problems.length) io.out('already there: nothing to do\n');
  plan.steps.forEach((s, i) => {
    io.out(`step ${i + 1}: ${s.from} -> ${s.to}\n`);
    for (const g of s.gates) io.out(`  gate ${g.id}: ${g.note}\n`);
    for (const c of s.changes) io.out(`  change: ${c}\n`);
    if (!s.gates.length && !s.changes.length) io.out('  no gates, no value changes\n');
  });
  for (const p of plan.problems) io.out(`problem: ${p}\n`);
}

async function planUpgrade(a: Args): Promise<number> {
  const [name] = a.positional;
  const to = str(a, 'to');
  if (!name || !to) throw new UsageError('plan-upgrade needs a group and --to <version>');
  const { lock } = loadLock(a);
  const g = lockedGroup(lock, name);
  const plan = UpgradePlanner.plan(g.entry.chartVersion, to, g.entry.kubernetesVersion);
  const next = !plan.problems.length && plan.steps.length ? `cdktf-cluster-groups upgrade ${g.id} --to ${plan.steps[0].to}` : undefined;
  if (a.options.json === true) {
    const steps = plan.steps.map((s) => ({ from: s.from, to: s.to, gates: s.gates.map((x) => ({ id: x.id, note: x.note })), changes: s.changes }));
    a.io.out(`${JSON.stringify({ group: g.id, from: plan.from, to: plan.to, kubernetesVersion: g.entry.kubernetesVersion, steps, problems: plan.problems, ...(next ? { next } : {}) }, null, 2)}\n`);
  } else {
    printPlan(a.io, g.id, g.entry, plan);
    if (next) a.io.out(`next: ${next}, then synthesize, review and apply\n`);
  }
  return plan.problems.length ? 1 : 0;
}

async function upgrade(a: Args): Promise<number> {
  const [name] = a.positional;
  const to = str(a, 'to');
  if (!name || !to) throw new UsageError('upgrade needs a group and --to <version>');
  const { file, lock } = loadLock(a);
  const g = lockedGroup(lock, name);
  const kubernetes = str(a, 'kubernetes') ?? g.entry.kubernetesVersion;
  const plan = UpgradePlanner.plan(g.entry.chartVersion, to, kubernetes);
  if (plan.problems.length) {
    printPlan(a.io, g.id, g.entry, plan);
    return 1;
  }
  if (plan.steps.length === 0) {
    a.io.out(`group ${g.id} is on ${to} already\n`);
    return 0;
  }
  if (plan.steps.length > 1) {
    a.io.out(`refused: ${g.entry.chartVersion} -> ${to} skips a minor version. The path is ${[plan.from, ...plan.steps.map((s) => s.to)].join(' -> ')}: upgrade to ${plan.steps[0].to} first, apply, then continue.\n`);
    return 1;
  }
  const problem = kubernetesProblem(g.entry.kubernetesVersion, kubernetes, to);
  if (problem) {
    a.io.out(`refused: ${problem}\n`);
    return 1;
  }
  const next: LockFile = {
    ...lock,
    stacks: { ...lock.stacks, [g.stack]: { groups: { ...lock.stacks[g.stack].groups, [g.group]: { ...g.entry, chartVersion: to, kubernetesVersion: kubernetes } } } },
  };
  writeLock(file, next);
  a.io.out(`group ${g.id}: locked vCluster ${g.entry.chartVersion} -> ${to}${kubernetes !== g.entry.kubernetesVersion ? `, Kubernetes ${g.entry.kubernetesVersion} -> ${kubernetes}` : ''} in ${file}\n`);
  for (const c of plan.steps[0].changes) if (!c.startsWith('raise kubernetesVersion')) a.io.out(`before applying: ${c}\n`);
  a.io.out('next: synthesize and review the plan (an update in place of each vCluster release), then apply. A group that sets chartVersion in code must change it there too.\n');
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

/** This package's version, from its package.json (two levels up from src/cli and lib/cli). */
function packageVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
}

/** The virtual cluster the user named, from the lock file. */
function lockedVirtualCluster(lock: LockFile, name: string): { id: string; stack: string; group: string; name: string; entry: VirtualClusterLock } {
  const all = Object.entries(lock.stacks).flatMap(([stack, s]) => Object.entries(s.groups).flatMap(([group, g]) => Object.entries(g.virtualClusters).map(([vc, entry]) => ({ id: `${stack}/${group}/${vc}`, stack, group, name: vc, entry }))));
  const hits = all.filter((v) => v.id === name || v.name === name || `${v.group}/${v.name}` === name);
  if (hits.length === 1) return hits[0];
  throw new UsageError(hits.length ? `"${name}" names several virtual clusters (${hits.map((h) => h.id).join(', ')}); use stack/group/name` : `no virtual cluster "${name}" in the lock file`);
}

async function planMoveCommand(a: Args): Promise<number> {
  const [name] = a.positional;
  if (!name) throw new UsageError('plan-move needs a virtual cluster');
  const { lock } = loadLock(a);
  const v = lockedVirtualCluster(lock, name);
  const to = str(a, 'to');
  const move = v.entry.move;
  if (!move && !to) {
    a.io.out(`${v.id} has no move under way; pass --to <group> to plan one\n`);
    return 1;
  }
  if (move && to && to !== move.toGroup && to !== `${move.toGroup}/${move.toHost}`) {
    a.io.out(`${v.id} is moving to group ${move.toGroup} already (phase ${move.phase}); finish or call off that move first\n`);
    return 1;
  }
  const [toGroup, toHost] = move ? [move.toGroup, move.toHost] : to!.split('/');
  if (!lock.stacks[v.stack].groups[toGroup]) {
    a.io.out(`no group ${toGroup} in stack ${v.stack} (the lock file knows ${Object.keys(lock.stacks[v.stack].groups).join(', ')}): a move stays in its stack\n`);
    return 1;
  }
  if (toGroup === v.group) {
    a.io.out(`${v.id} is in group ${toGroup} already: a move goes to another group\n`);
    return 1;
  }
  const plan = planMove({ id: v.id, fromHost: v.entry.host, toGroup, toHost, url: move?.url, phase: move?.phase });
  const next = move && move.phase !== 'retire' ? `cdktf-cluster-groups move ${v.id}` : undefined;
  if (a.options.json === true) {
    a.io.out(`${JSON.stringify({ virtualCluster: v.id, from: { group: v.group, host: v.entry.host }, to: { group: toGroup, ...(toHost ? { host: toHost } : {}) }, phase: move?.phase ?? null, steps: plan.steps, why: plan.why, ...(next ? { next } : {}) }, null, 2)}\n`);
    return 0;
  }
  a.io.out(`${v.id}: host ${v.entry.host} -> group ${toGroup}${toHost ? ` (host ${toHost})` : ''}${move ? `, through ${move.url}; phase ${move.phase} since ${move.since}` : ', not begun'}\n`);
  plan.steps.forEach((s, i) => {
    a.io.out(`apply ${i + 1}, ${s.phase} [${s.state}]\n`);
    if (s.before) a.io.out(`  before: ${s.before}\n`);
    a.io.out(`  deploy: ${s.does}\n  then: ${s.then}\n`);
  });
  a.io.out(`why three: ${plan.why}\n`);
  if (next) a.io.out(`next, once this phase's deploy has succeeded: ${next}\n`);
  return 0;
}

async function moveCommand(a: Args): Promise<number> {
  const [name] = a.positional;
  if (!name) throw new UsageError('move needs a virtual cluster');
  const { file, lock } = loadLock(a);
  const v = lockedVirtualCluster(lock, name);
  const move = v.entry.move;
  if (!move) {
    a.io.out(`refused: ${v.id} has no move under way. Add moveTo to it in the code and synthesize: that records the first phase (the snapshot)\n`);
    return 1;
  }
  const i = MOVE_PHASES.indexOf(move.phase);
  if (i === MOVE_PHASES.length - 1) {
    a.io.out(`refused: ${v.id}'s move is in its last phase (retire). Declare it in group ${move.toGroup} and remove it from ${v.group}\n`);
    return 1;
  }
  const phase = MOVE_PHASES[i + 1];
  const stack = lock.stacks[v.stack];
  const group = stack.groups[v.group];
  const entry = { ...v.entry, move: { ...move, phase, since: new Date().toISOString() } };
  writeLock(file, { ...lock, stacks: { ...lock.stacks, [v.stack]: { groups: { ...stack.groups, [v.group]: { ...group, virtualClusters: { ...group.virtualClusters, [v.name]: entry } } } } } });
  const step = planMove({ id: v.id, fromHost: v.entry.host, toGroup: move.toGroup, toHost: move.toHost, url: move.url, phase }).steps[i + 1];
  a.io.out(`${v.id}: move to group ${move.toGroup} -> phase ${phase} in ${file}\nnext: synthesize, review and deploy: ${step.does}\n`);
  return 0;
}

const COMMANDS: Record<string, Command> = {
  validate: { valued: ['app'], json: true, positionals: 0, run: validate },
  report: { valued: ['app', 'format', 'out', 'rates'], json: true, positionals: 0, run: report },
  'plan-upgrade': { valued: ['lock', 'to'], json: true, positionals: 1, run: planUpgrade },
  upgrade: { valued: ['lock', 'to', 'kubernetes'], json: false, positionals: 1, run: upgrade },
  'plan-move': { valued: ['lock', 'to'], json: true, positionals: 1, run: planMoveCommand },
  move: { valued: ['lock'], json: false, positionals: 1, run: moveCommand },
};

/** Runs the CLI; resolves to its exit code (see USAGE). */
export async function main(argv: string[], io: CliIo = PROCESS_IO): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    io.out(`${USAGE}\n`);
    return 0;
  }
  if (command === '--version') {
    io.out(`${packageVersion()}\n`);
    return 0;
  }
  if (!command) {
    io.err(`error: no command given\n\n${USAGE}\n`);
    return 2;
  }
  const cmd = COMMANDS[command];
  if (!cmd) {
    io.err(`error: unknown ${command.startsWith('-') ? 'option' : 'command'} "${command}"\n\n${USAGE}\n`);
    return 2;
  }
  try {
    const args = parseCommandArgs(rest, cmd, io);
    if (args.help) {
      io.out(`${HELP[command]}\n`);
      return 0;
    }
    return await cmd.run(args);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`error: ${e.message}\n\n${HELP[command]}\n`);
      return 2;
    }
    // A broken lock file and the like: their messages say what to do.
    io.err(`error: ${(e as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
