import { placeVirtualCluster } from '../../src/placement/placement';
import { size } from '../rules/model-builder';

const room = (name: string, cpu: number, usedCpu = 0) => ({ name, allowance: size(cpu, 100, 100), used: size(usedCpu, 0, 0) });

describe('placeVirtualCluster', () => {
  test('honours a named host, even a full one (the capacity rule judges it)', () => {
    expect(placeVirtualCluster({ size: size(4, 1, 1), host: 'b' }, [room('a', 10), room('b', 1, 1)])).toEqual({ host: 'b', reason: 'explicit' });
  });

  test('keeps a locked virtual cluster where the lock put it', () => {
    expect(placeVirtualCluster({ size: size(1, 1, 1), lockedHost: 'b' }, [room('a', 100), room('b', 10, 9)])).toEqual({ host: 'b', reason: 'locked' });
  });

  test('reports a locked host that left the group instead of moving silently', () => {
    expect(placeVirtualCluster({ size: size(1, 1, 1), lockedHost: 'gone' }, [room('a', 10)])).toEqual({ reason: 'locked-host-gone' });
  });

  test('places a new one on the host with the most room left, by its scarcest resource', () => {
    expect(placeVirtualCluster({ size: size(2, 1, 1) }, [room('a', 10, 6), room('b', 10, 2)])).toEqual({ host: 'b', reason: 'placed' });
  });

  test('breaks ties by host name, whatever the order of hosts', () => {
    const hosts = [room('b', 10), room('a', 10)];
    expect(placeVirtualCluster({ size: size(1, 1, 1) }, hosts).host).toBe('a');
    expect(placeVirtualCluster({ size: size(1, 1, 1) }, [...hosts].reverse()).host).toBe('a');
  });

  test('reports a full group', () => {
    expect(placeVirtualCluster({ size: size(5, 1, 1) }, [room('a', 4), room('b', 10, 6)])).toEqual({ reason: 'full' });
  });
});
