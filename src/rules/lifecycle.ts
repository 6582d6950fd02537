import { everFires, parseCron, timeZoneProblem } from '../model/cron';
import { PlatformModel, SleepScheduleModel, Violation } from '../model/platform-model';

/**
 * CG22: a sleep schedule is two valid cron schedules that fire, apart, in a real time zone; a
 * paused virtual cluster has none (the schedule would wake it), and no application stack deploys
 * into it. A group's schedule is checked once, where it was given.
 */
export function checkLifecycle(model: PlatformModel): Violation[] {
  const out: Violation[] = [];
  const checked = new Set<string>();
  for (const g of model.groups) {
    for (const vc of g.virtualClusters) {
      if (vc.paused) {
        for (const c of vc.connections ?? []) {
          out.push({
            rule: 'CG22',
            path: c,
            prop: 'virtualCluster',
            value: vc.path,
            message: `deploys into virtual cluster "${vc.name}", which is paused: its API server does not run, so the apply would fail`,
            fix: 'resume it (paused: false) first, or leave this application stack out until it is resumed',
          });
        }
      }
      const s = vc.sleepSchedule;
      if (!s) continue;
      if (vc.paused) {
        const inherited = s.path !== vc.path;
        out.push({
          rule: 'CG22',
          path: vc.path,
          prop: 'paused',
          value: true,
          message: `it has a sleep schedule${inherited ? ` (from ${s.path})` : ''}, whose wake would resume it`,
          fix: inherited ? 'give the schedule to the members that sleep instead of the group, or leave this one running' : 'remove sleepSchedule while it is paused, or set paused to false',
        });
      }
      const key = `${s.path}\n${s.prop}`;
      if (checked.has(key)) continue;
      checked.add(key);
      out.push(...scheduleProblems(s));
    }
  }
  return out;
}

function scheduleProblems(s: SleepScheduleModel): Violation[] {
  const out: Violation[] = [];
  const at = (field: 'sleep' | 'wake' | 'timeZone', value: string, message: string, fix: string) => out.push({ rule: 'CG22', path: s.path, prop: `${s.prop}.${field}`, value, message, fix });
  const parsed = { sleep: parseCron(s.sleep), wake: parseCron(s.wake) };
  for (const field of ['sleep', 'wake'] as const) {
    const p = parsed[field];
    if (typeof p === 'string') at(field, s[field], `not a schedule a CronJob accepts: ${p}`, 'give five fields, such as "0 20 * * 1-5" (20:00, Monday to Friday), or @daily, @weekly...');
    else if (!everFires(p)) at(field, s[field], 'names no day that exists, so it never fires', 'pick days of the month that every chosen month has');
  }
  if (typeof parsed.sleep !== 'string' && typeof parsed.wake !== 'string' && sameTimes(parsed.sleep, parsed.wake)) {
    at('wake', s.wake, `fires exactly when sleep ("${s.sleep}") does, so the cluster never sleeps`, 'wake it at another time, such as "0 7 * * 1-5"');
  }
  const tz = timeZoneProblem(s.timeZone);
  if (tz) at('timeZone', s.timeZone, tz, 'give an IANA name, such as "Europe/Berlin", "America/New_York" or "UTC"');
  return out;
}

function sameTimes(a: ReturnType<typeof parseCron>, b: ReturnType<typeof parseCron>): boolean {
  if (typeof a === 'string' || typeof b === 'string') return false;
  const key = (s: Exclude<typeof a, string>) => [s.minutes, s.hours, s.daysOfMonth, s.months, s.daysOfWeek].map((x) => [...x].sort((p, q) => p - q).join(',')).join(' ') + `${s.anyDayOfMonth}${s.anyDayOfWeek}`;
  return key(a) === key(b);
}
