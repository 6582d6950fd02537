import { checkCapacity } from '../../src/rules/capacity';
import { formatViolation } from '../../src/model/platform-model';
import { groupM, hostM, platform, size, vcM } from './model-builder';

describe('CG7 capacity', () => {
  test('passes when sizes fit ceilings and hosts', () => {
    expect(checkCapacity(platform({ virtualClusters: [vcM('x'), vcM('y')] }))).toEqual([]);
  });

  test('fails if a size is zero or negative', () => {
    const vs = checkCapacity(platform({ virtualClusters: [vcM('x', { size: { cpuMilli: 0, memoryBytes: -1, storageBytes: 1 } })] }));
    expect(vs.map((v) => v.message)).toEqual(['a virtual cluster needs a positive cpu size', 'a virtual cluster needs a positive memory size']);
  });

  test('fails if a size is over the group ceiling', () => {
    const [v] = checkCapacity(platform({ virtualClusters: [vcM('x', { size: size(8, 4, 5) })] }));
    expect(formatViolation(v)).toBe('[CG7] s/g/x: cpu = "8 CPU": group "g" allows at most 6 CPU per virtual cluster. Fix: lower cpu to 6 or raise the group\'s maxCpu');
  });

  test('allows a host to carry capacity times oversubscription, and no more', () => {
    const host = hostM('a', { capacity: size(10, 100, 100) });
    const at = (n: number) => Array.from({ length: n }, (_, i) => vcM(`v${i}`, { size: size(2, 1, 1) }));
    expect(checkCapacity(platform({ virtualClusters: at(6) }, [host]))).toEqual([]); // 12 of 12
    const [v] = checkCapacity(platform({ virtualClusters: at(7) }, [host]));
    expect(v.path).toBe('s/a');
    expect(v.message).toBe('the virtual clusters placed on host "a" need 14 CPU, 7 GiB memory, 7 GiB storage, and it allows 12 CPU, 120 GiB memory, 120 GiB storage (capacity times oversubscription); 2 CPU too much');
  });

  test('uses the strictest oversubscription among groups sharing a host', () => {
    const host = hostM('a', { capacity: size(10, 100, 100) });
    const g1 = groupM({ virtualClusters: [vcM('x', { size: size(6, 1, 1) }), vcM('y', { size: size(5, 1, 1) })] });
    const g2 = groupM({ name: 'h', path: 's/h', oversubscriptionPercent: 100 });
    expect(checkCapacity({ hosts: [host], groups: [g1] })).toEqual([]);
    expect(checkCapacity({ hosts: [host], groups: [g1, g2] }).map((v) => v.rule)).toEqual(['CG7']);
  });

  test('fails if the group is full, saying how much is missing on which host', () => {
    const m = platform({ virtualClusters: [vcM('x', { host: undefined, size: size(4, 8, 5) })] }, [hostM('a', { capacity: size(2, 4, 100) })]);
    const [v] = checkCapacity(m);
    expect(v.message).toBe('group "g" is full: no host has room for 4 CPU, 8 GiB memory, 5 GiB storage; host "a" is short of 1.6 CPU, 3.2 GiB memory');
  });

  test('fails if the locked host has left the group', () => {
    const [v] = checkCapacity(platform({ virtualClusters: [vcM('x', { host: undefined, lockedHost: 'gone' })] }));
    expect(v.message).toBe('the lock file places this virtual cluster on host "gone", which is no longer in group "g"');
  });
});
