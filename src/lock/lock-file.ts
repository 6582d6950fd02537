import * as fs from 'fs';
import { isPlainObject } from '../model/values';

/**
 * The lock file records, per stack and group, the vCluster and Kubernetes versions a group was
 * created or last upgraded with, and the host of every virtual cluster. It is what keeps a
 * library upgrade, a new host or reordered code from moving or upgrading anything.
 */
export const LOCK_FILE_NAME = 'cluster-groups.lock.json';
export const LOCK_FILE_VERSION = 1;

export interface VirtualClusterLock {
  readonly host: string;
  /**
   * While it is paused: when the lock first recorded the pause (ISO 8601, UTC), which the
   * `loft.sh/paused-date` annotation carries, so that every synth writes the same values.
   */
  readonly pausedAt?: string;
  /** A move to another group under way: where to, through which snapshot, and how far it is. */
  readonly move?: MoveLock;
  /** Where it was moved from, once it runs in its new group. */
  readonly movedFrom?: MovedFromLock;
}

/** The phases of a move, one apply each: snapshot the source, restore the copy, retire the source. */
export const MOVE_PHASES = ['snapshot', 'restore', 'retire'] as const;
export type MovePhase = (typeof MOVE_PHASES)[number];

export interface MoveLock {
  /** The group it moves to, in the same stack. */
  readonly toGroup: string;
  /** The host it moves to, when the code names one. */
  readonly toHost?: string;
  /** The snapshot's name and URL (no credentials). */
  readonly snapshot: string;
  readonly url: string;
  readonly phase: MovePhase;
  /** When the lock recorded the phase (ISO 8601, UTC). */
  readonly since: string;
}

export interface MovedFromLock {
  readonly group: string;
  readonly host: string;
  /** When the move that brought it began (ISO 8601, UTC). */
  readonly at: string;
}

export interface GroupLock {
  readonly chartVersion: string;
  readonly kubernetesVersion: string;
  /**
   * The OIDC issuer the group's API servers trust, or null for none: set once, before any
   * virtual cluster exists. Absent in lock files written before it was recorded.
   */
  readonly oidc?: OidcLock | null;
  readonly virtualClusters: { readonly [name: string]: VirtualClusterLock };
}

/** What identifies an OIDC issuer for the API servers: the issuer and the audience. */
export interface OidcLock {
  readonly issuerUrl: string;
  readonly clientId: string;
}

export interface StackLock {
  readonly groups: { readonly [name: string]: GroupLock };
}

export interface LockFile {
  readonly lockfileVersion: number;
  readonly stacks: { readonly [name: string]: StackLock };
}

export function emptyLock(): LockFile {
  return { lockfileVersion: LOCK_FILE_VERSION, stacks: {} };
}

/** Reads a lock file; undefined when it does not exist, a clear error when it is not one. */
export function readLock(file: string): LockFile | undefined {
  if (!fs.existsSync(file)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new LockFileError(file, `is not valid JSON (${(e as Error).message})`, 'restore it from version control, or delete it to record the platform anew');
  }
  const problem = lockProblem(data);
  if (problem) throw new LockFileError(file, `is not a cluster-groups lock file: ${problem}`, 'restore it from version control');
  return data as LockFile;
}

/** A lock file that cannot be read: what is wrong with it, and what to do. */
export class LockFileError extends Error {
  constructor(
    public readonly file: string,
    public readonly problem: string,
    public readonly fix: string,
  ) {
    super(`${file} ${problem}. Fix: ${fix}.`);
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function lockProblem(data: unknown): string | undefined {
  if (!isPlainObject(data)) return 'the top level is not an object';
  if (data.lockfileVersion !== LOCK_FILE_VERSION) return `lockfileVersion is ${JSON.stringify(data.lockfileVersion)}, this library reads ${LOCK_FILE_VERSION}`;
  if (!isPlainObject(data.stacks)) return '"stacks" is not an object';
  for (const [stack, s] of Object.entries(data.stacks)) {
    if (!isPlainObject(s) || !isPlainObject(s.groups)) return `stacks.${stack}.groups is not an object`;
    for (const [group, g] of Object.entries(s.groups)) {
      const at = `stacks.${stack}.groups.${group}`;
      if (!isPlainObject(g) || typeof g.chartVersion !== 'string' || typeof g.kubernetesVersion !== 'string') return `${at} lacks chartVersion or kubernetesVersion`;
      if (!isPlainObject(g.virtualClusters)) return `${at}.virtualClusters is not an object`;
      if (g.oidc !== undefined && g.oidc !== null && (!isPlainObject(g.oidc) || typeof g.oidc.issuerUrl !== 'string' || typeof g.oidc.clientId !== 'string')) return `${at}.oidc is not null or { issuerUrl, clientId }`;
      for (const [vc, v] of Object.entries(g.virtualClusters)) {
        if (!isPlainObject(v) || typeof v.host !== 'string') return `${at}.virtualClusters.${vc}.host is not a string`;
        if (v.pausedAt !== undefined && (typeof v.pausedAt !== 'string' || !ISO_DATE.test(v.pausedAt))) return `${at}.virtualClusters.${vc}.pausedAt is not a date such as "2026-01-31T12:00:00.000Z"`;
        const m = v.move;
        if (m !== undefined && (!isPlainObject(m) || typeof m.toGroup !== 'string' || (m.toHost !== undefined && typeof m.toHost !== 'string') || typeof m.snapshot !== 'string' || typeof m.url !== 'string' || !MOVE_PHASES.includes(m.phase as MovePhase) || typeof m.since !== 'string' || !ISO_DATE.test(m.since))) {
          return `${at}.virtualClusters.${vc}.move is not { toGroup, toHost?, snapshot, url, phase (${MOVE_PHASES.join(', ')}), since }`;
        }
        const f = v.movedFrom;
        if (f !== undefined && (!isPlainObject(f) || typeof f.group !== 'string' || typeof f.host !== 'string' || typeof f.at !== 'string' || !ISO_DATE.test(f.at))) return `${at}.virtualClusters.${vc}.movedFrom is not { group, host, at }`;
      }
    }
  }
  return undefined;
}

/** The lock with the given stacks' sections replaced; other stacks' sections are kept. */
export function mergeLock(old: LockFile | undefined, stacks: { readonly [name: string]: StackLock }): LockFile {
  return { lockfileVersion: LOCK_FILE_VERSION, stacks: { ...(old?.stacks ?? {}), ...stacks } };
}

/** Stable text: sorted keys, two spaces, a final newline, so that diffs show only real changes. */
export function serializeLock(lock: LockFile): string {
  return JSON.stringify(sortKeys(lock), null, 2) + '\n';
}

/** Writes the lock in its stable form, beside then renamed, so an interrupted write never leaves half a file. */
export function writeLock(file: string, lock: LockFile): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, serializeLock(lock));
  fs.renameSync(tmp, file);
}

/** What differs between the recorded and the new sections of the given stacks, one line each. */
export function diffLock(old: LockFile | undefined, stacks: { readonly [name: string]: StackLock }): string[] {
  const out: string[] = [];
  for (const [stackName, next] of Object.entries(stacks)) {
    const prev = old?.stacks[stackName]?.groups ?? {};
    for (const [name, g] of Object.entries(next.groups)) {
      const p = prev[name];
      const at = `${stackName}/${name}`;
      if (!p) {
        out.push(`group ${at} is new (vCluster ${g.chartVersion}, Kubernetes ${g.kubernetesVersion})`);
        continue;
      }
      if (p.chartVersion !== g.chartVersion) out.push(`group ${at}: vCluster ${p.chartVersion} -> ${g.chartVersion}`);
      if (p.kubernetesVersion !== g.kubernetesVersion) out.push(`group ${at}: Kubernetes ${p.kubernetesVersion} -> ${g.kubernetesVersion}`);
      if (p.oidc !== undefined && issuerText(p.oidc) !== issuerText(g.oidc)) out.push(`group ${at}: OIDC ${issuerText(p.oidc)} -> ${issuerText(g.oidc)}`);
      for (const [vc, v] of Object.entries(g.virtualClusters)) {
        const pv = p.virtualClusters[vc];
        if (!pv) out.push(`virtual cluster ${at}/${vc} is new, on host ${v.host}${v.pausedAt ? ', paused' : ''}`);
        else if (pv.host !== v.host) out.push(`virtual cluster ${at}/${vc} moves from host ${pv.host} to ${v.host}`);
        if (pv && pv.pausedAt !== v.pausedAt) out.push(v.pausedAt ? `virtual cluster ${at}/${vc} is paused (since ${v.pausedAt})` : `virtual cluster ${at}/${vc} is resumed`);
        if (pv?.move?.phase !== v.move?.phase) out.push(v.move ? `virtual cluster ${at}/${vc} moves to group ${v.move.toGroup}: ${v.move.phase} (step ${MOVE_PHASES.indexOf(v.move.phase) + 1} of ${MOVE_PHASES.length})` : `virtual cluster ${at}/${vc}: its move to group ${pv!.move!.toGroup} is called off`);
      }
      for (const vc of Object.keys(p.virtualClusters)) {
        if (!g.virtualClusters[vc]) out.push(`virtual cluster ${at}/${vc} is gone`);
      }
    }
    for (const name of Object.keys(prev)) {
      if (!next.groups[name]) out.push(`group ${stackName}/${name} is gone`);
    }
  }
  return out;
}

function issuerText(o: OidcLock | null | undefined): string {
  return o ? `${o.issuerUrl} (client ${o.clientId})` : 'none';
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isPlainObject(v)) return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
}
