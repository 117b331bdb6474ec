/**
 * An estate shaped like real accounts' describe-security-groups output: a web group reached by a
 * classic ELB's source group (account `amazon-elb`), by a group across a VPC peering connection, and
 * through a peering that was deleted (a stale reference), plus two groups called `app` in two VPCs.
 * The baseline declares web's egress and nothing else, so the three peer rules are drift.
 */
import { forEnvironment, parseBaseline } from '../../src/baseline/loader';
import type { EnvironmentBaseline } from '../../src/baseline/types';
import { readSnapshot } from '../../src/model/snapshot';
import type { Estate } from '../../src/model/types';

export const OWNER = '123456789012';
export const WEB_VPC = 'vpc-0a1b2c3d';
export const OTHER_VPC = 'vpc-0f9e8d7c';
export const NOW = new Date('2025-12-27T10:30:00Z');

export const ELB_PAIR = { GroupId: 'sg-843f59ed', GroupName: 'amazon-elb-sg', UserId: 'amazon-elb' };
export const PEERED_PAIR = {
  GroupId: 'sg-e9843198',
  UserId: OWNER,
  VpcId: 'vpc-2f09a348',
  VpcPeeringConnectionId: 'pcx-0a5e2a63',
  PeeringStatus: 'active',
};
export const STALE_PAIR = {
  GroupId: 'sg-279ab042',
  UserId: OWNER,
  VpcId: 'vpc-7a20e51f',
  VpcPeeringConnectionId: 'pcx-b04deed9',
  PeeringStatus: 'deleted',
};
export const APP_HERE = 'sg-0aaa000000000000a';
export const APP_THERE = 'sg-0bbb000000000000b';

const tags = (name: string) => [
  { Key: 'Name', Value: name },
  { Key: 'Environment', Value: 'production' },
];

export function peerSnapshot(): unknown {
  return {
    SecurityGroups: [
      {
        GroupId: 'sg-0c0c000000000000c',
        GroupName: 'web',
        Description: 'web tier',
        OwnerId: OWNER,
        VpcId: WEB_VPC,
        Tags: tags('web'),
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 7001,
            ToPort: 7001,
            UserIdGroupPairs: [{ ...ELB_PAIR, Description: 'classic ELB' }],
          },
          {
            IpProtocol: 'tcp',
            FromPort: 60000,
            ToPort: 62000,
            UserIdGroupPairs: [{ ...PEERED_PAIR, Description: 'partner VPC' }],
          },
          {
            IpProtocol: 'tcp',
            FromPort: 22,
            ToPort: 22,
            UserIdGroupPairs: [{ ...STALE_PAIR, Description: 'old admin VPC' }],
          },
          {
            IpProtocol: 'tcp',
            FromPort: 8080,
            ToPort: 8080,
            UserIdGroupPairs: [{ GroupId: APP_HERE, UserId: OWNER, Description: 'app to web' }],
          },
        ],
        IpPermissionsEgress: [
          { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'outbound' }] },
        ],
      },
      {
        GroupId: APP_HERE,
        GroupName: 'app',
        Description: 'app tier',
        OwnerId: OWNER,
        VpcId: WEB_VPC,
        Tags: tags('app'),
        IpPermissions: [],
        IpPermissionsEgress: [
          { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'outbound' }] },
        ],
      },
      {
        GroupId: APP_THERE,
        GroupName: 'app',
        Description: 'app tier of the other VPC',
        OwnerId: OWNER,
        VpcId: OTHER_VPC,
        Tags: tags('app'),
        IpPermissions: [],
        IpPermissionsEgress: [],
      },
    ],
  };
}

export function peerEstate(): Estate {
  return readSnapshot(peerSnapshot(), 'peers.json');
}

const outbound = (id: string) => `      - id: ${id}
        ports: all
        protocol: all
        peer: { cidr: 0.0.0.0/0 }
        purpose: Outbound
        justification: Updates
        description: outbound`;

export const PEER_BASELINE_YAML = `
version: 1
name: peers
requiredTags: [Name]
restrictedPorts: [22]
roles:
  web:
    title: Web tier
    risk: HIGH
    ingress:
      - id: web_from_app
        ports: 8080
        protocol: tcp
        peer: { role: app }
        purpose: App to web
        justification: The app calls the web tier
        description: app to web
    egress:
${outbound('web_out')}
  app:
    title: App tier
    risk: HIGH
    egress:
${outbound('app_out')}
environments:
  production:
    vpcIds: [${WEB_VPC}]
    roles:
      web: { groupName: web }
      app: { groupName: app }
`;

export function peerBaseline(): EnvironmentBaseline {
  return forEnvironment(parseBaseline(PEER_BASELINE_YAML, 'peers.yml', { now: NOW }), 'production');
}
