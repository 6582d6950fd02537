import { awakeShare, CronSchedule, everFires, parseCron, timeZoneProblem } from '../../src/model/cron';

const parsed = (s: string): CronSchedule => {
  const p = parseCron(s);
  if (typeof p === 'string') throw new Error(`${s}: ${p}`);
  return p;
};

describe('cron schedules as a CronJob reads them', () => {
  test('reads fields, ranges, steps, lists, names and descriptors', () => {
    const s = parsed('*/15 7-9,18 1,15 JAN-mar mon-FRI');
    expect([...s.minutes]).toEqual([0, 15, 30, 45]);
    expect([...s.hours]).toEqual([7, 8, 9, 18]);
    expect([...s.daysOfMonth]).toEqual([1, 15]);
    expect([...s.months]).toEqual([1, 2, 3]);
    expect([...s.daysOfWeek]).toEqual([1, 2, 3, 4, 5]);
    expect([s.anyDayOfMonth, s.anyDayOfWeek]).toEqual([false, false]);
    expect([...parsed('5/20 * * * *').minutes]).toEqual([5, 25, 45]);
    expect(parsed('@daily')).toEqual(parsed('0 0 * * *'));
    expect(parsed('@WEEKLY')).toEqual(parsed('0 0 * * 0'));
    expect(parsed('0 0 ? * 1').anyDayOfMonth).toBe(true);
  });

  test.each([
    ['0 20 * *', 'has 4 field(s); a schedule has five: minute hour day-of-month month day-of-week'],
    ['60 20 * * *', 'minute "60": 60 is outside 0-59'],
    ['0 24 * * *', 'hour "24": 24 is outside 0-23'],
    ['0 0 0 * *', 'day of month "0": 0 is outside 1-31'],
    ['0 0 * 13 *', 'month "13": 13 is outside 1-12'],
    ['0 0 * * 7', 'day of week "7": 7 is outside 0-6'],
    ['0 0 * * mon-sun', 'day of week "mon-sun": range "mon-sun" runs backwards'],
    ['*/0 * * * *', 'minute "*/0": step "0" is not a whole number above 0'],
    ['0 0 * foo *', 'month "foo": "foo" is not a number or a name'],
    ['0 0 * * 1-2-3', 'day of week "1-2-3": "1-2-3" is not a range'],
    ['1,,2 * * * *', 'minute "1,,2": an empty value'],
    ['@every 1h', '"@every" repeats from when the controller started, not at clock times: give five fields'],
    ['@sometimes', 'unknown descriptor "@sometimes" (use one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, or five fields)'],
    ['TZ=UTC 0 0 * * *', 'a time zone inside the schedule is rejected by Kubernetes: give it as timeZone'],
  ])('fails on %s', (expr, message) => {
    expect(parseCron(expr)).toBe(message);
  });

  test('knows a schedule that never fires', () => {
    expect(everFires(parsed('0 0 31 2 *'))).toBe(false);
    expect(everFires(parsed('0 0 30,31 2 *'))).toBe(false);
    expect(everFires(parsed('0 0 29 2 *'))).toBe(true);
    // Day of month and day of week both given: either fires it, as cron does.
    expect(everFires(parsed('0 0 31 2 1'))).toBe(true);
    expect(everFires(parsed('0 20 * * 1-5'))).toBe(true);
  });

  test('counts the awake share of a year', () => {
    // Asleep from 20:00 to 07:00 on weekdays (the weekend stays asleep from Friday 20:00 to Monday 07:00).
    const weekdays = awakeShare(parsed('0 20 * * 1-5'), parsed('0 7 * * 1-5'));
    // 5 days of 13 hours out of 168 hours, give or take where the year starts and ends.
    expect(weekdays).toBeGreaterThan((5 * 13) / 168 - 0.005);
    expect(weekdays).toBeLessThan((5 * 13) / 168 + 0.005);
    // Every night from 22:00 to 06:00: 16 of 24 hours, exactly.
    expect(awakeShare(parsed('0 22 * * *'), parsed('0 6 * * *'))).toBeCloseTo(16 / 24, 10);
    // A schedule whose sleep never fires leaves it awake.
    expect(awakeShare(parsed('0 0 31 2 *'), parsed('0 6 * * *'))).toBe(1);
  });

  test('accepts IANA time zone names only', () => {
    expect(timeZoneProblem('Europe/Berlin')).toBeUndefined();
    expect(timeZoneProblem('UTC')).toBeUndefined();
    expect(timeZoneProblem('America/Argentina/Buenos_Aires')).toBeUndefined();
    expect(timeZoneProblem('Mars/Olympus_Mons')).toBe('not in the IANA time zone database');
    expect(timeZoneProblem('+01:00')).toBe('not an IANA time zone name such as "Europe/Berlin" or "UTC"');
    expect(timeZoneProblem('')).toBe('not an IANA time zone name such as "Europe/Berlin" or "UTC"');
    expect(timeZoneProblem('Local')).toBe('"Local" is the controller\'s own zone, which Kubernetes rejects');
  });
});
