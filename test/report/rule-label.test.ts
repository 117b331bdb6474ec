import type { Rule } from '../../src/model/types';
import { ruleLabel, trafficLabel } from '../../src/report/rule-label';
import { OFFICE_CIDR, SENTINEL_CIDR, VPC_CIDR, WORLD_V4, WORLD_V6 } from './fixtures';

const GROUP_NAMES: Record<string, string> = { 'sg-003': 'backend-sg', 'sg-005': 'redis-sg' };
const nameOfGroup = (groupId: string) => GROUP_NAMES[groupId];
const PREFIX_LIST = 'pl-63a5400a';

function rule(
  direction: Rule['direction'],
  protocol: string,
  fromPort: number,
  toPort: number,
  peer: Rule['peer'],
): Rule {
  return { direction, protocol, fromPort, toPort, peer };
}
const v4 = (value: string) => ({ kind: 'cidr4', value }) as const;
const group = (value: string) => ({ kind: 'group', value }) as const;

describe('report: rule label', () => {
  it.each([
    [rule('ingress', 'tcp', 22, 22, v4(OFFICE_CIDR)), 'SSH (22) from 203.0.113.0/32'],
    [rule('egress', 'all', -1, -1, v4(WORLD_V4)), 'All to 0.0.0.0/0'],
    [rule('ingress', 'tcp', 80, 80, v4(WORLD_V4)), 'HTTP (80) from 0.0.0.0/0'],
    [rule('ingress', 'tcp', 443, 443, v4(VPC_CIDR)), 'HTTPS (443) from 10.0.0.0/16'],
    [rule('egress', 'tcp', 8000, 8000, group('sg-003')), 'Port 8000 to backend-sg'],
    [rule('ingress', 'tcp', 5432, 5432, group('sg-003')), 'PostgreSQL (5432) from backend-sg'],
    [rule('ingress', 'tcp', 6379, 6379, group('sg-005')), 'Port 6379 from redis-sg'],
    [rule('ingress', 'tcp', 1000, 2000, v4(VPC_CIDR)), 'Ports 1000-2000 from 10.0.0.0/16'],
    [rule('ingress', 'tcp', 0, 65535, { kind: 'cidr6', value: WORLD_V6 }), 'All TCP from ::/0'],
    [rule('ingress', 'udp', 53, 53, v4(VPC_CIDR)), 'UDP port 53 from 10.0.0.0/16'],
    [rule('ingress', 'udp', 1000, 2000, v4(VPC_CIDR)), 'UDP ports 1000-2000 from 10.0.0.0/16'],
    [rule('ingress', 'udp', 0, 65535, v4(VPC_CIDR)), 'All UDP from 10.0.0.0/16'],
    [rule('ingress', 'icmp', -1, -1, v4(VPC_CIDR)), 'All ICMP from 10.0.0.0/16'],
    [rule('ingress', 'icmp', 8, -1, v4(VPC_CIDR)), 'ICMP type 8 from 10.0.0.0/16'],
    [rule('ingress', 'icmp', 3, 4, v4(VPC_CIDR)), 'ICMP type 3 code 4 from 10.0.0.0/16'],
    [rule('ingress', 'icmpv6', 128, -1, { kind: 'cidr6', value: WORLD_V6 }), 'ICMPv6 type 128 from ::/0'],
    [rule('ingress', '50', -1, -1, v4(VPC_CIDR)), 'Protocol 50 from 10.0.0.0/16'],
    [
      rule('egress', 'tcp', 443, 443, { kind: 'prefix-list', value: PREFIX_LIST }),
      'HTTPS (443) to prefix list pl-63a5400a',
    ],
  ])('%j reads "%s"', (subject, expected) => {
    expect(ruleLabel(subject, nameOfGroup)).toBe(expected);
  });

  it('names a group it cannot resolve by its id', () => {
    expect(ruleLabel(rule('ingress', 'tcp', 8000, 8000, group('sg-0unknown')), nameOfGroup)).toBe(
      'Port 8000 from sg-0unknown',
    );
  });

  it('words the 127.0.0.1/32 egress rule as "No outbound" only on a no-outbound group', () => {
    const sentinel = rule('egress', 'all', -1, -1, v4(SENTINEL_CIDR));
    expect(ruleLabel(sentinel, nameOfGroup, { noOutbound: true })).toBe('No outbound (127.0.0.1/32)');
    expect(ruleLabel(sentinel, nameOfGroup)).toBe('All to 127.0.0.1/32');
  });

  it('names a role peer of a baseline rule by its group, or by the role when it has none', () => {
    const declared = {
      direction: 'ingress',
      protocol: 'tcp',
      fromPort: 5432,
      toPort: 5432,
      peer: { kind: 'role', value: 'backend' },
    } as const;
    expect(ruleLabel(declared, nameOfGroup, { nameOfRole: (role) => `${role}-sg` })).toBe(
      'PostgreSQL (5432) from backend-sg',
    );
    expect(ruleLabel(declared, nameOfGroup)).toBe('PostgreSQL (5432) from backend group');
  });

  it('does not name a service on UDP', () => {
    expect(trafficLabel({ protocol: 'udp', fromPort: 22, toPort: 22 })).toBe('UDP port 22');
  });
});
