import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseActor } from '../../src/events/actor';
import type { Actor } from '../../src/events/types';
import {
  matchAllowedPrincipal,
  principalOf,
  principalPatternProblem,
} from '../../src/remediation/principals';

const ACCOUNT = '123456789012';
const DEPLOY_ROLE = `arn:aws:iam::${ACCOUNT}:role/terraform-deploy`;
const DEPLOY_SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/terraform-deploy/ci-run-42`;
const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;

function assumedRole(arn: string | null, issuerArn: string | null): Actor {
  return { ...base('AssumedRole'), arn, principalArn: issuerArn ?? arn };
}

function iamUser(arn: string | null): Actor {
  return { ...base('IAMUser'), arn, principalArn: arn };
}

/** A session of a role, as CloudTrail records it: the assumed-role ARN plus sessionIssuer.arn. */
function sessionOf(roleArn: string): Actor {
  const [, partition, , , account] = roleArn.split(':');
  const name = roleArn.split('/').at(-1);
  return assumedRole(`arn:${partition}:sts::${account}:assumed-role/${name}/session-1`, roleArn);
}

function base(type: string): Actor {
  return {
    type,
    arn: null,
    principalArn: null,
    accountId: ACCOUNT,
    userName: null,
    sessionName: null,
    invokedBy: null,
    sourceIp: null,
    userAgent: null,
    viaConsole: false,
  };
}

/** The actor of a published CloudTrail sample in test/fixtures/cloudtrail. */
function fixtureActor(file: string): Actor {
  const record = JSON.parse(readFileSync(join(__dirname, '../fixtures/cloudtrail', file), 'utf8'));
  return parseActor(record.detail ?? record);
}

describe('remediation: the principal behind a caller', () => {
  it('is the role ARN (sessionIssuer.arn, path included) for an assumed-role session', () => {
    const eks = fixtureActor('DeleteSecurityGroup/aws-spotlight-eks-service-role.json');
    expect(principalOf(eks)).toBe(
      'arn:aws:iam::999999999999:role/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS',
    );
    const operator = fixtureActor('AuthorizeSecurityGroupIngress/panther-go-sdk-ssh-open-world.json');
    expect(principalOf(operator)).toBe('arn:aws:iam::112233445566:role/Operator');
  });

  it('is derived from the assumed-role ARN, without the session, when the issuer is missing', () => {
    expect(principalOf(assumedRole(DEPLOY_SESSION, null))).toBe(DEPLOY_ROLE);
  });

  it('is the user ARN for an IAM user', () => {
    const user = fixtureActor('AuthorizeSecurityGroupIngress/watch-sg-console-iamuser-rule-description.json');
    expect(principalOf(user)).toBe('arn:aws:iam::123456789012:user/john.doh');
  });

  it('is nobody when the session and its issuer disagree on the role or the account', () => {
    expect(principalOf(assumedRole(DEPLOY_SESSION, `arn:aws:iam::${ACCOUNT}:role/admin`))).toBeNull();
    expect(
      principalOf(assumedRole(DEPLOY_SESSION, 'arn:aws:iam::999999999999:role/terraform-deploy')),
    ).toBeNull();
    const mismatched = fixtureActor(
      'AuthorizeSecurityGroupEgress/panther-terraform-all-traffic-description.json',
    );
    expect(principalOf(mismatched)).toBeNull();
  });

  it.each([
    ['Root', `arn:aws:iam::${ACCOUNT}:root`],
    ['FederatedUser', `arn:aws:sts::${ACCOUNT}:federated-user/deployer`],
    ['AWSService', null],
    ['AWSAccount', null],
    ['Unknown', null],
    ['IAMUser', DEPLOY_ROLE], // the type and the ARN disagree
    ['AssumedRole', ALICE],
    ['IAMUser', `arn:aws:iam::${ACCOUNT}:user/ali\nce`], // not an ARN IAM would issue
  ])('is nobody for %s %s (never authorized)', (type, arn) => {
    expect(principalOf({ ...base(type), arn, principalArn: arn })).toBeNull();
  });
});

describe('remediation: allowed principals', () => {
  it('matches an assumed-role session through its role, never through the session ARN', () => {
    expect(matchAllowedPrincipal([DEPLOY_ROLE], assumedRole(DEPLOY_SESSION, DEPLOY_ROLE))).toBe(DEPLOY_ROLE);
    expect(
      matchAllowedPrincipal(
        [`arn:aws:sts::${ACCOUNT}:assumed-role/terraform-deploy/*`],
        assumedRole(DEPLOY_SESSION, DEPLOY_ROLE),
      ),
    ).toBeNull();
  });

  it('returns the first matching pattern, and null when none matches', () => {
    const patterns = ['arn:aws:iam::*:role/ci-*', 'arn:aws:iam::*:role/terraform-*'];
    expect(matchAllowedPrincipal(patterns, assumedRole(DEPLOY_SESSION, DEPLOY_ROLE))).toBe(patterns[1]);
    expect(matchAllowedPrincipal(patterns, iamUser(ALICE))).toBeNull();
    expect(matchAllowedPrincipal([], iamUser(ALICE))).toBeNull();
  });

  it('never matches an actor without an ARN, nor with an invalid pattern', () => {
    expect(matchAllowedPrincipal(['arn:aws:iam::*:user/*'], iamUser(null))).toBeNull();
    expect(matchAllowedPrincipal(['*'], iamUser(ALICE))).toBeNull();
  });

  describe('the bypasses of issue 9', () => {
    it('role/deployer* does not authorize an IAM user whose path is /:role/deployer/', () => {
      const user = iamUser(`arn:aws:iam::${ACCOUNT}:user/:role/deployer/mallory`);
      expect(principalOf(user)).toBe(`arn:aws:iam::${ACCOUNT}:user/:role/deployer/mallory`);
      expect(matchAllowedPrincipal(['arn:aws:iam::*:role/deployer*'], user)).toBeNull();
    });

    it('no pattern is satisfied by a session named deployer', () => {
      const session = `arn:aws:sts::${ACCOUNT}:assumed-role/intruder/deployer`;
      const intruder = assumedRole(session, `arn:aws:iam::${ACCOUNT}:role/intruder`);
      const derived = assumedRole(session, null);
      const patterns = [
        '*/deployer',
        'arn:aws:iam::*:role/deployer',
        'arn:aws:iam::*:role/*deployer',
        'arn:aws:iam::*:role/*/deployer',
        'arn:aws:iam::*:user/deployer',
        `arn:aws:sts::${ACCOUNT}:assumed-role/*/deployer`,
      ];
      expect(matchAllowedPrincipal(patterns, intruder)).toBeNull();
      expect(matchAllowedPrincipal(patterns, derived)).toBeNull();
    });

    it('role/deployer covers role/Deployer: IAM names are unique regardless of case', () => {
      const deployer = assumedRole(
        `arn:aws:sts::${ACCOUNT}:assumed-role/Deployer/run-7`,
        `arn:aws:iam::${ACCOUNT}:role/Deployer`,
      );
      expect(matchAllowedPrincipal(['arn:aws:iam::*:role/deployer'], deployer)).toBe(
        'arn:aws:iam::*:role/deployer',
      );
      expect(matchAllowedPrincipal([`arn:aws:iam::${ACCOUNT}:role/DEPLOY*`], deployer)).not.toBeNull();
    });
  });

  it.each([
    ['arn:aws:iam::*:role/terraform-*', DEPLOY_ROLE, true],
    [`arn:aws:iam::${ACCOUNT}:role/terraform`, DEPLOY_ROLE, false], // anchored: no prefix match
    [`arn:aws:iam::${ACCOUNT}:role/terraform-deploy`, `${DEPLOY_ROLE}-evil`, false],
    [`arn:aws:iam::${ACCOUNT}:role/*`, `arn:aws:iam::${ACCOUNT}:role/path/deep`, false], // * stays in a segment
    [`arn:aws:iam::${ACCOUNT}:role/*/*`, `arn:aws:iam::${ACCOUNT}:role/path/deep`, true],
    [`arn:aws:iam::${ACCOUNT}:role/path/deep`, `arn:aws:iam::${ACCOUNT}:role/PATH/Deep`, true], // names: any case
    [`arn:aws:iam::${ACCOUNT}:role/a.b`, `arn:aws:iam::${ACCOUNT}:role/aXb`, false], // . is literal
    [`arn:aws:iam::${ACCOUNT}:role/a+b`, `arn:aws:iam::${ACCOUNT}:role/a+b`, true],
    ['arn:aws:iam::1234*:role/x', `arn:aws:iam::${ACCOUNT}:role/x`, true], // * inside the account segment
    ['arn:aws:iam::999999999999:role/x', `arn:aws:iam::${ACCOUNT}:role/x`, false],
    [`arn:aws-cn:iam::${ACCOUNT}:role/x`, `arn:aws:iam::${ACCOUNT}:role/x`, false], // partition: exact
    [`arn:AWS:iam::${ACCOUNT}:role/x`, `arn:aws:iam::${ACCOUNT}:role/x`, false],
    [`arn:aws:iam::${ACCOUNT}:user/x`, `arn:aws:iam::${ACCOUNT}:role/x`, false], // role is not user
  ])('pattern %s against %s → %s', (pattern, principal, expected) => {
    const actor = principal.includes(':role/') ? sessionOf(principal) : iamUser(principal);
    expect(matchAllowedPrincipal([pattern], actor) !== null).toBe(expected);
  });
});

describe('remediation: allowed-principal pattern syntax', () => {
  it.each([
    'arn:aws:iam::123456789012:role/terraform-deploy',
    'arn:aws:iam::*:role/ci/*',
    'arn:aws-us-gov:iam::*:user/alice',
    'arn:*:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_*',
  ])('accepts %s', (pattern) => {
    expect(principalPatternProblem(pattern)).toBeNull();
  });

  it.each([
    ['*', /not an ARN/],
    ['*/deployer', /not an ARN/],
    ['deployer', /not an ARN/],
    ['arn:aws:iam::*:*', /role\/NAME or user\/NAME/],
    ['arn:aws:iam::*:root', /role\/NAME or user\/NAME/],
    [`arn:aws:sts::${ACCOUNT}:assumed-role/deployer/*`, /the role, not its sessions/],
    ['arn:aws:ec2::*:role/x', /service must be iam/],
    ['arn:aws:iam:eu-west-1:*:role/x', /no region/],
    ['arn:aws:iam::12x:role/x', /account/],
    ['arn:aws:iam::*:role/', /empty/],
    ['arn:aws:iam::*:role//x', /empty/],
    ['arn:aws:iam::*:role/a b', /character/],
  ])('refuses %s', (pattern, problem) => {
    expect(principalPatternProblem(pattern)).toMatch(problem);
  });
});
