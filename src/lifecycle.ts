import type { CronJobV1 } from '@cdktf/provider-kubernetes/lib/cron-job-v1';
import type { JobV1 } from '@cdktf/provider-kubernetes/lib/job-v1';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { backupRules, backupSteps, handoverSteps, MOVE_RULES, moveSnapshotSteps, requestName, snapshotName } from './charts/backups';
import { kubectlImage, LIFECYCLE_NAMESPACE, LIFECYCLE_ROLE, LIFECYCLE_RULES, lifecycleName, LifecycleStep, pauseSteps, sleepSteps, wakeSteps } from './charts/lifecycle';
import { BackupScheduleModel, BackupTargetModel } from './model/platform-model';
import { MANAGED_BY_LABEL } from './private/keys';
import { providerBinding } from './private/bindings';
import { SpecOf } from './private/props';

/**
 * When a virtual cluster sleeps and wakes: two cron schedules in a time zone, run by CronJobs on
 * its host (open source; vCluster's own `sleep` needs a licence). Asleep, it is paused as
 * `vcluster pause` pauses it; awake, it runs with the replicas it had.
 */
export interface SleepSchedule {
  /** When it goes to sleep: a cron schedule of five fields (`0 20 * * 1-5`) or `@daily` and the like. */
  readonly sleep: string;
  /** When it wakes up, in the same form. */
  readonly wake: string;
  /** The IANA time zone the schedules are in, such as `Europe/Berlin` or `UTC`. */
  readonly timeZone: string;
}

export const SLEEP_SCHEDULE_PROPS: SpecOf<SleepSchedule> = {
  sleep: { type: 'string', required: true },
  wake: { type: 'string', required: true },
  timeZone: { type: 'string', required: true },
};

export interface LifecycleInput {
  /** The host: the shared lifecycle namespace is created under it, once. */
  readonly host: IConstruct;
  readonly provider: TerraformProvider;
  /** The virtual cluster's namespace, as a reference: created first, deleted last. */
  readonly namespace: string;
  /** Its name as written, which the names of the account and jobs derive from. */
  readonly namespaceName: string;
  readonly release: string;
  /** The release resource: the jobs act on what it installed. */
  readonly releaseResource: ITerraformDependable;
  readonly replicas: number;
  readonly paused: boolean;
  readonly schedule?: SleepSchedule;
  /** @internal Its backups, and the names its snapshots are written under. */
  readonly _backups?: { readonly schedule: BackupScheduleModel; readonly group: string; readonly clusterName: string };
  /** @internal The snapshot a move takes first, and where it goes. */
  readonly _moveSnapshot?: { readonly target: BackupTargetModel; readonly snapshot: string };
  readonly labels: { readonly [key: string]: string };
}

/**
 * The host-side objects that pause a virtual cluster, put it to sleep and back it up: a
 * ServiceAccount in the host's lifecycle namespace, a Role in the virtual cluster's namespace with
 * the least the jobs need, a Job that stops the workloads of a paused cluster, a schedule's sleep
 * and wake CronJobs, and one backup CronJob per kept snapshot.
 */
export class VirtualClusterLifecycle extends Construct {
  /** The Job that stops a paused cluster's workloads on the host. */
  public readonly pauseJob?: JobV1;
  public readonly sleepCronJob?: CronJobV1;
  public readonly wakeCronJob?: CronJobV1;
  /** The Job that takes a move's snapshot, and waits until the control plane has taken the request. */
  public readonly moveSnapshotJob?: JobV1;
  /** One per kept snapshot; one of them at a time is not suspended, and hands over after its run. */
  public readonly backupCronJobs: CronJobV1[] = [];

  constructor(scope: Construct, id: string, input: LifecycleInput) {
    super(scope, id);
    const { provider, namespace, release, replicas, schedule, _backups: backups, _moveSnapshot: moveSnapshot } = input;
    const labels = { ...MANAGED_BY_LABEL, ...input.labels };
    const shared = lifecycleNamespace(input.host, provider);
    const name = lifecycleName(release, input.namespaceName);
    const { ServiceAccountV1 } = providerBinding('service-account-v1');
    const { RoleV1 } = providerBinding('role-v1');
    const { RoleBindingV1 } = providerBinding('role-binding-v1');
    const account = new ServiceAccountV1(this, 'service-account', { provider, metadata: { name, namespace: shared.metadata.name, labels } });
    const role = new RoleV1(this, 'role', {
      provider,
      metadata: { name: LIFECYCLE_ROLE, namespace, labels },
      rule: [
        ...(input.paused || schedule ? LIFECYCLE_RULES : []),
        ...(backups ? backupRules(backups.schedule.keep) : []),
        ...(moveSnapshot ? MOVE_RULES : []),
      ]
        .map((r) => ({ apiGroups: [...r.apiGroups], resources: [...r.resources], verbs: [...r.verbs], resourceNames: (r as { resourceNames?: readonly string[] }).resourceNames?.slice() }))
        // Backups and a move's snapshot both create requests: one rule says it once.
        .filter((r, i, all) => all.findIndex((x) => JSON.stringify(x) === JSON.stringify(r)) === i),
    });
    const binding = new RoleBindingV1(this, 'role-binding', {
      provider,
      metadata: { name: LIFECYCLE_ROLE, namespace, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name },
      subject: [{ kind: 'ServiceAccount', name: account.metadata.name, namespace: LIFECYCLE_NAMESPACE }],
    });
    const dependsOn: ITerraformDependable[] = [input.releaseResource, binding];
    const template = (steps: LifecycleStep[]) => podTemplate(steps, account.metadata.name, labels);
    if (input.paused) {
      const { JobV1 } = providerBinding('job-v1');
      this.pauseJob = new JobV1(this, 'pause', {
        provider,
        metadata: { name: `${name}-pause`, namespace: shared.metadata.name, labels },
        spec: { backoffLimit: 3, template: template(pauseSteps(release, namespace)) },
        waitForCompletion: true,
        timeouts: { create: '10m', update: '10m' },
        dependsOn,
      });
    }
    if (moveSnapshot) {
      const { JobV1 } = providerBinding('job-v1');
      this.moveSnapshotJob = new JobV1(this, 'move-snapshot', {
        provider,
        metadata: { name: `${name}-move`, namespace: shared.metadata.name, labels },
        spec: { backoffLimit: 2, template: template(moveSnapshotSteps(release, input.namespaceName, moveSnapshot.target, moveSnapshot.snapshot)) },
        waitForCompletion: true,
        timeouts: { create: '40m', update: '40m' },
        dependsOn,
      });
    }
    const { CronJobV1 } = providerBinding('cron-job-v1');
    const cron = (kind: string, when: string, timeZone: string, steps: LifecycleStep[], suspend?: boolean) => new CronJobV1(this, kind, {
      provider,
      metadata: { name: `${name}-${kind}`, namespace: shared.metadata.name, labels },
      spec: {
        schedule: when,
        timezone: timeZone,
        suspend,
        // A run that could not start within the hour is left to the next one.
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: 3600,
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 3,
        jobTemplate: { metadata: { labels }, spec: { backoffLimit: 3, template: template(steps) } },
      },
      // The backup slots pass the token by suspending themselves: an apply must not undo that.
      lifecycle: suspend === undefined ? undefined : { ignoreChanges: ['spec[0].suspend'] },
      dependsOn,
    });
    if (schedule) {
      this.sleepCronJob = cron('sleep', schedule.sleep, schedule.timeZone, sleepSteps(release, namespace, replicas));
      this.wakeCronJob = cron('wake', schedule.wake, schedule.timeZone, wakeSteps(release, namespace, replicas));
    }
    if (backups) {
      const b = backups.schedule;
      // The count is in the names: keeping more or fewer starts a new ring at slot 0.
      const kind = (slot: number) => `backup-${b.keep}-${slot}`;
      const cronJobs = Array.from({ length: b.keep }, (_, slot) => `${name}-${kind(slot)}`);
      if (b.keep > 1) {
        const handover = new RoleV1(this, 'backup-handover', {
          provider,
          metadata: { name: `${name}-backup`, namespace: shared.metadata.name, labels },
          rule: [{ apiGroups: ['batch'], resources: ['cronjobs'], verbs: ['get', 'patch'], resourceNames: cronJobs }],
        });
        dependsOn.push(new RoleBindingV1(this, 'backup-handover-binding', {
          provider,
          metadata: { name: `${name}-backup`, namespace: shared.metadata.name, labels },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: handover.metadata.name },
          subject: [{ kind: 'ServiceAccount', name: account.metadata.name, namespace: LIFECYCLE_NAMESPACE }],
        }));
      }
      for (let slot = 0; slot < b.keep; slot++) {
        const steps = backupSteps(release, input.namespaceName, b.target, requestName(slot), snapshotName(backups.group, backups.clusterName, slot));
        if (b.keep > 1) steps.push(...handoverSteps(LIFECYCLE_NAMESPACE, cronJobs[slot], cronJobs[(slot + 1) % b.keep]));
        this.backupCronJobs.push(cron(kind(slot), b.schedule, b.timeZone, steps, b.keep > 1 ? slot !== 0 : undefined));
      }
    }
  }
}

/** The host's lifecycle namespace, created under the host construct by the first that needs it. */
function lifecycleNamespace(host: IConstruct, provider: TerraformProvider): NamespaceV1 {
  const id = 'lifecycle-namespace';
  return (host.node.tryFindChild(id) as NamespaceV1 | undefined) ?? new NamespaceV1(host, id, { provider, metadata: { name: LIFECYCLE_NAMESPACE, labels: { ...MANAGED_BY_LABEL } } });
}

/** The steps as init containers, which run one after the other, and the last as the container. */
function podTemplate(steps: LifecycleStep[], serviceAccount: string, labels: { readonly [key: string]: string }) {
  const image = kubectlImage();
  const container = (s: LifecycleStep) => ({
    name: s.name,
    image,
    args: [...s.args],
    resources: { limits: { cpu: '100m', memory: '64Mi' }, requests: { cpu: '10m', memory: '32Mi' } },
    securityContext: { runAsNonRoot: true, runAsUser: '65532', allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
  });
  return {
    metadata: { labels: { ...labels } },
    spec: {
      serviceAccountName: serviceAccount,
      restartPolicy: 'Never',
      initContainer: steps.slice(0, -1).map(container),
      container: [container(steps[steps.length - 1])],
    },
  };
}
