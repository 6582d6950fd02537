import { everFires, firesWhileAsleep, parseCron, timeZoneProblem } from '../model/cron';
import { BackupScheduleModel, BackupTargetModel, PlatformModel, snapshotName, Violation } from '../model/platform-model';

const MAX_KEEP = 30;
/** OCI tags are at most 128 characters; the snapshot name is the tag. */
const MAX_TAG = 128;
const SECRET_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * CG23: a backup schedule is valid cron in a real time zone, keeps 1 to 30 snapshots, writes to a
 * well-formed target, and runs while its virtual cluster is awake (it is the control plane that
 * writes the snapshot); a restore names a snapshot it can reach. Credentials are Secret names
 * only, so none can reach the synthesized JSON.
 */
export function checkBackups(model: PlatformModel): Violation[] {
  const out: Violation[] = [];
  const checked = new Set<string>();
  for (const g of model.groups) {
    for (const vc of g.virtualClusters) {
      const b = vc.backups;
      if (b) {
        const inherited = b.path !== vc.path;
        if (vc.paused) {
          out.push({
            rule: 'CG23',
            path: vc.path,
            prop: 'paused',
            value: true,
            message: `it has backups${inherited ? ` (from ${b.path})` : ''}, which need a running control plane to write a snapshot`,
            fix: inherited ? 'give the backups to the members that run instead of the group, or resume this one' : 'remove backups while it is paused, or resume it',
          });
        }
        const tag = snapshotName(g.name, vc.name, b.keep - 1);
        if (b.target.kind === 'oci' && tag.length > MAX_TAG) {
          out.push({ rule: 'CG23', path: vc.path, prop: 'backups.target', value: tag, message: `its snapshots' names are OCI tags, at most ${MAX_TAG} characters, and this one has ${tag.length}`, fix: 'shorten the group or virtual cluster name, or use an S3 target' });
        }
        const s = vc.sleepSchedule;
        if (s && !vc.paused) out.push(...sleepConflict(vc.path, b, s));
        const key = `${b.path}\n${b.prop}`;
        if (!checked.has(key)) {
          checked.add(key);
          out.push(...scheduleProblems(b), ...targetProblems(b.path, `${b.prop}.target`, b.target));
        }
      }
      const r = vc.restoreFrom;
      if (r) {
        out.push(...targetProblems(r.path, `${r.prop}.target`, r.target));
        if (!/^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/.test(r.snapshot)) {
          out.push({ rule: 'CG23', path: r.path, prop: `${r.prop}.snapshot`, value: r.snapshot, message: 'not a snapshot name (letters, digits, ".", "_" and "-", at most 128)', fix: 'give the name the backups write, such as "dev.shop.0" (<group>.<virtual cluster>.<slot>)' });
        } else if (r.target.kind === 'container' && !r.snapshot.startsWith(`${g.name}.${vc.name}.`)) {
          out.push({ rule: 'CG23', path: r.path, prop: `${r.prop}.snapshot`, value: r.snapshot, message: `a container target is the data volume of the virtual cluster that wrote it, and "${r.snapshot}" is not one of "${vc.name}"'s own`, fix: 'restore another virtual cluster\'s snapshot from an S3 or OCI target' });
        }
      }
    }
  }
  return out;
}

function sleepConflict(path: string, b: BackupScheduleModel, s: { sleep: string; wake: string; timeZone: string; path: string }): Violation[] {
  const sleep = parseCron(s.sleep);
  const wake = parseCron(s.wake);
  const runs = parseCron(b.schedule);
  // Invalid cron is reported on its own (CG22, and below).
  if (typeof sleep === 'string' || typeof wake === 'string' || typeof runs === 'string') return [];
  if (b.timeZone !== s.timeZone) {
    return [{ rule: 'CG23', path, prop: 'backups.timeZone', value: b.timeZone, message: `differs from its sleep schedule's ("${s.timeZone}"), so whether the backups run while it is awake cannot be checked`, fix: `give the backups the time zone "${s.timeZone}"` }];
  }
  const at = firesWhileAsleep(sleep, wake, runs);
  if (!at) return [];
  return [{
    rule: 'CG23',
    path,
    prop: 'backups.schedule',
    value: b.schedule,
    message: `fires while it sleeps (first at ${at}, ${b.timeZone}, under the sleep schedule of ${s.path}): its control plane is stopped then and writes no snapshot`,
    fix: 'back it up during its waking hours, at least a minute after it wakes',
  }];
}

function scheduleProblems(b: BackupScheduleModel): Violation[] {
  const out: Violation[] = [];
  const at = (prop: string, value: unknown, message: string, fix: string) => out.push({ rule: 'CG23', path: b.path, prop: `${b.prop}.${prop}`, value, message, fix });
  const runs = parseCron(b.schedule);
  if (typeof runs === 'string') at('schedule', b.schedule, `not a schedule a CronJob accepts: ${runs}`, 'give five fields, such as "0 2 * * *" (02:00 every day), or @daily, @weekly...');
  else if (!everFires(runs)) at('schedule', b.schedule, 'names no day that exists, so it never fires', 'pick days of the month that every chosen month has');
  const tz = timeZoneProblem(b.timeZone);
  if (tz) at('timeZone', b.timeZone, tz, 'give an IANA name, such as "Europe/Berlin", "America/New_York" or "UTC"');
  if (!Number.isInteger(b.keep) || b.keep < 1 || b.keep > MAX_KEEP) at('keep', b.keep, `not a whole number from 1 to ${MAX_KEEP}`, `keep 1 to ${MAX_KEEP} snapshots (one CronJob each)`);
  return out;
}

export function targetProblems(path: string, prop: string, t: BackupTargetModel): Violation[] {
  const out: Violation[] = [];
  const at = (field: string, value: unknown, message: string, fix: string) => out.push({ rule: 'CG23', path, prop: `${prop}.${field}`, value, message, fix });
  if (t.credentialsSecret !== undefined && (!SECRET_NAME.test(t.credentialsSecret) || t.credentialsSecret.length > 253)) {
    at('credentialsSecret', t.credentialsSecret, 'not a Secret name', 'give the name of a Secret in the virtual cluster\'s host namespace, such as "backup-credentials"');
  }
  if (t.kind === 's3') {
    const bucket = t.bucket ?? '';
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) || bucket.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(bucket)) {
      at('bucket', t.bucket, 'not an S3 bucket name (3 to 63 lowercase letters, digits, "." and "-", not an IP address)', 'give the bucket\'s name alone, such as "platform-backups", without s3:// or a path');
    }
    if (t.prefix !== undefined && (!/^[A-Za-z0-9!_.*'()/-]*$/.test(t.prefix) || t.prefix.split('/').some((p) => p === '..' || p === '.'))) {
      at('prefix', t.prefix, 'not a safe key prefix (letters, digits, "/", "!", "_", ".", "*", "\'", "(", ")", "-", and no "." or ".." segment)', 'give a prefix such as "vclusters/prod"');
    }
    if (t.region !== undefined && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(t.region)) at('region', t.region, 'not a region name', 'give a region such as "eu-central-1"');
    if (t.endpoint !== undefined) {
      let ok = false;
      try {
        const u = new URL(t.endpoint);
        ok = (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password && !u.search && !u.hash && (u.pathname === '/' || u.pathname === '');
      } catch {
        ok = false;
      }
      if (!ok) at('endpoint', t.endpoint, 'not an http(s) URL of a server, without a path, query or credentials', 'give the store\'s URL, such as "https://minio.example.com:9000"');
    }
  } else if (t.kind === 'oci') {
    const repo = t.repository ?? '';
    const m = /^([a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d+)?)\/([a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*)$/.exec(repo);
    if (!m || !m[1].includes('.') && !m[1].includes(':') && m[1] !== 'localhost') {
      at('repository', t.repository, 'not a registry repository without a tag (`<registry host>/<path>`, lowercase)', 'give it as "registry.example.com/platform/vcluster-snapshots": each snapshot becomes a tag of it');
    }
  } else {
    const dir = t.directory ?? '/data/snapshots';
    if (!dir.startsWith('/') || dir.split('/').some((p) => p === '..' || p === '.')) {
      at('directory', t.directory, 'not an absolute directory without "." or ".." segments', 'give a directory under /data, such as "/data/snapshots"');
    } else if (!(dir === '/data' || dir.startsWith('/data/'))) {
      at('directory', t.directory, 'not under /data, the control plane\'s data volume, so the snapshots would be lost when its pod restarts', 'give a directory under /data, such as "/data/snapshots"');
    }
  }
  return out;
}
