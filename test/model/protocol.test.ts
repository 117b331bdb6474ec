import { canonicalPorts, hasPorts, normalizeProtocol } from '../../src/model/protocol';

describe('protocol: normalizeProtocol', () => {
  it.each<[unknown, string | undefined]>([
    ['-1', 'all'],
    [-1, 'all'],
    ['all', 'all'],
    ['tcp', 'tcp'],
    ['TCP', 'tcp'],
    [' udp ', 'udp'],
    ['6', 'tcp'],
    [6, 'tcp'],
    ['17', 'udp'],
    ['1', 'icmp'],
    ['58', 'icmpv6'],
    ['50', '50'],
    ['050', '50'],
    // AWS reads the number, so leading zeros name the same protocol.
    ['006', 'tcp'],
    ['017', 'udp'],
    ['001', 'icmp'],
    ['058', 'icmpv6'],
    ['0', '0'],
    ['000', '0'],
    ['constructor', undefined],
    ['toString', undefined],
    ['256', undefined],
    ['gre', undefined],
    ['', undefined],
    [undefined, undefined],
    [6.5, undefined],
  ])('%p → %p', (raw, expected) => {
    expect(normalizeProtocol(raw)).toBe(expected);
  });
});

describe('protocol: canonicalPorts', () => {
  it.each<[string, unknown, unknown, number, number]>([
    ['all', 0, 65535, -1, -1],
    ['all', undefined, undefined, -1, -1],
    ['tcp', 22, 22, 22, 22],
    ['tcp', '22', '22', 22, 22],
    ['tcp', undefined, undefined, 0, 65535],
    ['tcp', -1, -1, 0, 65535],
    ['tcp', 22, undefined, 22, 22],
    ['udp', 0, 65535, 0, 65535],
    ['icmp', 8, -1, 8, -1],
    ['icmp', undefined, undefined, -1, -1],
    ['icmpv6', '128', '0', 128, 0],
    ['50', 500, 500, -1, -1],
  ])('%s %p-%p → %d-%d', (protocol, from, to, fromPort, toPort) => {
    expect(canonicalPorts(protocol, from, to)).toEqual({ fromPort, toPort });
  });
});

describe('protocol: hasPorts', () => {
  it('is true only for tcp and udp', () => {
    expect(['tcp', 'udp', 'icmp', 'icmpv6', 'all', '50'].filter(hasPorts)).toEqual(['tcp', 'udp']);
  });
});
