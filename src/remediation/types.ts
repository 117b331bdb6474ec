/** Revert plans and their per-rule results: what auto-revert intends and what it did. */
import type { Rule } from '../model/types';

export const RevertAction = { Revoke: 'revoke', Restore: 'restore' } as const;
export type RevertAction = (typeof RevertAction)[keyof typeof RevertAction];

/** The outcome for one rule, as the alert reports it. */
export const RevertStatus = {
  /** Dry run: this change would be made. */
  Planned: 'planned',
  Reverted: 'reverted',
  Restored: 'restored',
  /** The rule to revoke was not there any more (fresh read, or NotFound from EC2). */
  AlreadyGone: 'already-gone',
  /** The rule to restore was already there (fresh read, or Duplicate from EC2). */
  AlreadyPresent: 'already-present',
  Failed: 'failed',
  Skipped: 'skipped',
  /** Enforce: the time budget ran out before this change was made (or its call was cut off). */
  NotDone: 'not-done',
} as const;
export type RevertStatus = (typeof RevertStatus)[keyof typeof RevertStatus];

/** Where a rule lives and why it is in the plan. */
export interface RuleTarget {
  groupId: string;
  groupName: string | null;
  role: string | null;
  /** Revoke: the observed rule with its `sgr-` id. Restore: the baseline rule with its description. */
  rule: Rule | null;
  baselineRuleId: string | null;
  /** The checks whose findings put this rule here. */
  checks: string[];
}

/** One EC2 call the plan will make. */
export interface PlannedChange extends RuleTarget {
  action: RevertAction;
  rule: Rule;
}

/** A finding the plan does not act on, and why (already settled, or a guard). */
export interface PlanNote extends RuleTarget {
  status: typeof RevertStatus.AlreadyGone | typeof RevertStatus.AlreadyPresent | typeof RevertStatus.Skipped;
  reason: string;
}

export interface RevertPlan {
  changes: PlannedChange[];
  notes: PlanNote[];
}

/** One rule's outcome after applying (or not) a plan. */
export interface RevertResult extends RuleTarget {
  status: RevertStatus;
  action: RevertAction | null;
  /** Why it was skipped or already settled. */
  reason: string | null;
  /** The AWS error code and message of a failed call. */
  error: { code: string; message: string } | null;
}
