import { HostUsage, ZERO } from '../../src/model/resources';
import { parseVersion, stepProblem } from '../../src/model/versions';

const v = (text: string) => parseVersion(text)!;

describe('the one version step rule', () => {
  test('a version never moves down, patch releases included', () => {
    expect(stepProblem(v('v1.36.3'), v('v1.36.1'))).toBe('down');
    expect(stepProblem(v('0.36.1'), v('0.35.3'))).toBe('down');
  });

  test('it moves up one minor line at a time, any patch within a line', () => {
    expect(stepProblem(v('v1.35.0'), v('v1.35.0'))).toBeUndefined();
    expect(stepProblem(v('v1.35.0'), v('v1.35.9'))).toBeUndefined();
    expect(stepProblem(v('v1.35.4'), v('v1.36.0'))).toBeUndefined();
    expect(stepProblem(v('v1.34.0'), v('v1.36.0'))).toBe('skips');
  });
});

describe('host usage', () => {
  test('sums what is placed on each host, zero for a host with nothing', () => {
    const usage = new HostUsage();
    usage.add('a', { cpuMilli: 1000, memoryBytes: 2, storageBytes: 3 });
    usage.add('a', { cpuMilli: 500, memoryBytes: 1, storageBytes: 0 });
    expect(usage.of('a')).toEqual({ cpuMilli: 1500, memoryBytes: 3, storageBytes: 3 });
    expect([usage.has('b'), usage.of('b')]).toEqual([false, ZERO]);
  });
});
