/**
 * The accounts map's small vocabulary, free of zod and yaml so the adapters and the Lambdas can check
 * an id without carrying the validators: account ids, OU ids, region names, auto-revert modes.
 */

/** An AWS account id: exactly 12 digits, leading zeros included. */
export const ACCOUNT_ID = /^\d{12}$/;
/** The longest account name Organizations allows. */
export const ACCOUNT_NAME_MAX = 50;
/** An Organizations OU id, as AWS documents it: `ou-` + 4-32 + `-` + 8-32 lowercase letters or digits. */
export const OU_ID = /^ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}$/;
/** A region name (`eu-west-1`, `us-gov-west-1`, `ap-southeast-7`): a typo like `eu-west1` is refused. */
export const REGION =
  /^[a-z]{2}(-(gov|iso|isob|isoe|isof))?-(central|north|south|east|west|northeast|northwest|southeast|southwest)-[1-9]\d?$/;

/** The auto-revert modes of the monitor (src/config.ts `AutoRevertMode`, kept equal by a test). */
export const AUTO_REVERT_MODES = ['off', 'dry-run', 'enforce'] as const;
export type AccountAutoRevert = (typeof AUTO_REVERT_MODES)[number];

/** An IAM role name: 1-64 of A-Z a-z 0-9 and +=,.@_- (the member role's, the same in every account). */
export const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** The member role of an account: the same name in every account (the member stack makes it). */
export function memberRoleArn(accountId: string, roleName: string): string {
  return `arn:aws:iam::${accountId}:role/${roleName}`;
}

export function isAccountId(value: string): boolean {
  return ACCOUNT_ID.test(value);
}

export function isRegion(value: string): boolean {
  return REGION.test(value);
}
