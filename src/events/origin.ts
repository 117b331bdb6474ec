/**
 * Where an event comes from: the account and region EventBridge stamped on the envelope and the
 * ones CloudTrail recorded in the record. A monitor speaks for one account and region only; an
 * event from anywhere else (or whose envelope and record disagree) is never evaluated or acted on.
 */

/** Every distinct account and region an event names (envelope `account`/`region`, record `recipientAccountId`/`awsRegion`). */
export interface EventOrigin {
  accounts: string[];
  regions: string[];
}

/** The account and region this monitor watches. */
export interface MonitorHome {
  account: string;
  region: string;
}

/**
 * Why the event is not from `home`, or null when it is. An event must name the home account and
 * region, and nothing else: a missing field cannot prove where the event comes from.
 */
export function foreignOrigin(origin: EventOrigin, home: MonitorHome): string | null {
  return (
    mismatch('account', origin.accounts, home.account) ?? mismatch('region', origin.regions, home.region)
  );
}

function mismatch(what: string, seen: readonly string[], expected: string): string | null {
  if (seen.length === 0) return `the event names no ${what}`;
  const others = seen.filter((value) => value !== expected);
  if (others.length === 0) return null;
  return `${what} ${others.join(', ')} is not this monitor's (${expected})`;
}

/**
 * The one account and region an event comes from, when its envelope and its CloudTrail record agree
 * and each names exactly one; otherwise why not. On a central bus the envelope is the sender's word,
 * the record CloudTrail's: an event whose two disagree is forged or broken and never acted on.
 */
export function agreedOrigin(origin: EventOrigin): MonitorHome | string {
  const [account, ...otherAccounts] = origin.accounts;
  const [region, ...otherRegions] = origin.regions;
  if (account === undefined) return 'the event names no account';
  if (region === undefined) return 'the event names no region';
  if (otherAccounts.length > 0)
    return `envelope and record name different accounts (${origin.accounts.join(', ')})`;
  if (otherRegions.length > 0)
    return `envelope and record name different regions (${origin.regions.join(', ')})`;
  return { account, region };
}
