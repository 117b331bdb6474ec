/** Names AWS and the seed give a meaning to, shared by the checks and `baseline init`. */
import type { SecurityGroup } from './types';

/** The tag that says which environment a group belongs to (missing-tags compares it). */
export const ENVIRONMENT_TAG = 'Environment';

/** The VPC's `default` group: judged by default-group-open, never made a role. */
export function isDefaultGroup(group: SecurityGroup): boolean {
  return group.groupName === 'default';
}

/** `Environment=staging`; a value with spaces around it is quoted, so `"production "` shows why it differs. */
export function tagText(tag: string, value: string): string {
  return `${tag}=${value.trim() === value ? value : JSON.stringify(value)}`;
}

/**
 * Errors with which EC2 refuses a session's credentials before they expire: the role was deleted
 * and created again, its sessions revoked, or (UnauthorizedOperation) a permission it lacks.
 */
export const REJECTED_CREDENTIALS: ReadonlySet<string> = new Set([
  'AuthFailure',
  'InvalidClientTokenId',
  'ExpiredToken',
  'UnauthorizedOperation',
]);
