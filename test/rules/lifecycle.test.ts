import { formatViolation } from '../../src/model/platform-model';
import { checkCapacity } from '../../src/rules/capacity';
import { checkLifecycle } from '../../src/rules/lifecycle';
import { checkNames } from '../../src/rules/naming';
import { platformWarnings } from '../../src/rules/warnings';
import { CATALOG_FACTS } from '../../src/charts/versions';
import { hostM, platform, size, vcM } from './model-builder';

const schedule = (over: object = {}, path = 's/g/x') => ({ sleep: '0 20 * * 1-5', wake: '0 7 * * 1-5', timeZone: 'Europe/Berlin', path, prop: 'sleepSchedule', ...over });

describe('CG22 lifecycle', () => {
  test('passes for a valid schedule, and for a paused cluster without one', () => {
    expect(checkLifecycle(platform({ virtualClusters: [vcM('x', { sleepSchedule: schedule() }), vcM('y', { paused: true })] }))).toEqual([]);
  });

  test('fails if a schedule is not cron, never fires, or wakes when it sleeps', () => {
    const bad = vcM('x', { sleepSchedule: schedule({ sleep: '0 25 * * *', wake: '0 0 31 2 *' }) });
    const same = vcM('y', { sleepSchedule: schedule({ sleep: '0 7 * * mon-fri', wake: '0 7 * * 1-5' }, 's/g/y') });
    expect(checkLifecycle(platform({ virtualClusters: [bad, same] })).map(formatViolation)).toEqual([
      '[CG22] s/g/x: sleepSchedule.sleep = "0 25 * * *": not a schedule a CronJob accepts: hour "25": 25 is outside 0-23. Fix: give five fields, such as "0 20 * * 1-5" (20:00, Monday to Friday), or @daily, @weekly...',
      '[CG22] s/g/x: sleepSchedule.wake = "0 0 31 2 *": names no day that exists, so it never fires. Fix: pick days of the month that every chosen month has',
      '[CG22] s/g/y: sleepSchedule.wake = "0 7 * * 1-5": fires exactly when sleep ("0 7 * * mon-fri") does, so the cluster never sleeps. Fix: wake it at another time, such as "0 7 * * 1-5"',
    ]);
  });

  test('fails if the time zone is not an IANA name', () => {
    expect(checkLifecycle(platform({ virtualClusters: [vcM('x', { sleepSchedule: schedule({ timeZone: 'CEST' }) })] })).map(formatViolation)).toEqual([
      '[CG22] s/g/x: sleepSchedule.timeZone = "CEST": not in the IANA time zone database. Fix: give an IANA name, such as "Europe/Berlin", "America/New_York" or "UTC"',
    ]);
  });

  test('fails if a paused cluster has a schedule, its own or its group\'s; a group\'s schedule is reported once', () => {
    const groupSchedule = schedule({ timeZone: 'Nowhere/Land' }, 's/g');
    const vcs = [vcM('x', { paused: true, sleepSchedule: schedule() }), vcM('y', { paused: true, sleepSchedule: groupSchedule }), vcM('z', { sleepSchedule: groupSchedule })];
    expect(checkLifecycle(platform({ virtualClusters: vcs })).map(formatViolation)).toEqual([
      '[CG22] s/g/x: paused = true: it has a sleep schedule, whose wake would resume it. Fix: remove sleepSchedule while it is paused, or set paused to false',
      '[CG22] s/g/y: paused = true: it has a sleep schedule (from s/g), whose wake would resume it. Fix: give the schedule to the members that sleep instead of the group, or leave this one running',
      '[CG22] s/g: sleepSchedule.timeZone = "Nowhere/Land": not in the IANA time zone database. Fix: give an IANA name, such as "Europe/Berlin", "America/New_York" or "UTC"',
    ]);
  });

  test('warns once per schedule that a deploy inside the sleep window wakes the cluster', () => {
    const groupSchedule = schedule({}, 's/g');
    const warnings = platformWarnings(platform({ virtualClusters: [vcM('x', { sleepSchedule: groupSchedule }), vcM('y', { sleepSchedule: groupSchedule })] }), CATALOG_FACTS).filter((w) => w.message.includes('sleeping'));
    expect(warnings).toEqual([{ path: 's/g', message: 'a deploy that changes the values of a sleeping virtual cluster (between "0 20 * * 1-5" and "0 7 * * 1-5", Europe/Berlin) wakes it: Helm sets its replicas back, and it runs until the next sleep (still annotated as paused until the next wake). Deploy outside that window, or use paused' }]);
  });
});

describe('CG7 capacity: a paused cluster gives its CPU and memory back, not its storage', () => {
  test('a full host takes a paused cluster, and counts its storage', () => {
    // 16 CPU at 120%: room for 19.2 CPU. Three running clusters of 6 CPU and a paused one of 6.
    const vcs = [...['a1', 'a2', 'a3'].map((n) => vcM(n, { size: size(6, 8, 100) })), vcM('p', { size: size(6, 8, 100), paused: true })];
    expect(checkCapacity(platform({ ceilings: size(6, 8, 200), virtualClusters: vcs }))).toEqual([]);
    // Resumed, it no longer fits.
    const resumed = vcs.map((v) => ({ ...v, paused: undefined }));
    expect(checkCapacity(platform({ ceilings: size(6, 8, 200), virtualClusters: resumed })).map((v) => v.message)).toEqual([
      'the virtual clusters placed on host "a" need 24 CPU, 32 GiB memory, 400 GiB storage, and it allows 19.2 CPU, 76.8 GiB memory, 600 GiB storage (capacity times oversubscription); 4.8 CPU too much',
    ]);
    // Storage stays counted: five paused clusters of 130Gi overfill 600Gi.
    const storage = ['b1', 'b2', 'b3', 'b4', 'b5'].map((n) => vcM(n, { size: size(1, 1, 130), paused: true }));
    expect(checkCapacity(platform({ ceilings: size(6, 8, 200), virtualClusters: storage }, [hostM('a')])).map((v) => v.prop)).toEqual(['capacity']);
  });
});

describe('CG6 names: the lifecycle namespace is the library\'s', () => {
  test('fails if a virtual cluster takes the namespace the pause and sleep jobs run in', () => {
    expect(checkNames(platform({ virtualClusters: [vcM('x', { namespace: 'cluster-groups-lifecycle' })] })).map(formatViolation)).toEqual([
      '[CG6] s/g/x: namespace = "cluster-groups-lifecycle": the library runs the pause Jobs and sleep CronJobs of every host in this namespace. Fix: leave namespace out (it defaults to "vcluster-x") or choose one no one else uses',
    ]);
  });
});
