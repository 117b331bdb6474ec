import fc from 'fast-check';
import {
  canonicalCidr,
  cidrContains,
  cidrOverlaps,
  coversPublicInternet,
  includesPublicAddresses,
  isCanonicalIpv4Cidr,
  isWorldCidr,
  parseCidr,
  WORLD_V4,
  WORLD_V6,
} from '../../src/model/cidr';

const OFFICE_CIDR = '203.0.113.0/32';
const VPC_CIDR = '10.0.0.0/16';
const LOWER_HALF_V4 = '0.0.0.0/1';
const UPPER_HALF_V4 = '128.0.0.0/1';
const GLOBAL_UNICAST_V6 = '2000::/3';
const DOC_V6 = '2001:db8::/32';

describe('cidr: parseCidr', () => {
  it('parses IPv4 with the network and prefix', () => {
    expect(parseCidr(VPC_CIDR)).toEqual({ family: 4, network: 0x0a000000n, prefix: 16 });
  });

  it('masks host bits instead of rejecting them', () => {
    expect(parseCidr('10.0.7.9/16')).toEqual(parseCidr(VPC_CIDR));
  });

  it('parses IPv6 in full, compressed and mixed notation', () => {
    expect(parseCidr(WORLD_V6)).toEqual({ family: 6, network: 0n, prefix: 0 });
    expect(parseCidr('2001:0DB8:0000:0000:0000:0000:0000:0001/128')).toEqual(parseCidr('2001:db8::1/128'));
    expect(parseCidr('::ffff:192.0.2.1/128')?.network).toBe(0xffffc0000201n);
  });

  it.each([
    ['no prefix', '10.0.0.0'],
    ['prefix too long for IPv4', '10.0.0.0/33'],
    ['prefix too long for IPv6', '::/129'],
    ['negative prefix', '10.0.0.0/-1'],
    ['prefix with a leading zero', '10.0.0.0/08'],
    ['octet over 255', '10.0.0.256/32'],
    ['octet with a leading zero (octal ambiguity)', '010.0.0.0/8'],
    ['three octets', '10.0.0/8'],
    ['empty octet', '10..0.0/8'],
    ['surrounding space', ' 10.0.0.0/8'],
    ['two double colons', '1::2::3/64'],
    ['nine IPv6 groups', '1:2:3:4:5:6:7:8:9/64'],
    ['seven IPv6 groups without ::', '1:2:3:4:5:6:7/64'],
    ['a :: that stands for nothing', '1:2:3:4::5:6:7:8/64'],
    ['a five-digit hex group', '12345::/16'],
    ['dotted IPv4 that does not end the address', '1.2.3.4::/64'],
    ['empty string', ''],
    ['just a slash', '/'],
  ])('rejects %s', (_why, text) => {
    expect(parseCidr(text)).toBeUndefined();
  });
});

describe('cidr: canonicalCidr', () => {
  it.each([
    [VPC_CIDR, VPC_CIDR],
    ['10.0.255.255/16', VPC_CIDR],
    [OFFICE_CIDR, OFFICE_CIDR],
    ['0.0.0.0/0', WORLD_V4],
    ['::/0', WORLD_V6],
    ['0:0:0:0:0:0:0:0/0', WORLD_V6],
    ['2001:DB8::/32', DOC_V6],
    ['2001:db8:0:0:1:0:0:1/128', '2001:db8::1:0:0:1/128'],
    ['2001:db8:0:1:1:1:1:1/128', '2001:db8:0:1:1:1:1:1/128'],
    ['2001:0:0:1:0:0:0:1/128', '2001:0:0:1::1/128'],
    ['fe80:0000::0001/128', 'fe80::1/128'],
    ['1:0:0:0:0:0:0:0/128', '1::/128'],
    ['2001:db8::ffff/64', '2001:db8::/64'],
  ])('%s → %s', (text, canonical) => {
    expect(canonicalCidr(text)).toBe(canonical);
  });

  it('is undefined for invalid input', () => {
    expect(canonicalCidr('not-a-cidr')).toBeUndefined();
  });

  it.each([
    ['10.0.0.0/8', true],
    ['0.0.0.0/0', true],
    ['255.255.255.255/32', true],
    ['10.0.0.1/8', false], // host bits set
    ['010.0.0.0/8', false], // a leading zero
    ['10.0.0.0/08', false],
    ['10.0.0/8', false],
    ['10.0.0.0.0/8', false],
    ['256.0.0.0/8', false],
    ['10.0.0.0/33', false],
    ['10.0.0.0/', false],
    [' 10.0.0.0/8', false],
    ['10.0.0.0/8 ', false],
    ['::/0', false],
  ])('recognises %s as already canonical IPv4: %s', (text, canonical) => {
    expect(isCanonicalIpv4Cidr(text)).toBe(canonical);
  });

  it('recognises exactly the texts that parsing and formatting leave unchanged', () => {
    // Parsing and formatting is canonicalCidr's path for everything the recogniser declines.
    const dotted = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
    const formatted = (text: string) => {
      const parsed = parseCidr(text);
      if (parsed === undefined || parsed.family !== 4) return undefined;
      return `${dotted(Number(parsed.network))}/${parsed.prefix}`;
    };
    const octet = fc.oneof(
      fc.integer({ min: 0, max: 300 }).map(String),
      fc.constantFrom('00', '01', '007', ''),
    );
    const text = fc
      .tuple(
        octet,
        octet,
        octet,
        octet,
        fc.oneof(fc.integer({ min: 0, max: 40 }).map(String), fc.constant('08')),
      )
      .map(([a, b, c, d, prefix]) => `${a}.${b}.${c}.${d}/${prefix}`);
    // Networks with their host bits clear, and the same with one host bit set.
    const network = fc
      .tuple(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 0, max: 32 }),
        fc.nat(31),
        fc.boolean(),
      )
      .map(([address, prefix, bit, setHostBit]) => {
        const masked = prefix === 0 ? 0 : Math.floor(address / 2 ** (32 - prefix)) * 2 ** (32 - prefix);
        const hostBit = 32 - prefix > 0 ? 2 ** (bit % (32 - prefix)) : 0;
        return `${dotted(setHostBit ? masked + hostBit : masked)}/${prefix}`;
      });
    fc.assert(
      fc.property(fc.oneof(text, network, fc.string({ maxLength: 20 })), (candidate) => {
        expect(isCanonicalIpv4Cidr(candidate)).toBe(formatted(candidate) === candidate);
        if (formatted(candidate) !== undefined) expect(canonicalCidr(candidate)).toBe(formatted(candidate));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('cidr: containment and overlap', () => {
  it('contains a subnet and not a supernet', () => {
    expect(cidrContains(VPC_CIDR, '10.0.3.0/24')).toBe(true);
    expect(cidrContains('10.0.3.0/24', VPC_CIDR)).toBe(false);
    expect(cidrContains(WORLD_V4, OFFICE_CIDR)).toBe(true);
  });

  it('is false across families and on invalid input', () => {
    expect(cidrContains(WORLD_V4, DOC_V6)).toBe(false);
    expect(cidrContains(WORLD_V6, OFFICE_CIDR)).toBe(false);
    expect(cidrContains('bogus', OFFICE_CIDR)).toBe(false);
    expect(cidrOverlaps(WORLD_V4, WORLD_V6)).toBe(false);
    expect(cidrOverlaps(VPC_CIDR, 'bogus')).toBe(false);
  });

  it('overlaps when one contains the other, not when disjoint', () => {
    expect(cidrOverlaps('10.0.3.0/24', VPC_CIDR)).toBe(true);
    expect(cidrOverlaps(VPC_CIDR, '10.1.0.0/16')).toBe(false);
    expect(cidrOverlaps(DOC_V6, '2001:db8:ffff::/48')).toBe(true);
  });
});

describe('cidr: includesPublicAddresses', () => {
  it.each([
    [WORLD_V4, true],
    [OFFICE_CIDR, true],
    ['8.8.8.8/32', true],
    ['100.0.0.0/8', true], // only 100.64.0.0/10 of it is shared address space
    [VPC_CIDR, false],
    ['172.16.0.0/12', false],
    ['192.168.1.0/24', false],
    ['100.64.0.0/10', false],
    ['127.0.0.1/32', false],
    ['169.254.169.254/32', false],
    ['224.0.0.0/4', false],
    [WORLD_V6, true],
    [DOC_V6, true],
    ['fd00::/8', false],
    ['fe80::/10', false],
    ['bogus', false],
  ])('%s → %s', (cidr, expected) => {
    expect(includesPublicAddresses(cidr)).toBe(expected);
  });
});

describe('cidr: coversPublicInternet', () => {
  it.each<[string, boolean, string[]]>([
    ['the IPv4 world', true, [WORLD_V4]],
    ['the IPv6 world', true, [WORLD_V6]],
    ['IPv6 global unicast alone', true, [GLOBAL_UNICAST_V6]],
    ['the two IPv4 halves', true, [LOWER_HALF_V4, UPPER_HALF_V4]],
    ['the two halves given in reverse order', true, [UPPER_HALF_V4, LOWER_HALF_V4]],
    [
      'overlapping pieces that reach everywhere',
      true,
      ['0.0.0.0/1', '64.0.0.0/2', '128.0.0.0/2', '160.0.0.0/3', '192.0.0.0/2'],
    ],
    [
      'public space exactly, the private holes left out',
      true,
      [
        '1.0.0.0/8',
        '2.0.0.0/7',
        '4.0.0.0/6',
        '8.0.0.0/7',
        '11.0.0.0/8',
        '12.0.0.0/6',
        '16.0.0.0/4',
        '32.0.0.0/3',
        '64.0.0.0/3',
        '96.0.0.0/6',
        '100.0.0.0/10',
        '100.128.0.0/9',
        '101.0.0.0/8',
        '102.0.0.0/7',
        '104.0.0.0/5',
        '112.0.0.0/5',
        '120.0.0.0/6',
        '124.0.0.0/7',
        '126.0.0.0/8',
        '128.0.0.0/3',
        '160.0.0.0/5',
        '168.0.0.0/8',
        '169.0.0.0/9',
        '169.128.0.0/10',
        '169.192.0.0/11',
        '169.224.0.0/12',
        '169.240.0.0/13',
        '169.248.0.0/14',
        '169.252.0.0/15',
        '169.255.0.0/16',
        '170.0.0.0/7',
        '172.0.0.0/12',
        '172.32.0.0/11',
        '172.64.0.0/10',
        '172.128.0.0/9',
        '173.0.0.0/8',
        '174.0.0.0/7',
        '176.0.0.0/4',
        '192.0.0.0/9',
        '192.128.0.0/11',
        '192.160.0.0/13',
        '192.169.0.0/16',
        '192.170.0.0/15',
        '192.172.0.0/14',
        '192.176.0.0/12',
        '192.192.0.0/10',
        '193.0.0.0/8',
        '194.0.0.0/7',
        '196.0.0.0/6',
        '200.0.0.0/5',
        '208.0.0.0/4',
      ],
    ],
    ['one IPv4 half', false, [LOWER_HALF_V4]],
    ['a private range', false, ['10.0.0.0/8']],
    ['all private ranges together', false, ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']],
    ['the office only', false, [OFFICE_CIDR]],
    ['half of IPv6 global unicast', false, ['2000::/4']],
    ['halves of different families', false, [LOWER_HALF_V4, '8000::/1']],
    ['nothing', false, []],
    ['only invalid entries', false, ['bogus', '0.0.0.0']],
  ])('%s → %s', (_why, expected, cidrs) => {
    expect(coversPublicInternet(cidrs)).toBe(expected);
  });

  it('accepts a mix of families when one of them is covered', () => {
    expect(coversPublicInternet([DOC_V6, LOWER_HALF_V4, UPPER_HALF_V4])).toBe(true);
  });

  it('is not the world while one public /9 is missing, and is once it is added', () => {
    const allBut = [
      LOWER_HALF_V4,
      '128.0.0.0/2',
      '192.0.0.0/4',
      '208.0.0.0/5',
      '216.0.0.0/6',
      '220.0.0.0/7',
      '222.0.0.0/8',
      '223.0.0.0/9',
    ];
    expect(coversPublicInternet(allBut)).toBe(false);
    expect(coversPublicInternet([...allBut, '223.128.0.0/9'])).toBe(true);
  });
});

describe('cidr: isWorldCidr', () => {
  it.each([
    [WORLD_V4, true],
    [WORLD_V6, true],
    ['::/1', true],
    [GLOBAL_UNICAST_V6, true],
    [LOWER_HALF_V4, false],
    [OFFICE_CIDR, false],
    [VPC_CIDR, false],
    ['bogus', false],
  ])('%s → %s', (cidr, expected) => {
    expect(isWorldCidr(cidr)).toBe(expected);
  });
});

// Generators write CIDRs in their own spelling (IPv6 always in full, upper or lower case, host bits
// set), so the properties also exercise the parser.
const FAMILY_BITS = { 4: 32, 6: 128 } as const;

interface Generated {
  family: 4 | 6;
  address: bigint;
  prefix: number;
}

function write({ family, address, prefix }: Generated, upper = false): string {
  if (family === 4) {
    const n = Number(address);
    return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${prefix}`;
  }
  const hex = address.toString(16).padStart(32, '0');
  const text = hex.match(/.{4}/g)?.join(':') ?? '';
  return `${upper ? text.toUpperCase() : text}/${prefix}`;
}

const generated: fc.Arbitrary<Generated> = fc.oneof(
  fc.record({
    family: fc.constant(4 as const),
    address: fc.bigInt(0n, (1n << 32n) - 1n),
    prefix: fc.integer({ min: 0, max: 32 }),
  }),
  fc.record({
    family: fc.constant(6 as const),
    address: fc.bigInt(0n, (1n << 128n) - 1n),
    prefix: fc.integer({ min: 0, max: 128 }),
  }),
);

/** A CIDR inside `outer`: its address with random host bits and a prefix at least as long. */
function inside(outer: Generated): fc.Arbitrary<Generated> {
  const bits = FAMILY_BITS[outer.family];
  const hostBits = BigInt(bits - outer.prefix);
  return fc
    .tuple(fc.bigInt(0n, (1n << hostBits) - 1n), fc.integer({ min: outer.prefix, max: bits }))
    .map(([host, prefix]) => ({
      family: outer.family,
      address: ((outer.address >> hostBits) << hostBits) | host,
      prefix,
    }));
}

function halves(cidr: string): [string, string] {
  const parsed = parseCidr(cidr);
  if (!parsed) throw new Error(`not a CIDR: ${cidr}`);
  const bits = FAMILY_BITS[parsed.family];
  const prefix = parsed.prefix + 1;
  const upper = parsed.network | (1n << BigInt(bits - prefix));
  return [
    write({ family: parsed.family, address: parsed.network, prefix }),
    write({ family: parsed.family, address: upper, prefix }),
  ];
}

const worldish = fc.constantFrom(
  WORLD_V4,
  WORLD_V6,
  LOWER_HALF_V4,
  UPPER_HALF_V4,
  GLOBAL_UNICAST_V6,
  VPC_CIDR,
);
const cidrList = fc.array(
  fc.oneof(
    worldish,
    generated.map((g) => write(g)),
  ),
  { maxLength: 8 },
);

describe('cidr: properties', () => {
  it('containment is reflexive', () => {
    fc.assert(fc.property(generated, fc.boolean(), (g, upper) => cidrContains(write(g, upper), write(g))));
  });

  it('containment is transitive along nested CIDRs', () => {
    const chain = generated.chain((a) => inside(a).chain((b) => inside(b).map((c) => [a, b, c] as const)));
    fc.assert(
      fc.property(chain, ([a, b, c]) => {
        expect(cidrContains(write(a), write(b))).toBe(true);
        expect(cidrContains(write(b), write(c))).toBe(true);
        expect(cidrContains(write(a), write(c))).toBe(true);
      }),
    );
  });

  it('containment is transitive for arbitrary triples', () => {
    fc.assert(
      fc.property(generated, generated, generated, (a, b, c) => {
        const [x, y, z] = [write(a), write(b), write(c)];
        if (cidrContains(x, y) && cidrContains(y, z)) expect(cidrContains(x, z)).toBe(true);
      }),
    );
  });

  it('contains implies overlaps, and overlap is symmetric', () => {
    const pair = fc.oneof(
      fc.tuple(generated, generated),
      generated.chain((a) => inside(a).map((b) => [a, b] as [Generated, Generated])),
    );
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const [x, y] = [write(a), write(b)];
        if (cidrContains(x, y)) expect(cidrOverlaps(x, y)).toBe(true);
        expect(cidrOverlaps(x, y)).toBe(cidrOverlaps(y, x));
      }),
    );
  });

  it('canonicalCidr is idempotent and keeps the parsed value', () => {
    fc.assert(
      fc.property(generated, fc.boolean(), (g, upper) => {
        const canonical = canonicalCidr(write(g, upper));
        expect(canonical).toBeDefined();
        expect(canonicalCidr(canonical as string)).toBe(canonical);
        expect(parseCidr(canonical as string)).toEqual(parseCidr(write(g)));
      }),
    );
  });

  it('splitting a CIDR into its two halves preserves coversPublicInternet', () => {
    fc.assert(
      fc.property(cidrList, fc.nat(), (cidrs, pick) => {
        const splittable = cidrs.filter((c) => {
          const parsed = parseCidr(c);
          return parsed !== undefined && parsed.prefix < FAMILY_BITS[parsed.family];
        });
        const target = splittable[pick % Math.max(splittable.length, 1)];
        if (target === undefined) return;
        const split = cidrs.flatMap((c) => (c === target ? halves(c) : [c]));
        expect(coversPublicInternet(split)).toBe(coversPublicInternet(cidrs));
      }),
    );
  });

  it('isWorldCidr agrees with coversPublicInternet of that one CIDR', () => {
    const candidate = fc.oneof(
      worldish,
      generated.map((g) => write(g)),
      fc.constantFrom('::/1', '::/2', '2000::/4', 'bogus'),
    );
    fc.assert(fc.property(candidate, (cidr) => isWorldCidr(cidr) === coversPublicInternet([cidr])));
  });

  it('the world split any number of times is still the world', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(WORLD_V4, WORLD_V6),
        fc.array(fc.nat(), { maxLength: 12 }),
        (world, picks) => {
          let cidrs: string[] = [world];
          for (const pick of picks) {
            const index = pick % cidrs.length;
            cidrs = [...cidrs.slice(0, index), ...halves(cidrs[index] as string), ...cidrs.slice(index + 1)];
          }
          expect(coversPublicInternet(cidrs)).toBe(true);
          // Dropping a piece that holds public addresses opens a hole.
          const publicPiece = cidrs.findIndex((c) => includesPublicAddresses(c));
          expect(coversPublicInternet(cidrs.filter((_, i) => i !== publicPiece))).toBe(false);
        },
      ),
    );
  });
});
