import fc from 'fast-check';
import {
  coversPort,
  formatPorts,
  formatTraffic,
  trafficCovers,
  trafficOverlaps,
} from '../../src/model/ports';
import type { Rule } from '../../src/model/types';

type Traffic = Pick<Rule, 'protocol' | 'fromPort' | 'toPort'>;

const POSTGRES = 5432;
const SSH = 22;
const ALL_TRAFFIC: Traffic = { protocol: 'all', fromPort: -1, toPort: -1 };
const TCP_ALL_PORTS: Traffic = { protocol: 'tcp', fromPort: 0, toPort: 65535 };
const TCP_POSTGRES: Traffic = { protocol: 'tcp', fromPort: POSTGRES, toPort: POSTGRES };
const TCP_SSH: Traffic = { protocol: 'tcp', fromPort: SSH, toPort: SSH };
const TCP_APP_RANGE: Traffic = { protocol: 'tcp', fromPort: 8000, toPort: 8080 };
const UDP_ALL_PORTS: Traffic = { protocol: 'udp', fromPort: 0, toPort: 65535 };
const ICMP_ANY: Traffic = { protocol: 'icmp', fromPort: -1, toPort: -1 };
const ICMP_ECHO_ANY_CODE: Traffic = { protocol: 'icmp', fromPort: 8, toPort: -1 };
const ICMP_ECHO: Traffic = { protocol: 'icmp', fromPort: 8, toPort: 0 };
const ICMP_UNREACHABLE: Traffic = { protocol: 'icmp', fromPort: 3, toPort: 4 };
const ICMPV6_ANY: Traffic = { protocol: 'icmpv6', fromPort: -1, toPort: -1 };
const ESP: Traffic = { protocol: '50', fromPort: -1, toPort: -1 };

describe('ports: coversPort', () => {
  it.each<[string, Traffic, 'tcp' | 'udp', number, boolean]>([
    ['protocol all covers any tcp port', ALL_TRAFFIC, 'tcp', POSTGRES, true],
    ['protocol all covers any udp port', ALL_TRAFFIC, 'udp', 53, true],
    ['tcp 0-65535 covers 5432', TCP_ALL_PORTS, 'tcp', POSTGRES, true],
    ['the exact port', TCP_POSTGRES, 'tcp', POSTGRES, true],
    ['another port', TCP_POSTGRES, 'tcp', SSH, false],
    ['the lower bound of a range', TCP_APP_RANGE, 'tcp', 8000, true],
    ['the upper bound of a range', TCP_APP_RANGE, 'tcp', 8080, true],
    ['just past a range', TCP_APP_RANGE, 'tcp', 8081, false],
    ['the other protocol', UDP_ALL_PORTS, 'tcp', POSTGRES, false],
    ['icmp covers no tcp port', ICMP_ANY, 'tcp', POSTGRES, false],
    [
      "AWS's -1/-1 spelling of all tcp ports",
      { protocol: 'tcp', fromPort: -1, toPort: -1 },
      'tcp',
      SSH,
      true,
    ],
  ])('%s', (_why, rule, protocol, port, expected) => {
    expect(coversPort(rule, protocol, port)).toBe(expected);
  });
});

describe('ports: trafficCovers', () => {
  it.each<[string, Traffic, Traffic, boolean]>([
    ['all covers tcp', ALL_TRAFFIC, TCP_POSTGRES, true],
    ['all covers icmp', ALL_TRAFFIC, ICMP_ECHO, true],
    ['all covers another protocol number', ALL_TRAFFIC, ESP, true],
    ['tcp everything does not cover all', TCP_ALL_PORTS, ALL_TRAFFIC, false],
    ['a wide range covers a port in it', TCP_ALL_PORTS, TCP_POSTGRES, true],
    [
      'a port does not cover a range around it',
      { protocol: 'tcp', fromPort: 8040, toPort: 8040 },
      TCP_APP_RANGE,
      false,
    ],
    ['partly overlapping ranges', { protocol: 'tcp', fromPort: 8050, toPort: 9000 }, TCP_APP_RANGE, false],
    ['udp does not cover tcp', UDP_ALL_PORTS, TCP_POSTGRES, false],
    ['icmp any covers echo', ICMP_ANY, ICMP_ECHO, true],
    ['echo with any code covers echo code 0', ICMP_ECHO_ANY_CODE, ICMP_ECHO, true],
    ['echo code 0 does not cover echo with any code', ICMP_ECHO, ICMP_ECHO_ANY_CODE, false],
    ['echo does not cover unreachable', ICMP_ECHO_ANY_CODE, ICMP_UNREACHABLE, false],
    ['echo does not cover icmp any', ICMP_ECHO_ANY_CODE, ICMP_ANY, false],
    ['icmp does not cover icmpv6', ICMP_ANY, ICMPV6_ANY, false],
    ['ESP covers ESP', ESP, ESP, true],
    ['ESP does not cover GRE', ESP, { protocol: '47', fromPort: -1, toPort: -1 }, false],
  ])('%s', (_why, outer, inner, expected) => {
    expect(trafficCovers(outer, inner)).toBe(expected);
  });
});

describe('ports: trafficOverlaps', () => {
  it.each<[string, Traffic, Traffic, boolean]>([
    ['all overlaps anything', ESP, ALL_TRAFFIC, true],
    ['ranges sharing one port', { protocol: 'tcp', fromPort: 8080, toPort: 9000 }, TCP_APP_RANGE, true],
    ['disjoint ranges', TCP_SSH, TCP_APP_RANGE, false],
    ['tcp and udp', TCP_ALL_PORTS, UDP_ALL_PORTS, false],
    ['icmp any and echo', ICMP_ECHO, ICMP_ANY, true],
    ['echo any code and echo 0', ICMP_ECHO, ICMP_ECHO_ANY_CODE, true],
    ['different icmp types', ICMP_ECHO, ICMP_UNREACHABLE, false],
    ['same protocol number', ESP, ESP, true],
  ])('%s', (_why, a, b, expected) => {
    expect(trafficOverlaps(a, b)).toBe(expected);
    expect(trafficOverlaps(b, a)).toBe(expected);
  });
});

describe('ports: formatting', () => {
  it.each<[Traffic, string, string]>([
    [TCP_SSH, '22', '22/tcp'],
    [TCP_POSTGRES, '5432', '5432/tcp'],
    [TCP_APP_RANGE, '8000-8080', '8000-8080/tcp'],
    [TCP_ALL_PORTS, '0-65535', '0-65535/tcp'],
    [UDP_ALL_PORTS, '0-65535', '0-65535/udp'],
    [ALL_TRAFFIC, 'all', 'all traffic'],
    [ICMP_ECHO, '8/0', 'icmp 8/0'],
    [ICMP_ECHO_ANY_CODE, '8/-1', 'icmp 8/-1'],
    [ICMP_ANY, 'any', 'icmp any'],
    [ICMPV6_ANY, 'any', 'icmpv6 any'],
    [ESP, 'all', 'protocol 50'],
  ])('%o → %s, %s', (rule, ports, traffic) => {
    expect(formatPorts(rule)).toBe(ports);
    expect(formatTraffic(rule)).toBe(traffic);
  });
});

const portPair = fc
  .tuple(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 }))
  .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);
const icmpNumber = fc.integer({ min: -1, max: 255 });

/** Canonical traffic of every kind the model produces. */
const traffic: fc.Arbitrary<Traffic> = fc.oneof(
  fc.constant(ALL_TRAFFIC),
  fc
    .tuple(fc.constantFrom('tcp', 'udp'), portPair)
    .map(([protocol, [fromPort, toPort]]) => ({ protocol, fromPort, toPort })),
  fc
    .tuple(fc.constantFrom('icmp', 'icmpv6'), icmpNumber, icmpNumber)
    .map(([protocol, type, code]) => ({ protocol, fromPort: type, toPort: type === -1 ? -1 : code })),
  fc.constantFrom('47', '50', '132').map((protocol) => ({ protocol, fromPort: -1, toPort: -1 })),
);

describe('ports: properties', () => {
  it('trafficCovers is reflexive', () => {
    fc.assert(fc.property(traffic, (t) => trafficCovers(t, t)));
  });

  it("protocol 'all' covers anything", () => {
    fc.assert(fc.property(traffic, (t) => trafficCovers(ALL_TRAFFIC, t)));
  });

  it('covers implies overlaps', () => {
    fc.assert(
      fc.property(traffic, traffic, (a, b) => {
        if (trafficCovers(a, b)) expect(trafficOverlaps(a, b)).toBe(true);
      }),
    );
  });

  it('trafficCovers is transitive (on nested tcp ranges built to cover each other)', () => {
    // Random triples almost never cover each other; build a chain a ⊇ b ⊇ c instead.
    const nested = fc
      .tuple(
        fc.integer({ min: 0, max: 65535 }),
        fc.integer({ min: 0, max: 65535 }),
        fc.integer({ min: 0, max: 65535 }),
        fc.integer({ min: 0, max: 65535 }),
      )
      .map((ports) => [...ports].sort((x, y) => x - y) as [number, number, number, number]);
    fc.assert(
      fc.property(nested, fc.boolean(), ([p0, p1, p2, p3], outerAll) => {
        const a: Traffic = outerAll ? ALL_TRAFFIC : { protocol: 'tcp', fromPort: p0, toPort: p3 };
        const b: Traffic = { protocol: 'tcp', fromPort: p1, toPort: p3 };
        const c: Traffic = { protocol: 'tcp', fromPort: p1, toPort: p2 };
        expect(trafficCovers(a, b) && trafficCovers(b, c)).toBe(true);
        expect(trafficCovers(a, c)).toBe(true);
      }),
    );
  });

  it('covers implies overlaps, on pairs that cover each other', () => {
    fc.assert(
      fc.property(traffic, (a) => {
        expect(trafficOverlaps(ALL_TRAFFIC, a)).toBe(true);
        expect(trafficOverlaps(a, a)).toBe(true);
      }),
    );
  });

  it('coversPort agrees with covering the single-port rule', () => {
    fc.assert(
      fc.property(
        traffic,
        fc.constantFrom('tcp' as const, 'udp' as const),
        fc.integer({ min: 0, max: 65535 }),
        (t, protocol, port) => {
          expect(coversPort(t, protocol, port)).toBe(
            trafficCovers(t, { protocol, fromPort: port, toPort: port }),
          );
        },
      ),
    );
  });
});
