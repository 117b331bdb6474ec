import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  EC2Client,
  type IpPermission,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import type { RuleWriteResult, SecurityGroupWriter } from '../app/ports';
import type { Rule } from '../model/types';
import { type CallTimeouts, clientTimeouts } from './http-timeouts';

/**
 * The IAM actions this adapter calls. serverless.yml grants them only when the stage's AUTO_REVERT
 * is not `off`, only on security groups tagged ManagedBy (the deployment test checks both).
 */
export const IAM_ACTIONS = [
  'ec2:RevokeSecurityGroupIngress',
  'ec2:RevokeSecurityGroupEgress',
  'ec2:AuthorizeSecurityGroupIngress',
  'ec2:AuthorizeSecurityGroupEgress',
] as const;

/** Revoke errors meaning "the rule is not there": the goal is reached. */
const ALREADY_REVOKED = new Set(['InvalidPermission.NotFound', 'InvalidSecurityGroupRuleId.NotFound']);
/** Authorize errors meaning "the rule is there": the goal is reached. */
const ALREADY_AUTHORIZED = new Set(['InvalidPermission.Duplicate']);

/**
 * Adaptive retry: on RequestLimitExceeded the SDK slows the client down and retries, instead of
 * failing the revert; the revert's time budget aborts a call (and its back-off) when it runs out.
 */
export const EC2_RETRY = { retryMode: 'adaptive', maxAttempts: 5 } as const;
/** The change function's EC2 client: short calls (one group's rules, one rule written). */
export const EC2_CHANGE_TIMEOUTS: CallTimeouts = { connectionMs: 1000, requestMs: 3000, ...EC2_RETRY };

/** The change function's EC2 client: adaptive retry, connection and request timeouts. */
export function createChangeEc2Client(): EC2Client {
  return new EC2Client({ ...clientTimeouts(EC2_CHANGE_TIMEOUTS), retryMode: EC2_RETRY.retryMode });
}

/** Revokes and authorizes single rules with the SDK; every outcome is a result, never a throw. */
export function createEc2Writer(client: EC2Client = createChangeEc2Client()): SecurityGroupWriter {
  return {
    async revokeRule(groupId, rule, signal) {
      if (!rule.ruleId) {
        return { status: 'failed', code: 'MissingRuleId', message: 'the rule has no sgr- id to revoke by' };
      }
      const input = { GroupId: groupId, SecurityGroupRuleIds: [rule.ruleId] };
      // The abort signal also ends the SDK's retry back-off: a throttled call never outlives the budget.
      const options = { abortSignal: signal };
      return settle(
        () =>
          rule.direction === 'ingress'
            ? client.send(new RevokeSecurityGroupIngressCommand(input), options)
            : client.send(new RevokeSecurityGroupEgressCommand(input), options),
        ALREADY_REVOKED,
      );
    },
    async authorizeRule(groupId, rule, signal) {
      const input = { GroupId: groupId, IpPermissions: [toIpPermission(rule)] };
      const options = { abortSignal: signal };
      return settle(
        () =>
          rule.direction === 'ingress'
            ? client.send(new AuthorizeSecurityGroupIngressCommand(input), options)
            : client.send(new AuthorizeSecurityGroupEgressCommand(input), options),
        ALREADY_AUTHORIZED,
      );
    },
  };
}

/** A canonical rule as the one-peer IpPermission EC2 authorizes, carrying its description. */
export function toIpPermission(rule: Rule): IpPermission {
  const permission: IpPermission = { IpProtocol: rule.protocol === 'all' ? '-1' : rule.protocol };
  // Ports (or ICMP type/code) only where the protocol has them; EC2 ignores or rejects them elsewhere.
  if (['tcp', 'udp', 'icmp', 'icmpv6'].includes(rule.protocol)) {
    permission.FromPort = rule.fromPort;
    permission.ToPort = rule.toPort;
  }
  const described = rule.description ? { Description: rule.description } : {};
  switch (rule.peer.kind) {
    case 'cidr4':
      permission.IpRanges = [{ CidrIp: rule.peer.value, ...described }];
      break;
    case 'cidr6':
      permission.Ipv6Ranges = [{ CidrIpv6: rule.peer.value, ...described }];
      break;
    case 'prefix-list':
      permission.PrefixListIds = [{ PrefixListId: rule.peer.value, ...described }];
      break;
    case 'group':
      // A group of another account must be named with its account (UserId), one across a peering
      // connection with the connection: EC2 does not find either by the group id alone.
      permission.UserIdGroupPairs = [
        {
          GroupId: rule.peer.value,
          ...(rule.peer.account ? { UserId: rule.peer.account } : {}),
          ...(rule.peer.peeringId ? { VpcPeeringConnectionId: rule.peer.peeringId } : {}),
          ...described,
        },
      ];
      break;
  }
  return permission;
}

async function settle(
  send: () => Promise<unknown>,
  alreadyDone: ReadonlySet<string>,
): Promise<RuleWriteResult> {
  try {
    await send();
    return { status: 'done' };
  } catch (error) {
    const code = error instanceof Error ? error.name : 'UnknownError';
    if (alreadyDone.has(code)) return { status: 'already-done', code };
    return { status: 'failed', code, message: error instanceof Error ? error.message : String(error) };
  }
}
