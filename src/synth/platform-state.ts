import * as fs from 'fs';
import * as path from 'path';
import { Annotations, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { missingCharts, valuesProblems } from '../charts/chart-source';
import { CATALOG_FACTS } from '../charts/versions';
import { diffLock, GroupLock, LOCK_FILE_NAME, LockFile, LockFileError, mergeLock, readLock, serializeLock, StackLock, writeLock } from '../lock/lock-file';
import { formatViolation, GroupModel, HostModel, PlatformModel } from '../model/platform-model';
import { HostUsage, Resources } from '../model/resources';
import { checkPlatform } from '../rules/index';
import { platformWarnings } from '../rules/warnings';
import { buildReport } from '../report/report';
import { InputError } from '../private/errors';
import { cdktfProjectDir, LOCK_FILE_CONTEXT, LOCK_MODE_CONTEXT, REPORT_ENV } from '../private/keys';

export type LockMode = 'update' | 'check';

/** What the registry needs from a cluster group, without importing the construct. */
export interface PlatformGroup extends IConstruct {
  readonly stackName: string;
  readonly groupName: string;
  _model(): { group: GroupModel; hosts: HostModel[] };
  _lock(): GroupLock;
  /** Endpoints of its virtual clusters and add-ons per host, for reports. */
  _reportExtras(): { endpoints: { [vc: string]: string }; addons: { [host: string]: string[] } };
}


const STATES = new WeakMap<IConstruct, PlatformState>();
/** Constructs that reported an input error and built nothing. */
const BROKEN = new WeakSet<IConstruct>();

/**
 * For a construct's constructor: an input error joins the app's rule violations at synth, so
 * that every mistake is reported together and nothing is written; the construct builds nothing
 * more. Any other error is rethrown.
 */
export function reportInputError(scope: IConstruct, error: unknown): void {
  if (!(error instanceof InputError)) throw error;
  PlatformState.of(scope).reportInput(scope, error);
}

/** Whether a construct reported an input error: what depends on it stays unbuilt, silently. */
export function isBroken(scope: unknown): boolean {
  return typeof scope === 'object' && scope !== null && BROKEN.has(scope as IConstruct);
}

/** Marks a construct unbuilt because something it depends on reported an error. */
export function markBroken(scope: IConstruct): void {
  BROKEN.add(scope);
}

/**
 * Everything the cluster groups of one app share: the lock file, what each host carries, and
 * the checks that run at synth. One per app root.
 */
export class PlatformState {
  /** The app's state, if any cluster group made one. */
  public static find(scope: IConstruct): PlatformState | undefined {
    return STATES.get(scope.node.root);
  }

  public static of(scope: IConstruct): PlatformState {
    const root = scope.node.root;
    let state = STATES.get(root);
    if (!state) {
      state = new PlatformState(root);
      STATES.set(root, state);
    }
    return state;
  }

  public readonly lockPath: string;
  public readonly mode: LockMode;
  private readonly lock: LockFile | undefined;
  private readonly lockError?: LockFileError;
  private readonly groups: PlatformGroup[] = [];
  private readonly usage = new HostUsage();
  private readonly guardedStacks = new WeakSet<IConstruct>();
  private readonly warned = new Set<string>();
  /** Input errors in the order reported; one problem reported twice (a host and its group) counts once. */
  private readonly inputErrors = new Set<string>();
  /** Set by PlatformSynth.run, which writes the lock after a successful synth. */
  private entryPoint = false;
  /** The errors of the last check, kept once the tree is final (during PlatformSynth.run). */
  private settled?: string[];

  private constructor(private readonly root: IConstruct) {
    const file = root.node.tryGetContext(LOCK_FILE_CONTEXT);
    this.lockPath = path.resolve(typeof file === 'string' ? file : path.join(cdktfProjectDir(process.cwd()) ?? process.cwd(), LOCK_FILE_NAME));
    const mode = root.node.tryGetContext(LOCK_MODE_CONTEXT) ?? (isCi() ? 'check' : 'update');
    if (mode !== 'update' && mode !== 'check') {
      throw new Error(`[input] context ${LOCK_MODE_CONTEXT} = ${JSON.stringify(mode)}: not a lock mode. Fix: use "update" or "check".`);
    }
    this.mode = mode;
    try {
      this.lock = readLock(this.lockPath);
    } catch (e) {
      // Reported by CG11 with everything else; nothing is written while it stands.
      if (!(e instanceof LockFileError)) throw e;
      this.lockError = e;
    }
  }

  /** This synth's time (ISO 8601, UTC), one for the whole app: what a new pause records. */
  public readonly now = new Date().toISOString();

  public lockedGroup(stack: string, group: string): GroupLock | undefined {
    return this.lock?.stacks[stack]?.groups[group];
  }

  public register(group: PlatformGroup): void {
    this.groups.push(group);
    this.guardStacks();
  }

  /** An input error of a construct, reported with the rule violations; the construct is unbuilt. */
  public reportInput(scope: IConstruct, error: InputError): void {
    this.inputErrors.add(error.message);
    BROKEN.add(scope);
    this.guardStacks();
  }

  /** The input errors reported so far, in order. */
  public get inputErrorMessages(): string[] {
    return [...this.inputErrors];
  }

  // Every stack that exists now gets the app-wide check, so that the first stack to be written
  // already fails when anything anywhere is wrong: no partial cdktf.out.
  private guardStacks(): void {
    for (const s of this.root.node.findAll().filter(TerraformStack.isStack)) {
      if (this.guardedStacks.has(s)) continue;
      this.guardedStacks.add(s);
      s.node.addValidation({ validate: () => this.validate() });
    }
  }

  public usedOn(host: string): Resources {
    return this.usage.of(host);
  }

  public reserve(host: string, size: Resources): void {
    this.usage.add(host, size);
  }

  /** The plain model of every group in the app. */
  public model(): PlatformModel {
    const hosts = new Map<string, HostModel[]>();
    const groups: GroupModel[] = [];
    for (const g of this.groups) {
      const m = g._model();
      groups.push(m.group);
      for (const h of m.hosts) {
        const same = hosts.get(h.name) ?? [];
        // The same host object in two groups counts once; two objects with one name are kept, so CG6 sees them.
        if (!same.some((x) => x.path === h.path)) same.push(h);
        hosts.set(h.name, same);
      }
    }
    const unreadable = this.lockError && { problem: this.lockError.problem, fix: this.lockError.fix };
    const lock = { path: this.lockPath, mode: this.mode, present: this.lock !== undefined, changes: diffLock(this.lock, this.nextLock()), unreadable };
    return { hosts: [...hosts.values()].flat(), groups, lock, missingCharts: missingCharts(this.root), valuesProblems: valuesProblems(this.root) };
  }

  /** Every rule violation in the app; adds warnings as annotations. */
  public validate(): string[] {
    if (this.settled) return this.settled;
    const model = this.model();
    const warnings = platformWarnings(model, CATALOG_FACTS);
    if (this.mode === 'update' && !this.entryPoint && model.lock!.changes.length && this.groups.length) {
      // On the first group: a warning on the app root would name no construct.
      warnings.push({ path: this.groups[0].node.path, message: `the lock file is written by PlatformSynth.run(app), not by app.synth(): ${model.lock!.changes.length} change(s) stay unrecorded in ${this.lockPath}` });
    }
    const fresh = warnings.filter((w) => !this.warned.has(`${w.path}\n${w.message}`));
    if (fresh.length) {
      const byPath = new Map(this.root.node.findAll().map((c) => [c.node.path, c]));
      for (const w of fresh) {
        this.warned.add(`${w.path}\n${w.message}`);
        Annotations.of(byPath.get(w.path) ?? this.groups[0] ?? this.root).addWarning(w.message);
      }
    }
    const errors = [...this.inputErrors, ...checkPlatform(model, CATALOG_FACTS).map(formatViolation)];
    const reportFile = process.env[REPORT_ENV];
    if (reportFile) this.writeReport(reportFile, model, errors);
    if (this.entryPoint) this.settled = errors;
    return errors;
  }

  /** PlatformSynth.run is synthesizing: the tree is final, and the lock is its to write. */
  public enterEntryPoint(): void {
    this.entryPoint = true;
  }

  /** The lock sections for the stacks of this app that hold cluster groups. */
  public nextLock(): { [stack: string]: StackLock } {
    const stacks: { [stack: string]: { groups: { [name: string]: GroupLock } } } = {};
    for (const g of this.groups) {
      const s = (stacks[g.stackName] ??= { groups: {} });
      s.groups[g.groupName] = g._lock();
    }
    return stacks;
  }

  private writeReport(file: string, model: PlatformModel, errors: string[]): void {
    const endpoints: { [path: string]: { [vc: string]: string } } = {};
    const addons: { [path: string]: { [host: string]: string[] } } = {};
    for (const g of this.groups) {
      const x = g._reportExtras();
      endpoints[g.node.path] = x.endpoints;
      addons[g.node.path] = x.addons;
    }
    fs.writeFileSync(file, JSON.stringify(buildReport(model, errors, platformWarnings(model, CATALOG_FACTS), { endpoints, addons }), null, 2));
  }

  /** Writes the lock after a successful synth (update mode only); prints what it recorded. */
  public commitLock(): void {
    if (this.mode !== 'update' || this.groups.length === 0) return;
    const next = this.nextLock();
    const changes = diffLock(this.lock, next);
    const merged = mergeLock(this.lock, next);
    // No change to report, but a field this version records that an older one did not (a group's
    // OIDC issuer): written quietly, so that CI's check of an older lock file keeps passing.
    if (changes.length === 0 && this.lock && serializeLock(merged) === serializeLock(this.lock)) return;
    writeLock(this.lockPath, merged);
    if (changes.length === 0 && this.lock) return;
    process.stderr.write(`cluster-groups: recorded ${changes.length} change(s) in ${this.lockPath}\n${changes.map((c) => `  ${c}\n`).join('')}`);
  }
}

function isCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}
