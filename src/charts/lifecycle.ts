// Pause, sleep and wake as the vCluster CLI does them (its lifecycle package, open source): the
// control-plane StatefulSet (named after the release) goes to zero replicas with the annotations
// `vcluster pause` writes, and the pods the syncer created on the host are deleted; waking
// scales it back to the replicas it had and removes the annotations, as `vcluster resume` does.
// Each step is one kubectl call, because the pinned kubectl image has no shell.
import { createHash } from 'crypto';
import { IMAGES } from './catalog';

export const PAUSED_ANNOTATION = 'loft.sh/paused';
export const PAUSED_REPLICAS_ANNOTATION = 'loft.sh/paused-replicas';
export const PAUSED_DATE_ANNOTATION = 'loft.sh/paused-date';
/** The label vCluster puts on every pod it syncs to the host, with the release name. */
export const MANAGED_BY_POD_LABEL = 'vcluster.loft.sh/managed-by';

export { LIFECYCLE_NAMESPACE } from '../model/platform-model';
/** The Role (and RoleBinding) in the virtual cluster's namespace that lets its jobs act there. */
export const LIFECYCLE_ROLE = 'cluster-groups-lifecycle';

/**
 * The name of a virtual cluster's ServiceAccount and jobs in the shared namespace: its release
 * name (cut short) and a hash of its namespace, unique on the host and short enough for a
 * CronJob (52 characters with the suffix).
 */
export function lifecycleName(release: string, namespace: string): string {
  const hash = createHash('sha256').update(namespace).digest('hex').slice(0, 6);
  return `${release.slice(0, 30).replace(/-+$/, '')}-${hash}`;
}

/** One container of a lifecycle Job: a kubectl call. */
export interface LifecycleStep {
  readonly name: string;
  readonly args: readonly string[];
}

/** The least the steps need, in the virtual cluster's namespace only. */
export const LIFECYCLE_RULES: readonly { readonly apiGroups: readonly string[]; readonly resources: readonly string[]; readonly verbs: readonly string[] }[] = [
  { apiGroups: ['apps'], resources: ['statefulsets'], verbs: ['get', 'list', 'watch', 'patch'] },
  { apiGroups: [''], resources: ['pods'], verbs: ['list', 'delete'] },
];

/** The kubectl image the steps run in, by digest. */
export function kubectlImage(): string {
  const k = IMAGES.kubectl;
  return `${k.image}:${k.tag}@${k.digest}`;
}

/** The pause annotations as the chart values put them on the StatefulSet. */
export function pausedAnnotations(replicas: number, pausedAt: string): Record<string, string> {
  return { [PAUSED_ANNOTATION]: 'true', [PAUSED_REPLICAS_ANNOTATION]: String(replicas), [PAUSED_DATE_ANNOTATION]: pausedAt };
}

/** After the control plane stopped, the pods it synced to the host are stopped too. */
function stopWorkloads(release: string, namespace: string): LifecycleStep[] {
  return [
    // The syncer must be gone first, or it would create the pods again.
    { name: 'wait-stopped', args: ['wait', `--namespace=${namespace}`, '--for=jsonpath={.status.replicas}=0', `statefulset/${release}`, '--timeout=300s'] },
    { name: 'delete-workloads', args: ['delete', 'pods', `--namespace=${namespace}`, `--selector=${MANAGED_BY_POD_LABEL}=${release}`, '--ignore-not-found', '--wait=false'] },
  ];
}

/** What the pause Job runs, after Helm scaled the control plane to zero. */
export function pauseSteps(release: string, namespace: string): LifecycleStep[] {
  return stopWorkloads(release, namespace);
}

/**
 * What the sleep CronJob runs. The date annotation is left out: without a shell, nothing in the
 * pod can write the time, and `vcluster resume` does not read it.
 */
export function sleepSteps(release: string, namespace: string, replicas: number): LifecycleStep[] {
  const patch = { metadata: { annotations: { [PAUSED_ANNOTATION]: 'true', [PAUSED_REPLICAS_ANNOTATION]: String(replicas) } }, spec: { replicas: 0 } };
  return [
    { name: 'scale-down', args: ['patch', `--namespace=${namespace}`, `statefulset/${release}`, '--type=merge', `--patch=${JSON.stringify(patch)}`] },
    ...stopWorkloads(release, namespace),
  ];
}

/** What the wake CronJob runs: one patch, so the replicas and the annotations change together. */
export function wakeSteps(release: string, namespace: string, replicas: number): LifecycleStep[] {
  const patch = { metadata: { annotations: { [PAUSED_ANNOTATION]: null, [PAUSED_REPLICAS_ANNOTATION]: null, [PAUSED_DATE_ANNOTATION]: null } }, spec: { replicas } };
  return [{ name: 'scale-up', args: ['patch', `--namespace=${namespace}`, `statefulset/${release}`, '--type=merge', `--patch=${JSON.stringify(patch)}`] }];
}
