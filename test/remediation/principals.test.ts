import type { Actor } from '../../src/events/types';
import { compileArnGlob, matchAllowedPrincipal } from '../../src/remediation/principals';

const DEPLOY_ROLE = 'arn:aws:iam::123456789012:role/terraform-deploy';
const DEPLOY_SESSION = 'arn:aws:sts::123456789012:assumed-role/terraform-deploy/ci-run-42';
const PERSON = 'arn:aws:iam::123456789012:user/alice';

function actor(arn: string | null, principalArn: string | null = arn): Actor {
  return {
    type: 'AssumedRole',
    arn,
    principalArn,
    accountId: '123456789012',
    userName: null,
    sessionName: null,
    invokedBy: null,
    sourceIp: null,
    userAgent: null,
    viaConsole: false,
  };
}

describe('remediation: allowed principals', () => {
  it('matches an assumed-role session through its role ARN (sessionIssuer.arn)', () => {
    expect(matchAllowedPrincipal([DEPLOY_ROLE], actor(DEPLOY_SESSION, DEPLOY_ROLE))).toBe(DEPLOY_ROLE);
  });

  it('matches the caller ARN itself', () => {
    const pattern = 'arn:aws:sts::123456789012:assumed-role/terraform-deploy/*';
    expect(matchAllowedPrincipal([pattern], actor(DEPLOY_SESSION, DEPLOY_ROLE))).toBe(pattern);
  });

  it('returns the first matching pattern, and null when none matches', () => {
    const patterns = ['arn:aws:iam::*:role/ci-*', 'arn:aws:iam::*:role/terraform-*'];
    expect(matchAllowedPrincipal(patterns, actor(DEPLOY_SESSION, DEPLOY_ROLE))).toBe(patterns[1]);
    expect(matchAllowedPrincipal(patterns, actor(PERSON))).toBeNull();
    expect(matchAllowedPrincipal([], actor(PERSON))).toBeNull();
  });

  it('never matches an actor without an ARN', () => {
    expect(matchAllowedPrincipal(['*'], actor(null))).toBeNull();
  });

  it.each([
    ['arn:aws:iam::*:role/terraform-*', DEPLOY_ROLE, true],
    ['arn:aws:iam::123456789012:role/terraform', DEPLOY_ROLE, false], // anchored: no prefix match
    ['arn:aws:iam::123456789012:role/terraform-deploy', `${DEPLOY_ROLE}-evil`, false],
    ['arn:aws:iam::123456789012:role/*', 'arn:aws:iam::123456789012:role/path/deep', true], // * crosses /
    ['arn:aws:iam::123456789012:role/a.b', 'arn:aws:iam::123456789012:role/aXb', false], // . is literal
    ['arn:aws:iam::123456789012:role/(x)+', 'arn:aws:iam::123456789012:role/(x)+', true],
  ])('glob %s against %s → %s', (pattern, arn, expected) => {
    expect(compileArnGlob(pattern).test(arn)).toBe(expected);
  });
});
