import { formatViolation } from '../../src/model/platform-model';
import { checkBackups } from '../../src/rules/backups';
import { platform, vcM } from './model-builder';

const s3 = { kind: 's3' as const, bucket: 'platform-backups' };
const backups = (over: object = {}, path = 's/g/x') => ({ schedule: '0 12 * * *', timeZone: 'Europe/Berlin', keep: 3, target: s3, path, prop: 'backups', ...over });
const sleep = { sleep: '0 20 * * 1-5', wake: '0 7 * * 1-5', timeZone: 'Europe/Berlin', path: 's/g', prop: 'sleepSchedule' };
const restore = (over: object = {}) => ({ target: s3, snapshot: 'g.old.0', path: 's/g/x', prop: 'restoreFrom', ...over });
const check = (...vcs: ReturnType<typeof vcM>[]) => checkBackups(platform({ virtualClusters: vcs })).map(formatViolation);

describe('CG23 backups', () => {
  test('passes for valid backups of each target kind, awake at noon on weekdays, and a reachable restore', () => {
    expect(check(
      vcM('x', { backups: backups({ schedule: '0 12 * * 1-5' }), sleepSchedule: sleep }),
      vcM('y', { backups: backups({ target: { kind: 'oci', repository: 'registry.example.com:5000/platform/snaps', credentialsSecret: 'login' } }, 's/g/y') }),
      vcM('z', { backups: backups({ target: { kind: 'container', directory: '/data/backups' }, keep: 30 }, 's/g/z'), restoreFrom: restore({ target: { kind: 'container' }, snapshot: 'g.z.4', path: 's/g/z' }) }),
      vcM('w', { restoreFrom: restore({ target: { ...s3, prefix: 'a/b', region: 'eu-central-1', endpoint: 'http://minio.local:9000', credentialsSecret: 'creds' } }) }),
    )).toEqual([]);
  });

  test('fails if the schedule is not cron or never fires, the time zone is unknown, or keep is out of range', () => {
    expect(check(vcM('x', { backups: backups({ schedule: '0 2 * *', timeZone: 'CET+1', keep: 31 }) }), vcM('y', { backups: backups({ schedule: '0 0 30 2 *', keep: 1.5 }, 's/g/y') }))).toEqual([
      '[CG23] s/g/x: backups.schedule = "0 2 * *": not a schedule a CronJob accepts: has 4 field(s); a schedule has five: minute hour day-of-month month day-of-week. Fix: give five fields, such as "0 2 * * *" (02:00 every day), or @daily, @weekly...',
      '[CG23] s/g/x: backups.timeZone = "CET+1": not in the IANA time zone database. Fix: give an IANA name, such as "Europe/Berlin", "America/New_York" or "UTC"',
      '[CG23] s/g/x: backups.keep = 31: not a whole number from 1 to 30. Fix: keep 1 to 30 snapshots (one CronJob each)',
      '[CG23] s/g/y: backups.schedule = "0 0 30 2 *": names no day that exists, so it never fires. Fix: pick days of the month that every chosen month has',
      '[CG23] s/g/y: backups.keep = 1.5: not a whole number from 1 to 30. Fix: keep 1 to 30 snapshots (one CronJob each)',
    ]);
  });

  test('fails if it backs up a paused cluster, or while it sleeps, or at the minute it wakes', () => {
    expect(check(
      vcM('x', { paused: true, backups: backups() }),
      vcM('y', { paused: true, backups: backups({}, 's/g') }),
      vcM('z', { sleepSchedule: sleep, backups: backups({ schedule: '0 22 * * *' }, 's/g/z') }),
      vcM('v', { sleepSchedule: sleep, backups: backups({ schedule: '0 7 * * 1' }, 's/g/v') }),
      vcM('w', { sleepSchedule: sleep, backups: backups({ timeZone: 'UTC' }, 's/g/w') }),
    )).toEqual([
      '[CG23] s/g/x: paused = true: it has backups, which need a running control plane to write a snapshot. Fix: remove backups while it is paused, or resume it',
      '[CG23] s/g/y: paused = true: it has backups (from s/g), which need a running control plane to write a snapshot. Fix: give the backups to the members that run instead of the group, or resume this one',
      '[CG23] s/g/z: backups.schedule = "0 22 * * *": fires while it sleeps (first at Wed 22:00, Europe/Berlin, under the sleep schedule of s/g): its control plane is stopped then and writes no snapshot. Fix: back it up during its waking hours, at least a minute after it wakes',
      '[CG23] s/g/v: backups.schedule = "0 7 * * 1": fires while it sleeps (first at Mon 07:00, Europe/Berlin, under the sleep schedule of s/g): its control plane is stopped then and writes no snapshot. Fix: back it up during its waking hours, at least a minute after it wakes',
      '[CG23] s/g/w: backups.timeZone = "UTC": differs from its sleep schedule\'s ("Europe/Berlin"), so whether the backups run while it is awake cannot be checked. Fix: give the backups the time zone "Europe/Berlin"',
    ]);
  });

  test('a weekend sleep catches a daily backup that weekday nights do not', () => {
    const weekend = { ...sleep, sleep: '0 18 * * 5', wake: '0 6 * * 1' };
    expect(check(vcM('x', { sleepSchedule: weekend, backups: backups({ schedule: '0 12 * * 1-5' }) }))).toEqual([]);
    expect(check(vcM('x', { sleepSchedule: weekend, backups: backups({ schedule: '0 12 * * *' }) }))[0]).toMatch(/first at Sat 12:00/);
  });

  test('fails for malformed targets, and reports a group\'s target once', () => {
    const bad = backups({ target: { kind: 's3', bucket: 's3://b', prefix: '../up', region: 'EU', endpoint: 'https://user:pw@minio/x', credentialsSecret: 'Creds' } }, 's/g');
    expect(check(vcM('x', { backups: bad }), vcM('y', { backups: bad }))).toEqual([
      '[CG23] s/g: backups.target.credentialsSecret = "Creds": not a Secret name. Fix: give the name of a Secret in the virtual cluster\'s host namespace, such as "backup-credentials"',
      '[CG23] s/g: backups.target.bucket = "s3://b": not an S3 bucket name (3 to 63 lowercase letters, digits, "." and "-", not an IP address). Fix: give the bucket\'s name alone, such as "platform-backups", without s3:// or a path',
      '[CG23] s/g: backups.target.prefix = "../up": not a safe key prefix (letters, digits, "/", "!", "_", ".", "*", "\'", "(", ")", "-", and no "." or ".." segment). Fix: give a prefix such as "vclusters/prod"',
      '[CG23] s/g: backups.target.region = "EU": not a region name. Fix: give a region such as "eu-central-1"',
      '[CG23] s/g: backups.target.endpoint = "https://user:pw@minio/x": not an http(s) URL of a server, without a path, query or credentials. Fix: give the store\'s URL, such as "https://minio.example.com:9000"',
    ]);
    expect(check(
      vcM('x', { backups: backups({ target: { kind: 'oci', repository: 'registry.example.com/snaps:latest' } }) }),
      vcM('y', { backups: backups({ target: { kind: 'oci', repository: 'snaps' } }, 's/g/y') }),
      vcM('z', { backups: backups({ target: { kind: 'container', directory: '/var/snaps' } }, 's/g/z') }),
      vcM('v', { backups: backups({ target: { kind: 'container', directory: 'data/../x' } }, 's/g/v') }),
    )).toEqual([
      '[CG23] s/g/x: backups.target.repository = "registry.example.com/snaps:latest": not a registry repository without a tag (`<registry host>/<path>`, lowercase). Fix: give it as "registry.example.com/platform/vcluster-snapshots": each snapshot becomes a tag of it',
      '[CG23] s/g/y: backups.target.repository = "snaps": not a registry repository without a tag (`<registry host>/<path>`, lowercase). Fix: give it as "registry.example.com/platform/vcluster-snapshots": each snapshot becomes a tag of it',
      '[CG23] s/g/z: backups.target.directory = "/var/snaps": not under /data, the control plane\'s data volume, so the snapshots would be lost when its pod restarts. Fix: give a directory under /data, such as "/data/snapshots"',
      '[CG23] s/g/v: backups.target.directory = "data/../x": not an absolute directory without "." or ".." segments. Fix: give a directory under /data, such as "/data/snapshots"',
    ]);
  });

  test('fails if an OCI tag would be too long', () => {
    const name = 'v'.repeat(63);
    const [g] = platform().groups;
    const model = { hosts: platform().hosts, groups: [{ ...g, name: 'g'.repeat(63), virtualClusters: [vcM(name, { backups: backups({ target: { kind: 'oci', repository: 'registry.example.com/s' } }) })] }] };
    expect(checkBackups(model).map(formatViolation)).toEqual([
      `[CG23] s/g/${name}: backups.target = "${'g'.repeat(63)}.${name}.2": its snapshots' names are OCI tags, at most 128 characters, and this one has 129. Fix: shorten the group or virtual cluster name, or use an S3 target`,
    ]);
  });

  test('fails if a restore names no snapshot, or another cluster\'s snapshot on a container target', () => {
    expect(check(
      vcM('x', { restoreFrom: restore({ snapshot: 's3://bucket/x.tar.gz' }) }),
      vcM('y', { restoreFrom: restore({ target: { kind: 'container' }, snapshot: 'g.x.0', path: 's/g/y' }) }),
    )).toEqual([
      '[CG23] s/g/x: restoreFrom.snapshot = "s3://bucket/x.tar.gz": not a snapshot name (letters, digits, ".", "_" and "-", at most 128). Fix: give the name the backups write, such as "dev.shop.0" (<group>.<virtual cluster>.<slot>)',
      '[CG23] s/g/y: restoreFrom.snapshot = "g.x.0": a container target is the data volume of the virtual cluster that wrote it, and "g.x.0" is not one of "y"\'s own. Fix: restore another virtual cluster\'s snapshot from an S3 or OCI target',
    ]);
  });
});
