// Cron schedules as a Kubernetes CronJob reads them (the standard five fields, the named
// descriptors, and names for months and weekdays), and IANA time zone names.

/** A parsed schedule: the allowed values of each field. */
export interface CronSchedule {
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly daysOfWeek: ReadonlySet<number>;
  /** Day of month or of week given as `*` or `?`: then the other alone decides (cron's rule). */
  readonly anyDayOfMonth: boolean;
  readonly anyDayOfWeek: boolean;
}

const DESCRIPTORS: { readonly [name: string]: string } = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, first: 1 },
  { name: 'day of week', min: 0, max: 6, names: WEEKDAYS, first: 0 },
] as const;

/** Parses a schedule; a string says what is wrong with it. */
export function parseCron(expression: string): CronSchedule | string {
  const text = expression.trim();
  if (text.startsWith('@')) {
    if (text.startsWith('@every')) return '"@every" repeats from when the controller started, not at clock times: give five fields';
    const expanded = DESCRIPTORS[text.toLowerCase()];
    if (!expanded) return `unknown descriptor "${text}" (use one of ${Object.keys(DESCRIPTORS).join(', ')}, or five fields)`;
    return parseCron(expanded);
  }
  if (/^(CRON_)?TZ=/.test(text)) return 'a time zone inside the schedule is rejected by Kubernetes: give it as timeZone';
  const parts = text.split(/\s+/);
  if (parts.length !== 5) return `has ${parts.length} field(s); a schedule has five: minute hour day-of-month month day-of-week`;
  const sets: Set<number>[] = [];
  for (let i = 0; i < 5; i++) {
    const set = parseField(parts[i], FIELDS[i]);
    if (typeof set === 'string') return `${FIELDS[i].name} "${parts[i]}": ${set}`;
    sets.push(set);
  }
  return {
    minutes: sets[0],
    hours: sets[1],
    daysOfMonth: sets[2],
    months: sets[3],
    daysOfWeek: sets[4],
    anyDayOfMonth: parts[2] === '*' || parts[2] === '?',
    anyDayOfWeek: parts[4] === '*' || parts[4] === '?',
  };
}

type Field = (typeof FIELDS)[number];

function parseField(text: string, f: Field): Set<number> | string {
  const out = new Set<number>();
  for (const item of text.split(',')) {
    const [range, stepText, extra] = item.split('/');
    if (extra !== undefined) return 'more than one "/"';
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) < 1) return `step "${stepText}" is not a whole number above 0`;
      step = Number(stepText);
    }
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') {
      [lo, hi] = [f.min, f.max];
    } else {
      const [a, b, more] = range.split('-');
      if (more !== undefined) return `"${range}" is not a range`;
      const from = value(a, f);
      if (typeof from === 'string') return from;
      const to = b === undefined ? (stepText === undefined ? from : f.max) : value(b, f);
      if (typeof to === 'string') return to;
      if (to < from) return `range "${range}" runs backwards`;
      [lo, hi] = [from, to];
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

function value(text: string, f: Field): number | string {
  if (text === '') return 'an empty value';
  let n: number;
  if (/^\d+$/.test(text)) n = Number(text);
  else if ('names' in f && f.names.includes(text.toLowerCase() as never)) n = f.names.indexOf(text.toLowerCase() as never) + f.first;
  else return `"${text}" is not a number${'names' in f ? ' or a name' : ''}`;
  if (n < f.min || n > f.max) return `${n} is outside ${f.min}-${f.max}`;
  return n;
}

/** Whether the schedule ever fires (`0 0 31 2 *` never does; `0 0 29 2 *` does in leap years). */
export function everFires(s: CronSchedule): boolean {
  // Every month has every weekday, so only a day of month alone can miss.
  if (!s.anyDayOfWeek) return true;
  const longest = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return [...s.months].some((m) => [...s.daysOfMonth].some((d) => d <= longest[m - 1]));
}

/**
 * The share of a year's wall-clock minutes a virtual cluster that sleeps on `sleep` and wakes
 * on `wake` is awake. Counted over 2025 (no leap day) in local time, so daylight-saving shifts
 * are ignored: a sleep at 20:00 is a sleep at 20:00 all year.
 */
export function awakeShare(sleep: CronSchedule, wake: CronSchedule): number {
  const sleepTimes = minutesOfDay(sleep);
  const wakeTimes = minutesOfDay(wake);
  // The state at the start of the year is the state the year ends in; a first pass finds it.
  let awakeAtStart = true;
  let awake = 0;
  for (let pass = 0; pass < 2; pass++) {
    let state: boolean = awakeAtStart;
    awake = 0;
    for (let d = 0; d < 365; d++) {
      const date = new Date(Date.UTC(2025, 0, 1 + d));
      const day = { month: date.getUTCMonth() + 1, day: date.getUTCDate(), weekday: date.getUTCDay() };
      // The day's switches in time order; at one minute, the wake wins (asleep by a typo is the worse surprise).
      const events = [
        ...(firesOnDay(sleep, day) ? sleepTimes.map((m) => ({ m, awake: false })) : []),
        ...(firesOnDay(wake, day) ? wakeTimes.map((m) => ({ m, awake: true })) : []),
      ].sort((a, b) => a.m - b.m || Number(a.awake) - Number(b.awake));
      let from = 0;
      for (const e of events) {
        if (state) awake += e.m - from;
        from = e.m;
        state = e.awake;
      }
      if (state) awake += 1440 - from;
    }
    awakeAtStart = state;
  }
  return awake / (365 * 1440);
}

function minutesOfDay(s: CronSchedule): number[] {
  const out: number[] = [];
  for (const h of s.hours) for (const m of s.minutes) out.push(h * 60 + m);
  return out.sort((a, b) => a - b);
}

function firesOnDay(s: CronSchedule, t: { month: number; day: number; weekday: number }): boolean {
  if (!s.months.has(t.month)) return false;
  const dom = s.daysOfMonth.has(t.day);
  const dow = s.daysOfWeek.has(t.weekday);
  // Both restricted: either matches (cron's rule); otherwise the restricted one decides.
  if (!s.anyDayOfMonth && !s.anyDayOfWeek) return dom || dow;
  return dom && dow;
}

/**
 * What is wrong with a time zone name, or undefined: an IANA name such as `Europe/Berlin` or
 * `UTC`, which the CronJob controller loads from its time zone database.
 */
export function timeZoneProblem(name: string): string | undefined {
  if (name === 'Local') return '"Local" is the controller\'s own zone, which Kubernetes rejects';
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return 'not an IANA time zone name such as "Europe/Berlin" or "UTC"';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return undefined;
  } catch {
    return 'not in the IANA time zone database';
  }
}

/**
 * The first time in a year (as `Mon 02:00`) at which `runs` fires while a cluster that sleeps and
 * wakes on `sleep` and `wake` is asleep or just switching, or undefined if it never does.
 */
export function firesWhileAsleep(sleep: CronSchedule, wake: CronSchedule, runs: CronSchedule): string | undefined {
  const sleepTimes = minutesOfDay(sleep);
  const wakeTimes = minutesOfDay(wake);
  const runTimes = minutesOfDay(runs);
  const days = (d: number) => {
    const date = new Date(Date.UTC(2025, 0, 1 + d));
    return { month: date.getUTCMonth() + 1, day: date.getUTCDate(), weekday: date.getUTCDay() };
  };
  // As in awakeShare: a first pass finds the state the year starts in.
  let state = true;
  for (let pass = 0; pass < 2; pass++) {
    for (let d = 0; d < 365; d++) {
      const day = days(d);
      const switches = [
        ...(firesOnDay(sleep, day) ? sleepTimes.map((m) => ({ m, awake: false })) : []),
        ...(firesOnDay(wake, day) ? wakeTimes.map((m) => ({ m, awake: true })) : []),
      ].sort((a, b) => a.m - b.m || Number(a.awake) - Number(b.awake));
      const fires = pass === 1 && firesOnDay(runs, day) ? runTimes : [];
      let i = 0;
      for (const m of fires) {
        for (; i < switches.length && switches[i].m < m; i++) state = switches[i].awake;
        // At a switch's own minute the control plane is stopping or not yet up.
        if (!state || switches.some((s) => s.m === m)) return `${WEEKDAYS[day.weekday][0].toUpperCase()}${WEEKDAYS[day.weekday].slice(1)} ${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      }
      for (; i < switches.length; i++) state = switches[i].awake;
    }
  }
  return undefined;
}
