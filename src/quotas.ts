import { SpecOf } from './private/props';

/** Limits on what one user or one project may hold in a group, summed over its virtual clusters. */
export interface Quota {
  /**
   * How many virtual clusters.
   * @default - no limit
   */
  readonly virtualClusters?: number;
  /**
   * CPU cores, summed over the sizes.
   * @default - no limit
   */
  readonly cpu?: number;
  /**
   * Memory, summed over the sizes, as a Kubernetes quantity such as `16Gi`.
   * @default - no limit
   */
  readonly memory?: string;
  /**
   * Storage, summed over the sizes, as a Kubernetes quantity such as `20Gi`.
   * @default - no limit
   */
  readonly storage?: string;
}

/**
 * A group's quotas, checked at synth before its per-cluster ceilings: per user (a virtual
 * cluster's `owner`) and per project (its `project`).
 */
export interface QuotaPolicy {
  /**
   * What each owner may hold; every virtual cluster of the group then needs an owner.
   * @default - no per-user quota
   */
  readonly perUser?: Quota;
  /**
   * What each project may hold; every virtual cluster of the group then needs a project.
   * @default - no per-project quota
   */
  readonly perProject?: Quota;
}

/** Ready-made quota policies. */
export class Quotas {
  /**
   * The limits of Palette's managed cluster group: each user may hold 2 virtual clusters with
   * 12 CPU, 16Gi of memory and 20Gi of storage in all.
   */
  public static paletteManagedGroup(): QuotaPolicy {
    return { perUser: { virtualClusters: 2, cpu: 12, memory: '16Gi', storage: '20Gi' } };
  }

  private constructor() {}
}

const QUOTA_PROPS: SpecOf<Quota> = { virtualClusters: { type: 'number' }, cpu: { type: 'number' }, memory: { type: 'string' }, storage: { type: 'string' } };
export const QUOTA_POLICY_PROPS: SpecOf<QuotaPolicy> = { perUser: { type: { props: QUOTA_PROPS } }, perProject: { type: { props: QUOTA_PROPS } } };
