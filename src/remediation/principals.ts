/**
 * ALLOWED_PRINCIPALS: IAM role and user ARN patterns whose changes are authorized (alerted, never
 * reverted). A pattern is matched against the caller's PRINCIPAL (the role of an assumed-role
 * session, the user of an IAM user), never against a session name, which the caller chooses.
 */
import { isAccountId } from '../baseline/account-syntax';
import type { Actor } from '../events/types';

/** An IAM role or user ARN cut into its parts: `arn:PARTITION:iam::ACCOUNT:KIND/PATH…/NAME`. */
interface PrincipalArn {
  partition: string;
  account: string;
  kind: 'role' | 'user';
  /** Path segments then the name; IAM compares these regardless of case. */
  names: string[];
}

const PRINCIPAL_KINDS: ReadonlySet<string> = new Set(['role', 'user']);
// IAM paths and names use printable ASCII only (paths: U+0021–U+007E); anything else is not IAM's.
const PRINTABLE = /^[\x21-\x7e]+$/;
const PARTITION = /^aws(-[a-z]+)*$/;
const ASSUMED_ROLE = /^assumed-role\/([^/]+)\/[^/]+$/;

/**
 * The principal behind a caller, as a canonical ARN, or null when there is none a pattern may match:
 * - AssumedRole: the role, `sessionIssuer.arn` (path included), or derived from
 *   `arn:…:sts::ACCT:assumed-role/ROLE/SESSION` without the session when the issuer is missing; a
 *   session and an issuer that disagree on the role or account are nobody;
 * - IAMUser: the user ARN;
 * - Root, FederatedUser (its name is the caller's choice), AWSService, AWSAccount and anything else:
 *   nobody, so such changes are never authorized.
 */
export function principalOf(actor: Actor): string | null {
  const principal = principalArnOf(actor);
  return principal && formatArn(principal);
}

function principalArnOf(actor: Actor): PrincipalArn | null {
  if (actor.type === 'IAMUser') {
    const user = actor.arn ? parsePrincipalArn(actor.arn) : null;
    return user?.kind === 'user' ? user : null;
  }
  if (actor.type !== 'AssumedRole' || !actor.arn) return null;
  const session = roleOfSession(actor.arn);
  if (!session) return null;
  if (!actor.principalArn || actor.principalArn === actor.arn) return session;
  const issuer = parsePrincipalArn(actor.principalArn);
  const agrees =
    issuer?.kind === 'role' &&
    issuer.partition === session.partition &&
    issuer.account === session.account &&
    sameName(issuer.names.at(-1), session.names[0]);
  return agrees ? issuer : null;
}

/** `arn:P:sts::ACCT:assumed-role/ROLE/SESSION` → the role `arn:P:iam::ACCT:role/ROLE` (path unknown). */
function roleOfSession(arn: string): PrincipalArn | null {
  const parts = issuedArn(arn, 'sts');
  const role = parts && ASSUMED_ROLE.exec(parts.resource)?.[1];
  if (!parts || !role) return null;
  return { partition: parts.partition, account: parts.account, kind: 'role', names: [role] };
}

function parsePrincipalArn(arn: string): PrincipalArn | null {
  const parts = issuedArn(arn, 'iam');
  if (!parts) return null;
  const [kind = '', ...names] = parts.resource.split('/');
  if (!PRINCIPAL_KINDS.has(kind) || names.length === 0 || names.includes('')) return null;
  return { partition: parts.partition, account: parts.account, kind: kind as PrincipalArn['kind'], names };
}

/** The parts of an ARN as AWS issues them for a global service (no region), or null. */
function issuedArn(arn: string, service: 'iam' | 'sts') {
  const parts = splitArn(arn);
  const valid =
    parts?.service === service &&
    parts.region === '' &&
    PARTITION.test(parts.partition) &&
    isAccountId(parts.account) &&
    PRINTABLE.test(arn);
  return valid ? parts : null;
}

function formatArn({ partition, account, kind, names }: PrincipalArn): string {
  return `arn:${partition}:iam::${account}:${kind}/${names.join('/')}`;
}

/**
 * Why an ALLOWED_PRINCIPALS entry is not a valid pattern, or null when it is. A pattern is
 * `arn:PARTITION:iam::ACCOUNT:role/PATH/NAME` or `…:user/PATH/NAME`; `*` matches any run of
 * characters inside one segment (never across `:` or `/`).
 */
export function principalPatternProblem(pattern: string): string | null {
  const parts = splitArn(pattern);
  if (!parts) return 'is not an ARN (expected arn:aws:iam::ACCOUNT:role/NAME)';
  if (!PRINTABLE.test(pattern)) return 'has a character IAM ARNs never contain (space or control)';
  if (parts.service === 'sts')
    return 'names a session; name the role, not its sessions (arn:aws:iam::ACCOUNT:role/NAME)';
  if (parts.service !== 'iam') return `service must be iam, got ${parts.service}`;
  if (parts.region !== '') return 'IAM ARNs have no region (arn:aws:iam::ACCOUNT:…)';
  if (!/^[\d*]+$/.test(parts.account)) return 'account must be 12 digits or use *';
  if (!/^[a-z*-]+$/.test(parts.partition)) return 'partition must be aws, aws-cn, aws-us-gov… or use *';
  const [kind = '', ...names] = parts.resource.split('/');
  if (!PRINCIPAL_KINDS.has(kind) || names.length === 0) return 'resource must be role/NAME or user/NAME';
  if (names.includes('')) return 'has an empty path or name segment';
  return null;
}

/** The first pattern that matches the caller's principal (see principalOf); null when none does. */
export function matchAllowedPrincipal(patterns: readonly string[], actor: Actor): string | null {
  const principal = principalArnOf(actor);
  if (!principal) return null;
  return patterns.find((pattern) => patternMatches(pattern, principal)) ?? null;
}

// Invalid patterns match nothing (config refuses them at cold start; this is the second line).
function patternMatches(pattern: string, principal: PrincipalArn): boolean {
  if (principalPatternProblem(pattern) !== null) return false;
  const parts = splitArn(pattern);
  if (!parts) return false;
  const [kind, ...names] = parts.resource.split('/');
  return (
    kind === principal.kind &&
    segmentMatches(parts.partition, principal.partition, false) &&
    segmentMatches(parts.account, principal.account, false) &&
    names.length === principal.names.length &&
    names.every((name, index) => segmentMatches(name, principal.names[index] ?? '', true))
  );
}

/** One ARN segment against a glob in which `*` is the only special character. */
function segmentMatches(glob: string, value: string, ignoreCase: boolean): boolean {
  const body = glob
    .split('*')
    .map((literal) => literal.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, ignoreCase ? 'i' : '').test(value);
}

function sameName(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** `arn:partition:service:region:account:resource`; the resource keeps any further `:`. */
function splitArn(arn: string) {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return null;
  const [, partition = '', service = '', region = '', account = ''] = parts;
  return { partition, service, region, account, resource: parts.slice(5).join(':') };
}
