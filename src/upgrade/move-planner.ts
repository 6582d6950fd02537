/** A move as the lock file records it, or as the CLI is asked to plan it. */
export interface MoveInput {
  /** `stack/group/virtual cluster`. */
  readonly id: string;
  readonly fromHost: string;
  readonly toGroup: string;
  readonly toHost?: string;
  /** The snapshot's URL, when the move has begun. */
  readonly url?: string;
  /** The phase the lock records; undefined when the move has not begun. */
  readonly phase?: 'snapshot' | 'restore' | 'retire';
}

export interface MoveStep {
  readonly phase: 'snapshot' | 'restore' | 'retire';
  /** What to run before `cdktf deploy`, if anything. */
  readonly before?: string;
  /** What the deploy does. */
  readonly does: string;
  /** What to check or know before going on. */
  readonly then: string;
  /** Done (applied or at least recorded before the current phase), current, or to come. */
  readonly state: 'done' | 'current' | 'next';
}

export interface MovePlan {
  readonly steps: readonly MoveStep[];
  /** Why three applies, in one paragraph. */
  readonly why: string;
}

const PHASES = ['snapshot', 'restore', 'retire'] as const;

export const WHY_THREE_APPLIES =
  'Three applies, because one cannot order them: the snapshot needs the source running, and pausing it afterwards changes the very Helm release the snapshot Job depends on; destroying the source is a deletion, which Terraform cannot order after the creation of the copy in one apply, and which should wait until a person has checked the copy.';

/** The three steps of a move and where it stands; `cli` is the command that advances it. */
export function planMove(m: MoveInput, cli = 'cdktf-cluster-groups'): MovePlan {
  const to = `group ${m.toGroup}${m.toHost ? ` (host ${m.toHost})` : ''}`;
  const [, , name] = m.id.split('/');
  const current = m.phase ? PHASES.indexOf(m.phase) : -1;
  const state = (i: number) => (i < current ? 'done' : i === current ? 'current' : 'next');
  const via = m.url ?? 'the snapshot';
  return {
    steps: [
      {
        phase: 'snapshot',
        before: m.phase ? undefined : `add moveTo: { group: <${m.toGroup}>, via: <S3 or OCI target> } to ${name}, and synthesize`,
        does: `a Job on host ${m.fromHost} files a snapshot request for ${via} and waits until ${name}'s control plane has taken it; ${name} runs on`,
        then: 'the deploy fails if the request is not taken in 30 minutes (a stopped or asleep control plane)',
        state: state(0),
      },
      {
        phase: 'restore',
        before: `${cli} move ${m.id}`,
        does: `${name} is paused on ${m.fromHost} (its volumes stay), and its copy is created in ${to}, restored from the snapshot before its control plane starts; the deploy waits for it`,
        then: 'check the copy: a failed snapshot fails its start. To call the move off, remove moveTo and deploy: the source resumes, the copy goes',
        state: state(1),
      },
      {
        phase: 'retire',
        before: `${cli} move ${m.id}`,
        does: `${name} is destroyed on ${m.fromHost}, with its volumes; the copy runs on`,
        then: `declare ${name} in ${m.toGroup} under the same id, with restoreFrom the snapshot, and remove it from its old group: the plan shows no change`,
        state: state(2),
      },
    ],
    why: WHY_THREE_APPLIES,
  };
}
