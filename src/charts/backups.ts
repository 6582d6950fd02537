// Backups as vCluster's open-source snapshot requests (loft-sh/api, pkg/snapshot, at the pinned
// charts): a Secret whose `snapshotOptions` key holds the storage options as JSON, and a
// ConfigMap of the same name, labelled `vcluster.loft.sh/snapshot-request`, whose
// `snapshotRequest` key holds `{metadata: {name}, spec: {url}}`. The syncer picks the pair up in
// the virtual cluster's host namespace, writes the snapshot and deletes the Secret. Restores run
// `/vcluster restore --new-vcluster` in the control plane's own image, as `vcluster restore` does
// in a copy of the control-plane pod; here an init container of that pod does it.
import { createHash } from 'crypto';
import { deepMerge, valueAt } from '../model/values';
import { BackupTargetModel } from '../model/platform-model';
export { snapshotName } from '../model/platform-model';
import { LifecycleStep } from './lifecycle';

export const SNAPSHOT_REQUEST_LABEL = 'vcluster.loft.sh/snapshot-request';
export const VCLUSTER_NAME_LABEL = 'vcluster.loft.sh/vcluster-name';
export const VCLUSTER_NAMESPACE_LABEL = 'vcluster.loft.sh/vcluster-namespace';
/** Where a `container` target writes, in the control plane's data volume, unless told. */
export const DEFAULT_CONTAINER_DIRECTORY = '/data/snapshots';
/** Where an OCI target's registry login (a `.dockerconfigjson` Secret) is mounted for the syncer. */
export const DOCKER_CONFIG_DIRECTORY = '/etc/cluster-groups/docker';
const DOCKER_CONFIG_VOLUME = 'cluster-groups-oci-auth';
/**
 * Where an S3 target's credentials Secret (its key `credentials`, an AWS shared credentials file)
 * is mounted. A file rather than environment variables: the syncer reads it at each snapshot, so
 * the Secret may come after the control plane, and a rotated key needs no restart.
 */
export const S3_CREDENTIALS_DIRECTORY = '/etc/cluster-groups/s3';
const S3_CREDENTIALS_VOLUME = 'cluster-groups-s3-credentials';

/** The snapshot's URL, as `vcluster snapshot create` and `vcluster restore` take it. */
export function snapshotUrl(target: BackupTargetModel, name: string): string {
  if (target.kind === 's3') return `s3://${target.bucket}/${s3Key(target, name)}`;
  if (target.kind === 'oci') return `oci://${target.repository}:${name}`;
  return `container://${containerPath(target, name)}`;
}

function s3Key(target: BackupTargetModel, name: string): string {
  const prefix = (target.prefix ?? '').replace(/^\/+|\/+$/g, '');
  return `${prefix ? `${prefix}/` : ''}${name}.tar.gz`;
}

function containerPath(target: BackupTargetModel, name: string): string {
  return `${(target.directory ?? DEFAULT_CONTAINER_DIRECTORY).replace(/\/+$/, '')}/${name}.tar.gz`;
}

/**
 * The snapshot options the syncer reads, with no credentials: S3 keys come from a file mounted
 * from the target's Secret (or the AWS SDK's default chain), an OCI login from its Docker config.
 */
export function snapshotOptions(target: BackupTargetModel, name: string): Record<string, unknown> {
  if (target.kind === 's3') {
    const s3: Record<string, unknown> = { bucket: target.bucket, key: s3Key(target, name) };
    if (target.region) s3.region = target.region;
    if (target.endpoint) s3.url = target.endpoint;
    if (target.forcePathStyle) s3['force-path-style'] = true;
    if (target.credentialsSecret) s3['credentials-file'] = `${S3_CREDENTIALS_DIRECTORY}/credentials`;
    return { type: 's3', s3 };
  }
  if (target.kind === 'oci') return { type: 'oci', oci: { repository: `${target.repository}:${name}` } };
  return { type: 'container', container: { path: containerPath(target, name) } };
}

/** The name of a backup slot's request Secret and ConfigMap in the virtual cluster's namespace. */
export function requestName(slot: number): string {
  return `cluster-groups-backup-${slot}`;
}

/**
 * One backup run: a request left from a run the syncer never took (its control plane was down)
 * goes first; then the options Secret, the request ConfigMap, and the labels that hand the
 * request to the syncer, the ConfigMap's last so that it never sees a request without its
 * Secret. The names are fixed per slot, so the Role can name them: the jobs read no other Secret.
 */
export function backupSteps(release: string, namespace: string, target: BackupTargetModel, object: string, name: string): LifecycleStep[] {
  const request = { metadata: { name: object }, spec: { url: snapshotUrl(target, name) } };
  const labels = [`${SNAPSHOT_REQUEST_LABEL}=`, `${VCLUSTER_NAME_LABEL}=${release}`, `${VCLUSTER_NAMESPACE_LABEL}=${namespace}`];
  return [
    { name: 'clear', args: ['delete', `--namespace=${namespace}`, `configmap/${object}`, `secret/${object}`, '--ignore-not-found', '--wait=false'] },
    { name: 'options', args: ['create', 'secret', 'generic', object, `--namespace=${namespace}`, `--from-literal=snapshotOptions=${JSON.stringify(snapshotOptions(target, name))}`] },
    { name: 'request', args: ['create', 'configmap', object, `--namespace=${namespace}`, `--from-literal=snapshotRequest=${JSON.stringify(request)}`] },
    { name: 'label-options', args: ['label', `--namespace=${namespace}`, `secret/${object}`, ...labels] },
    { name: 'submit', args: ['label', `--namespace=${namespace}`, `configmap/${object}`, ...labels] },
  ];
}

/**
 * With more than one slot, the slots' CronJobs pass a token: one runs at a time, and its run
 * resumes the next slot's CronJob before it suspends its own, so that a failed run leaves two
 * running rather than none.
 */
export function handoverSteps(lifecycleNamespace: string, self: string, next: string): LifecycleStep[] {
  return [
    { name: 'resume-next', args: ['patch', `--namespace=${lifecycleNamespace}`, `cronjob/${next}`, '--type=merge', '--patch={"spec":{"suspend":false}}'] },
    { name: 'suspend-self', args: ['patch', `--namespace=${lifecycleNamespace}`, `cronjob/${self}`, '--type=merge', '--patch={"spec":{"suspend":true}}'] },
  ];
}

/** The request of a move's snapshot, in the source's namespace. */
export const MOVE_REQUEST = 'cluster-groups-move';

/**
 * A move's snapshot: a backup run, then a wait until the syncer has taken the request (it deletes
 * it when the snapshot is written, or has failed: a failed one fails the restore that follows).
 */
export function moveSnapshotSteps(release: string, namespace: string, target: BackupTargetModel, name: string): LifecycleStep[] {
  return [
    ...backupSteps(release, namespace, target, MOVE_REQUEST, name),
    { name: 'wait-taken', args: ['wait', `--namespace=${namespace}`, '--for=delete', `configmap/${MOVE_REQUEST}`, '--timeout=1800s'] },
  ];
}

/** What a move's snapshot Job needs beside a backup run's: watching its own request go. */
export const MOVE_RULES = [
  { apiGroups: [''], resources: ['secrets', 'configmaps'], verbs: ['create'] },
  { apiGroups: [''], resources: ['secrets', 'configmaps'], verbs: ['get', 'patch', 'delete', 'list', 'watch'], resourceNames: [MOVE_REQUEST] },
];

/**
 * The least a backup run needs in the virtual cluster's namespace: creating is not limited by
 * name in RBAC, reading, labelling and deleting are, to the slots' own requests.
 */
export function backupRules(keep: number) {
  const names = Array.from({ length: keep }, (_, i) => requestName(i));
  return [
    { apiGroups: [''], resources: ['secrets', 'configmaps'], verbs: ['create'] },
    { apiGroups: [''], resources: ['secrets', 'configmaps'], verbs: ['get', 'patch', 'delete'], resourceNames: names },
  ];
}

/** The control plane's image as the chart renders it (its `vcluster.controlPlane.image`). */
export function controlPlaneImage(values: Record<string, unknown>, chartVersion: string): string {
  const str = (p: string) => {
    const v = valueAt(values, p);
    return typeof v === 'string' ? v : undefined;
  };
  const repository = str('controlPlane.statefulSet.image.repository') || 'loft-sh/vcluster-pro';
  const tag = str('controlPlane.statefulSet.image.tag') || chartVersion;
  // An empty registry means Docker Hub, as in the chart.
  const registry = str('controlPlane.advanced.defaultImageRegistry') || (str('controlPlane.statefulSet.image.registry') ?? 'ghcr.io');
  return `${registry ? `${registry}/` : ''}${repository}:${tag}`;
}

/** The control plane's environment and volumes that let its syncer reach a target's storage. */
export function storageAccess(target: BackupTargetModel): { env: object[]; volumes: object[]; mounts: object[] } {
  if (!target.credentialsSecret || target.kind === 'container') return { env: [], volumes: [], mounts: [] };
  // Optional: the control plane starts without the Secret, and the kubelet adds the file when it comes.
  if (target.kind === 's3') {
    return {
      env: [],
      volumes: [{ name: S3_CREDENTIALS_VOLUME, secret: { secretName: target.credentialsSecret, optional: true, items: [{ key: 'credentials', path: 'credentials' }] } }],
      mounts: [{ name: S3_CREDENTIALS_VOLUME, mountPath: S3_CREDENTIALS_DIRECTORY, readOnly: true }],
    };
  }
  return {
    env: [{ name: 'DOCKER_CONFIG', value: DOCKER_CONFIG_DIRECTORY }],
    volumes: [{ name: DOCKER_CONFIG_VOLUME, secret: { secretName: target.credentialsSecret, optional: true, items: [{ key: '.dockerconfigjson', path: 'config.json' }] } }],
    mounts: [{ name: DOCKER_CONFIG_VOLUME, mountPath: DOCKER_CONFIG_DIRECTORY, readOnly: true }],
  };
}

/**
 * The init container that restores a snapshot into the control plane before it starts: the
 * syncer's own binary and mounts, as the pod `vcluster restore` creates has them. A marker in the
 * data volume makes it restore each snapshot once, not at every restart.
 */
export function restoreInitContainer(image: string, release: string, target: BackupTargetModel, name: string): Record<string, unknown> {
  const options = Buffer.from(JSON.stringify(snapshotOptions(target, name))).toString('base64');
  const url = snapshotUrl(target, name);
  const marker = `/data/.cluster-groups-restored-${createHash('sha256').update(url).digest('hex').slice(0, 12)}`;
  const access = storageAccess(target);
  return {
    name: 'cluster-groups-restore',
    image,
    command: ['sh', '-c', `[ -e ${marker} ] || { /vcluster restore --new-vcluster && touch ${marker}; }`],
    env: [
      { name: 'VCLUSTER_NAME', value: release },
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'VCLUSTER_STORAGE_OPTIONS', value: options },
      ...access.env,
    ],
    volumeMounts: [
      { name: 'data', mountPath: '/data' },
      { name: 'binaries', mountPath: '/binaries' },
      { name: 'certs', mountPath: '/pki' },
      { name: 'vcluster-config', mountPath: '/var/lib/vcluster' },
      { name: 'tmp', mountPath: '/tmp' },
      ...access.mounts,
    ],
  };
}

/**
 * The values with what the snapshots need added to the control plane: the targets' credentials
 * (appended to any the values already list) and, for a restore, the init container.
 */
export function withSnapshots(values: Record<string, unknown>, targets: readonly BackupTargetModel[], restore?: { readonly image: string; readonly release: string; readonly target: BackupTargetModel; readonly snapshot: string }): Record<string, unknown> {
  const seen = new Set<string>();
  const access = { env: [] as object[], volumes: [] as object[], mounts: [] as object[] };
  for (const t of targets) {
    const a = storageAccess(t);
    // Two targets with one Secret (the backups' and the restore's) add it once.
    const key = JSON.stringify(a);
    if (seen.has(key)) continue;
    seen.add(key);
    access.env.push(...a.env);
    access.volumes.push(...a.volumes);
    access.mounts.push(...a.mounts);
  }
  const list = (p: string): unknown[] => {
    const v = valueAt(values, p);
    return Array.isArray(v) ? v : [];
  };
  const statefulSet: Record<string, unknown> = {};
  if (access.env.length) statefulSet.env = [...list('controlPlane.statefulSet.env'), ...access.env];
  if (access.volumes.length) {
    statefulSet.persistence = {
      addVolumes: [...list('controlPlane.statefulSet.persistence.addVolumes'), ...access.volumes],
      addVolumeMounts: [...list('controlPlane.statefulSet.persistence.addVolumeMounts'), ...access.mounts],
    };
  }
  if (restore) statefulSet.initContainers = [...list('controlPlane.statefulSet.initContainers'), restoreInitContainer(restore.image, restore.release, restore.target, restore.snapshot)];
  if (!Object.keys(statefulSet).length) return values;
  return deepMerge(values, { controlPlane: { statefulSet } });
}
