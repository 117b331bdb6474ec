/** ALLOWED_PRINCIPALS: ARN globs whose changes are authorized (alerted, never reverted). */
import type { Actor } from '../events/types';

/** A compiled ARN glob: `*` matches any run of characters (including `/` and `:`), nothing else is special. */
export function compileArnGlob(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

/**
 * The first pattern that matches the caller's ARN or, for an assumed-role session, the role's ARN
 * (`sessionIssuer.arn`), so `arn:aws:iam::123456789012:role/terraform-*` covers every session of
 * the deploy role. Null when none matches.
 */
export function matchAllowedPrincipal(patterns: readonly string[], actor: Actor): string | null {
  const arns = [actor.arn, actor.principalArn].filter((arn): arn is string => Boolean(arn));
  for (const pattern of patterns) {
    const glob = compileArnGlob(pattern);
    if (arns.some((arn) => glob.test(arn))) return pattern;
  }
  return null;
}
