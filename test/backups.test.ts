import { BackupTarget, ClusterGroup, PlatformSummary } from '../src';
import { SNAPSHOT_REQUEST_LABEL } from '../src/charts/backups';
import { lifecycleName } from '../src/charts/lifecycle';
import { host, podSteps as steps, releaseValues, synthErrors, synthJson, testStack } from './helpers';

const S3 = BackupTarget.s3({ bucket: 'platform-backups', prefix: 'vclusters/dev', region: 'eu-central-1', endpoint: 'https://minio.example.com:9000', forcePathStyle: true, credentialsSecret: 'backup-credentials' });
const cronJobs = (json: any) => Object.values((json.resource.kubernetes_cron_job_v1 ?? {}) as Record<string, any>);

function group(stack = testStack(), props: object = {}) {
  return new ClusterGroup(stack, 'g', { hosts: [{ host: host(stack, 'a'), dnsPattern: '*.a.example.com' }], ...props });
}

describe('backups', () => {
  test('one CronJob per kept snapshot, passing a token: the first runs, each run resumes the next and suspends itself', () => {
    const stack = testStack();
    group(stack).addVirtualCluster('shop', { backups: { schedule: '0 2 * * *', timeZone: 'Europe/Berlin', target: S3, keep: 3 } });
    const json = synthJson(stack);
    const name = lifecycleName('shop', 'vcluster-shop');
    const jobs = cronJobs(json);
    expect(jobs.map((j) => [j.metadata.name, j.spec.schedule, j.spec.timezone, j.spec.suspend])).toEqual([
      [`${name}-backup-3-0`, '0 2 * * *', 'Europe/Berlin', false],
      [`${name}-backup-3-1`, '0 2 * * *', 'Europe/Berlin', true],
      [`${name}-backup-3-2`, '0 2 * * *', 'Europe/Berlin', true],
    ]);
    expect(jobs.every((j) => j.lifecycle.ignore_changes.includes('spec[0].suspend'))).toBe(true);
    const last = steps(jobs[2].spec.job_template.spec.template);
    expect(last).toEqual([
      ['clear', 'delete', '--namespace=vcluster-shop', 'configmap/cluster-groups-backup-2', 'secret/cluster-groups-backup-2', '--ignore-not-found', '--wait=false'],
      ['options', 'create', 'secret', 'generic', 'cluster-groups-backup-2', '--namespace=vcluster-shop', '--from-literal=snapshotOptions={"type":"s3","s3":{"bucket":"platform-backups","key":"vclusters/dev/g.shop.2.tar.gz","region":"eu-central-1","url":"https://minio.example.com:9000","force-path-style":true,"credentials-file":"/etc/cluster-groups/s3/credentials"}}'],
      ['request', 'create', 'configmap', 'cluster-groups-backup-2', '--namespace=vcluster-shop', '--from-literal=snapshotRequest={"metadata":{"name":"cluster-groups-backup-2"},"spec":{"url":"s3://platform-backups/vclusters/dev/g.shop.2.tar.gz"}}'],
      ['label-options', 'label', '--namespace=vcluster-shop', 'secret/cluster-groups-backup-2', `${SNAPSHOT_REQUEST_LABEL}=`, 'vcluster.loft.sh/vcluster-name=shop', 'vcluster.loft.sh/vcluster-namespace=vcluster-shop'],
      ['submit', 'label', '--namespace=vcluster-shop', 'configmap/cluster-groups-backup-2', `${SNAPSHOT_REQUEST_LABEL}=`, 'vcluster.loft.sh/vcluster-name=shop', 'vcluster.loft.sh/vcluster-namespace=vcluster-shop'],
      ['resume-next', 'patch', '--namespace=cluster-groups-lifecycle', `cronjob/${name}-backup-3-0`, '--type=merge', '--patch={"spec":{"suspend":false}}'],
      ['suspend-self', 'patch', '--namespace=cluster-groups-lifecycle', `cronjob/${name}-backup-3-2`, '--type=merge', '--patch={"spec":{"suspend":true}}'],
    ]);
    // RBAC: create anywhere in its namespace, but read, label and delete only the slots' requests.
    const roles = Object.values(json.resource.kubernetes_role_v1 as Record<string, any>);
    expect(roles).toHaveLength(2);
    expect(roles.map((r) => r.rule)).toEqual(expect.arrayContaining([
      [
        { api_groups: [''], resources: ['secrets', 'configmaps'], verbs: ['create'] },
        { api_groups: [''], resources: ['secrets', 'configmaps'], verbs: ['get', 'patch', 'delete'], resource_names: ['cluster-groups-backup-0', 'cluster-groups-backup-1', 'cluster-groups-backup-2'] },
      ],
      [{ api_groups: ['batch'], resources: ['cronjobs'], verbs: ['get', 'patch'], resource_names: [0, 1, 2].map((i) => `${name}-backup-3-${i}`) }],
    ]));
  });

  test('one snapshot kept: a single CronJob, no token and no CronJob rights', () => {
    const stack = testStack();
    group(stack).addVirtualCluster('shop', { backups: { schedule: '@daily', timeZone: 'UTC', target: BackupTarget.container(), keep: 1 } });
    const json = synthJson(stack);
    const jobs = cronJobs(json);
    expect(jobs).toHaveLength(1);
    expect(jobs[0].spec.suspend).toBeUndefined();
    expect(jobs[0].lifecycle).toBeUndefined();
    expect(steps(jobs[0].spec.job_template.spec.template).map((s) => s[0])).toEqual(['clear', 'options', 'request', 'label-options', 'submit']);
    expect(steps(jobs[0].spec.job_template.spec.template)[1][6]).toBe('--from-literal=snapshotOptions={"type":"container","container":{"path":"/data/snapshots/g.shop.0.tar.gz"}}');
    expect(Object.keys(json.resource.kubernetes_role_v1)).toHaveLength(1);
  });

  test('the control plane mounts the credentials from their Secret (which may come later); no key is in the synthesized JSON', () => {
    const stack = testStack();
    const volumes = [{ name: 'mine', emptyDir: {} }];
    group(stack, { backups: { schedule: '0 2 * * *', timeZone: 'UTC', target: S3 } }).addVirtualCluster('shop', { values: { extraValues: { controlPlane: { statefulSet: { persistence: { addVolumes: volumes } } } } } });
    const json = synthJson(stack);
    const sts = releaseValues(json, 'shop').controlPlane.statefulSet;
    expect(sts.persistence.addVolumes).toEqual([
      { name: 'mine', emptyDir: {} },
      { name: 'cluster-groups-s3-credentials', secret: { secretName: 'backup-credentials', optional: true, items: [{ key: 'credentials', path: 'credentials' }] } },
    ]);
    expect(sts.persistence.addVolumeMounts).toEqual([{ name: 'cluster-groups-s3-credentials', mountPath: '/etc/cluster-groups/s3', readOnly: true }]);
    expect(sts.env).toBeUndefined();
    const options = steps(cronJobs(json)[0].spec.job_template.spec.template)[1][6];
    expect(options).toContain('"credentials-file":"/etc/cluster-groups/s3/credentials"');
    expect(JSON.stringify(json)).not.toMatch(/access-key-id|secret-access-key|aws_access_key_id|"password"/);
    expect(cronJobs(json)).toHaveLength(3);
  });

  test('an OCI login is mounted as the control plane\'s Docker config', () => {
    const stack = testStack();
    group(stack).addVirtualCluster('shop', { backups: { schedule: '0 2 * * *', timeZone: 'UTC', target: BackupTarget.oci({ repository: 'registry.example.com/platform/snapshots', credentialsSecret: 'registry-login' }), keep: 1 } });
    const json = synthJson(stack);
    const sts = releaseValues(json, 'shop').controlPlane.statefulSet;
    expect(sts.env).toEqual([{ name: 'DOCKER_CONFIG', value: '/etc/cluster-groups/docker' }]);
    expect(sts.persistence.addVolumes).toEqual([{ name: 'cluster-groups-oci-auth', secret: { secretName: 'registry-login', optional: true, items: [{ key: '.dockerconfigjson', path: 'config.json' }] } }]);
    expect(sts.persistence.addVolumeMounts).toEqual([{ name: 'cluster-groups-oci-auth', mountPath: '/etc/cluster-groups/docker', readOnly: true }]);
    expect(steps(cronJobs(json)[0].spec.job_template.spec.template)[2][5]).toBe('--from-literal=snapshotRequest={"metadata":{"name":"cluster-groups-backup-0"},"spec":{"url":"oci://registry.example.com/platform/snapshots:g.shop.0"}}');
  });

  test('a restore runs `/vcluster restore --new-vcluster` in the control plane\'s own image before it starts, once per snapshot', () => {
    const stack = testStack();
    group(stack).addVirtualCluster('shop', { restoreFrom: { target: S3, snapshot: 'old.shop.1' } });
    const json = synthJson(stack);
    const sts = releaseValues(json, 'shop').controlPlane.statefulSet;
    const init = sts.initContainers[0];
    expect(init.name).toBe('cluster-groups-restore');
    expect(init.image).toMatch(/^ghcr\.io\/loft-sh\/vcluster-pro:0\.\d+\.\d+$/);
    expect(init.command[2]).toMatch(/^\[ -e \/data\/\.cluster-groups-restored-[0-9a-f]{12} \] \|\| \{ \/vcluster restore --new-vcluster && touch \/data\/\.cluster-groups-restored-[0-9a-f]{12}; \}$/);
    const options = init.env.find((e: any) => e.name === 'VCLUSTER_STORAGE_OPTIONS').value;
    expect(JSON.parse(Buffer.from(options, 'base64').toString())).toEqual({ type: 's3', s3: { bucket: 'platform-backups', key: 'vclusters/dev/old.shop.1.tar.gz', region: 'eu-central-1', url: 'https://minio.example.com:9000', 'force-path-style': true, 'credentials-file': '/etc/cluster-groups/s3/credentials' } });
    expect(init.env.map((e: any) => e.name)).toEqual(['VCLUSTER_NAME', 'POD_NAME', 'VCLUSTER_STORAGE_OPTIONS']);
    expect(init.volumeMounts.map((m: any) => m.name)).toEqual(['data', 'binaries', 'certs', 'vcluster-config', 'tmp', 'cluster-groups-s3-credentials']);
    expect(sts.persistence.addVolumes.map((v: any) => v.name)).toEqual(['cluster-groups-s3-credentials']);
    expect(cronJobs(json)).toHaveLength(0);
  });

  test('the summary says where each virtual cluster is backed up to and restored from', () => {
    const stack = testStack();
    const g = group(stack);
    g.addVirtualCluster('shop', { backups: { schedule: '0 2 * * *', timeZone: 'UTC', target: S3 }, restoreFrom: { target: BackupTarget.oci({ repository: 'registry.example.com/snaps' }), snapshot: 'old.shop.1' } });
    synthJson(stack);
    expect(PlatformSummary.render(stack).split('\n')[2]).toBe('  - shop on a: https://shop.a.example.com (vCluster 0.36.1, backed up "0 2 * * *" UTC to s3://platform-backups/vclusters/dev (keeps 3), restored from old.shop.1 at oci://registry.example.com/snaps)');
  });

  test('the restore uses the image the chart would: a registry override counts', () => {
    const stack = testStack();
    group(stack).addVirtualCluster('shop', { restoreFrom: { target: S3, snapshot: 'old.shop.1' }, values: { extraValues: { controlPlane: { advanced: { defaultImageRegistry: 'mirror.example.com' } } } } });
    expect(releaseValues(synthJson(stack), 'shop').controlPlane.statefulSet.initContainers[0].image).toMatch(/^mirror\.example\.com\/loft-sh\/vcluster-pro:/);
  });

  test('wrong input fails the synth with rule CG23', () => {
    const stack = testStack();
    const g = group(stack, { sleepSchedule: { sleep: '0 20 * * *', wake: '0 7 * * *', timeZone: 'UTC' } });
    g.addVirtualCluster('shop', { backups: { schedule: '0 2 * * *', timeZone: 'UTC', target: BackupTarget.s3({ bucket: 'Bad_Bucket' }), keep: 0 } });
    expect(synthErrors(stack)).toEqual([
      '[CG23] test/g/shop: backups.schedule = "0 2 * * *": fires while it sleeps (first at Wed 02:00, UTC, under the sleep schedule of test/g): its control plane is stopped then and writes no snapshot. Fix: back it up during its waking hours, at least a minute after it wakes',
      '[CG23] test/g/shop: backups.keep = 0: not a whole number from 1 to 30. Fix: keep 1 to 30 snapshots (one CronJob each)',
      '[CG23] test/g/shop: backups.target.bucket = "Bad_Bucket": not an S3 bucket name (3 to 63 lowercase letters, digits, "." and "-", not an IP address). Fix: give the bucket\'s name alone, such as "platform-backups", without s3:// or a path',
    ]);
  });

  test('a target that is not a BackupTarget is an input error', () => {
    const stack = testStack();
    group(stack).addVirtualCluster('shop', { backups: { schedule: '0 2 * * *', timeZone: 'UTC', target: { kind: 's3', bucket: 'x' } as any } });
    expect(synthErrors(stack)[0]).toMatch(/^\[input\] test\/g\/shop: backups\.target = .*a BackupTarget \(BackupTarget\.s3\(\), \.oci\(\) or \.container\(\)\)/);
  });
});
