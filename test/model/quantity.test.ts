import { parseIpv4 } from '../../src/model/ipv4';
import { formatBytes, parseBytes } from '../../src/model/quantity';

const Ki = 2 ** 10;
const Gi = 2 ** 30;

describe('Kubernetes quantities (the resource.Quantity grammar)', () => {
  // Each form of the grammar: number forms, signs, binary and decimal suffixes, exponents.
  test.each([
    ['1', 1],
    ['0', 0],
    ['8Gi', 8 * Gi],
    ['1.5Gi', 1.5 * Gi],
    ['.5Gi', 0.5 * Gi],
    ['5.Gi', 5 * Gi],
    ['+1Ki', Ki],
    ['-1Ki', -Ki],
    ['1Ei', 2 ** 60],
    ['1k', 1e3],
    ['129M', 129e6],
    ['1G', 1e9],
    ['2T', 2e12],
    ['1P', 1e15],
    ['1E', 1e18],
    ['1e3', 1e3],
    ['129e6', 129e6],
    ['1E3', 1e3],
    ['1e+3', 1e3],
    ['1.5e3', 1500],
    ['500m', 1],
    ['0.1', 1],
    ['1.1M', 1_100_000],
    ['1e-3', 1],
    ['0.3Gi', 322_122_548],
    // Past 2^53 the exact path decides, and -0 is 0.
    ['8191Pi', 8191 * 2 ** 50],
    ['12345678901234567', Number(12345678901234567n)],
    ['9Ei', Number(9n * 2n ** 60n)],
    ['-0', 0],
  ])('%s is %d bytes (a fraction of a byte rounds up)', (text, bytes) => {
    expect(parseBytes(text)).toBe(bytes);
  });

  test.each(['', 'Gi', '.', '.Gi', '1GB', '1gi', '1 Gi', ' 1Gi', '1.2.3', '1e', '1e3Gi', '1e1.5', '--1', '1Ki3', 'e3', '1i', '0x10', '1_000'])('%j is not a quantity', (text) => {
    expect(parseBytes(text)).toBeUndefined();
  });

  test('byte counts print in the largest binary unit that divides them', () => {
    expect([formatBytes(8 * Gi), formatBytes(1536 * 2 ** 20), formatBytes(1000)]).toEqual(['8Gi', '1536Mi', '1000']);
  });
});

describe('IPv4 addresses', () => {
  test('reads dotted quads, and refuses leading zeros and octets over 255', () => {
    expect(parseIpv4('10.0.0.1')).toBe(0x0a000001);
    expect(parseIpv4('0.0.0.0')).toBe(0);
    expect(['010.0.0.1', '10.00.0.1', '10.0.0.256', '10.0.0', '1.2.3.4.5'].map(parseIpv4)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});
