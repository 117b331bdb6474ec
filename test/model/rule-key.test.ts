import { WORLD_V4, WORLD_V6 } from '../../src/model/cidr';
import { formatRule, peerToString, ruleKey } from '../../src/model/rule-key';
import type { Rule } from '../../src/model/types';

const OFFICE_CIDR = '203.0.113.0/32';
const BACKEND_SG = 'sg-0bac0e0d000000003';
const S3_PREFIX_LIST = 'pl-6da54004';

const DB_FROM_WORLD: Rule = {
  direction: 'ingress',
  protocol: 'tcp',
  fromPort: 5432,
  toPort: 5432,
  peer: { kind: 'cidr4', value: WORLD_V4 },
};

describe('rule-key: ruleKey', () => {
  it('ignores the description and the sgr id', () => {
    expect(ruleKey({ ...DB_FROM_WORLD, description: 'temporary', ruleId: 'sgr-0123' })).toBe(
      ruleKey(DB_FROM_WORLD),
    );
  });

  it.each<[string, Partial<Rule>]>([
    ['direction', { direction: 'egress' }],
    ['protocol', { protocol: 'udp' }],
    ['from port', { fromPort: 5431 }],
    ['to port', { toPort: 5433 }],
    ['peer value', { peer: { kind: 'cidr4', value: OFFICE_CIDR } }],
    ['peer kind', { peer: { kind: 'group', value: WORLD_V4 } }],
  ])('changes with the %s', (_field, change) => {
    expect(ruleKey({ ...DB_FROM_WORLD, ...change })).not.toBe(ruleKey(DB_FROM_WORLD));
  });
});

describe('rule-key: peerToString', () => {
  it.each<[Rule['peer'], string]>([
    [{ kind: 'cidr4', value: OFFICE_CIDR }, OFFICE_CIDR],
    [{ kind: 'cidr6', value: WORLD_V6 }, WORLD_V6],
    [{ kind: 'prefix-list', value: S3_PREFIX_LIST }, S3_PREFIX_LIST],
    [{ kind: 'group', value: BACKEND_SG }, BACKEND_SG],
  ])('%o → %s', (peer, text) => {
    expect(peerToString(peer)).toBe(text);
  });
});

describe('rule-key: formatRule', () => {
  const names = (groupId: string) => (groupId === BACKEND_SG ? 'thebot-backend-sg' : undefined);

  it('describes an ingress rule from a CIDR', () => {
    expect(formatRule(DB_FROM_WORLD)).toBe('ingress 5432/tcp from 0.0.0.0/0');
  });

  it('names a peer group when the name is known', () => {
    const rule: Rule = {
      direction: 'egress',
      protocol: 'all',
      fromPort: -1,
      toPort: -1,
      peer: { kind: 'group', value: BACKEND_SG },
    };
    expect(formatRule(rule, names)).toBe(`egress all traffic to ${BACKEND_SG} (thebot-backend-sg)`);
    expect(formatRule({ ...rule, peer: { kind: 'group', value: 'sg-0ther' } }, names)).toBe(
      'egress all traffic to sg-0ther',
    );
  });

  it('describes icmp and prefix lists', () => {
    const rule: Rule = {
      direction: 'ingress',
      protocol: 'icmp',
      fromPort: 8,
      toPort: -1,
      peer: { kind: 'prefix-list', value: S3_PREFIX_LIST },
    };
    expect(formatRule(rule, names)).toBe(`ingress icmp 8/-1 from ${S3_PREFIX_LIST}`);
  });
});
