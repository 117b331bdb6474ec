import { forEnvironment, parseBaseline } from '../../src/baseline/loader';
import { expectedRulesOf, resolveRoles } from '../../src/baseline/resolver';
import type { SecurityGroup } from '../../src/model/types';
import { edit, NOW, SAMPLE_FILE, SAMPLE_YAML } from './sample';

const ELB_GROUP = 'sg-843f59ed';
const PEERED_GROUP = 'sg-e9843198';
const VPC_A = 'vpc-0123456789abcdef0';
const VPC_B = 'vpc-0fedcba9876543210';

/** The sample with one more ingress rule on web whose peer is `peer` (YAML flow mapping). */
function withPeer(peer: string): string {
  return edit(
    SAMPLE_YAML,
    '    egress:\n      - id: web_to_cache',
    `      - id: web_from_other
        ports: 7001
        protocol: tcp
        peer: ${peer}
        purpose: Other
        justification: Observed
        description: Other (web_from_other)
    egress:
      - id: web_to_cache`,
  );
}

function group(groupId: string, groupName: string, vpcId: string | undefined): SecurityGroup {
  return { groupId, groupName, ...(vpcId ? { vpcId } : {}), tags: {}, rules: [] };
}

describe('baseline: a peer group outside the baseline, by id', () => {
  it('declares a group of another account and matches observed rules by group id', () => {
    const text = withPeer(`{ group: ${ELB_GROUP}, account: amazon-elb }`);
    const baseline = forEnvironment(parseBaseline(text, SAMPLE_FILE, { now: NOW }), 'production');
    const web = baseline.roles.find((role) => role.role === 'web');
    const rule = web?.rules.find((r) => r.id === 'web_from_other');
    expect(rule?.peer).toEqual({ kind: 'group', value: ELB_GROUP, account: 'amazon-elb' });
    const groups = [group('sg-0000000000000000a', 'demo-web-sg', VPC_A)];
    const resolution = resolveRoles(baseline, { groups });
    if (!web) throw new Error('no web role');
    const expected = expectedRulesOf(web, resolution);
    expect(expected.find((e) => e.baselineRule.id === 'web_from_other')?.rule?.peer).toEqual({
      kind: 'group',
      value: ELB_GROUP,
      account: 'amazon-elb',
    });
  });

  it('declares a group across a peering connection', () => {
    const text = withPeer(`{ group: ${PEERED_GROUP}, account: "123456789012", peering: pcx-0a5e2a63 }`);
    expect(() => parseBaseline(text, SAMPLE_FILE, { now: NOW })).not.toThrow();
  });

  it.each([
    [
      'a peer with group and cidr',
      `{ group: ${ELB_GROUP}, cidr: 10.0.0.0/8 }`,
      'roles.web.ingress[2].peer: a peer is exactly one of cidr, var, role, prefixList, group',
    ],
    [
      'an account without a group',
      '{ cidr: 10.0.0.0/8, account: amazon-elb }',
      'roles.web.ingress[2].peer: account and peering describe a group peer only',
    ],
    [
      'a group id that is not one',
      '{ group: web-sg }',
      'roles.web.ingress[2].peer.group: not a security group id (sg-…)',
    ],
    [
      'a peering id that is not one',
      `{ group: ${ELB_GROUP}, peering: vpc-1 }`,
      'roles.web.ingress[2].peer.peering: not a VPC peering connection id (pcx-…)',
    ],
    [
      'an account with a space',
      `{ group: ${ELB_GROUP}, account: "amazon elb" }`,
      'roles.web.ingress[2].peer.account: not an account id (123456789012, amazon-elb)',
    ],
  ])('refuses %s', (_name, peer, message) => {
    expect(() => parseBaseline(withPeer(peer), SAMPLE_FILE, { now: NOW })).toThrow(
      `${SAMPLE_FILE}: ${message}`,
    );
  });
});

describe('baseline: a selector narrowed to one VPC', () => {
  const twoVpcs = edit(
    edit(SAMPLE_YAML, '    vpcIds: [vpc-0123456789abcdef0]\n', ''),
    'web: { groupName: demo-web-sg }',
    `web: { groupName: demo-web-sg, vpcId: ${VPC_B} }`,
  );

  it('matches the group of that name in that VPC only: same-named groups elsewhere are other roles', () => {
    const baseline = forEnvironment(parseBaseline(twoVpcs, SAMPLE_FILE, { now: NOW }), 'production');
    const inA = group('sg-0000000000000000a', 'demo-web-sg', VPC_A);
    const inB = group('sg-0000000000000000b', 'demo-web-sg', VPC_B);
    const resolution = resolveRoles(baseline, { groups: [inA, inB] });
    expect(resolution.groupOfRole.get('web')).toBe(inB);
    expect(resolution.ambiguous.size).toBe(0);
  });

  it('matches an EC2-Classic group (no VPC) with vpcId ec2-classic', () => {
    const text = twoVpcs.replace(`vpcId: ${VPC_B}`, 'vpcId: ec2-classic');
    const baseline = forEnvironment(parseBaseline(text, SAMPLE_FILE, { now: NOW }), 'production');
    const classic = group('sg-0000000000000000c', 'demo-web-sg', undefined);
    const inA = group('sg-0000000000000000a', 'demo-web-sg', VPC_A);
    expect(resolveRoles(baseline, { groups: [inA, classic] }).groupOfRole.get('web')).toBe(classic);
  });

  it('stays ambiguous when two groups of that name answer in that VPC', () => {
    const baseline = forEnvironment(parseBaseline(twoVpcs, SAMPLE_FILE, { now: NOW }), 'production');
    const one = group('sg-0000000000000000a', 'demo-web-sg', VPC_B);
    const two = group('sg-0000000000000000b', 'demo-web-sg', VPC_B);
    expect([...resolveRoles(baseline, { groups: [one, two] }).ambiguous.keys()]).toEqual(['web']);
  });

  it('refuses a vpcId that is not one', () => {
    const text = twoVpcs.replace(`vpcId: ${VPC_B}`, 'vpcId: vpc-probe');
    expect(() => parseBaseline(text, SAMPLE_FILE, { now: NOW })).toThrow(
      `${SAMPLE_FILE}: environments.production.roles.web.vpcId: not a VPC id (vpc-…) or ec2-classic`,
    );
  });

  it('keeps a group name exactly as written: a trailing space is part of the name', () => {
    const text = twoVpcs.replace('{ groupName: demo-web-sg, vpcId', '{ groupName: "demo-web-sg ", vpcId');
    const baseline = forEnvironment(parseBaseline(text, SAMPLE_FILE, { now: NOW }), 'production');
    const spaced = group('sg-0000000000000000b', 'demo-web-sg ', VPC_B);
    const plain = group('sg-0000000000000000a', 'demo-web-sg', VPC_B);
    expect(resolveRoles(baseline, { groups: [plain, spaced] }).groupOfRole.get('web')).toBe(spaced);
  });
});
