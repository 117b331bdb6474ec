import type { GroupAttachment } from '../events/types';
import type { Finding, Severity } from '../rules/types';

/** A group a change event touched, as the alert names it. */
export interface AffectedGroup {
  groupId: string;
  groupName: string | null;
  role: string | null;
}

/** What one CloudTrail event did to the estate, judged against the baseline. */
export interface ChangeAssessment {
  groups: AffectedGroup[];
  /** Findings this event created or worsened: the reason to alert (and, later, to revert). */
  related: Finding[];
  /** Every finding on the affected groups after the change, including drift that was there before. */
  remaining: Finding[];
  /** The highest severity among `related`; null when the event created no drift. */
  severity: Severity | null;
  /**
   * Attachment events: the interfaces and instances the event names with the groups they carry
   * (read from the interface when the event did not say). Absent for rule events.
   */
  attachments?: GroupAttachment[];
}
