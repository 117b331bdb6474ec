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
