// The severity and compliance vocabulary is the baseline's (a role's risk); the checks re-export it.
import type { Compliance, Severity } from '../baseline/levels';
import type { EnvironmentBaseline, RoleResolution } from '../baseline/types';
import type { ExposureSummary } from '../model/exposure';
import type { Direction, Estate, Rule } from '../model/types';

export { Compliance, SEVERITY_ORDER, Severity } from '../baseline/levels';

/** One thing wrong with the estate. Absent parts are `null` so the JSON shape never changes. */
export interface Finding {
  check: string;
  severity: Severity;
  groupId: string | null;
  groupName: string | null;
  role: string | null;
  direction: Direction | null;
  rule: Rule | null;
  baselineRuleId: string | null;
  message: string;
  compliance: Compliance[];
  remediation: string;
  /** The tag a `missing-tags` finding is about (`ManagedBy`), so a report can name it. */
  tag?: string;
  /**
   * What the finding's group is attached to and which of it the internet reaches. Set by the
   * engine, never by a check: null when interfaces were not read (or, on a partial read, do not
   * show the group) and on findings about no group.
   */
  exposure?: ExposureSummary | null;
}

/** A finding an unexpired baseline exception covers: reported apart, never alerted or reverted. */
export interface SuppressedFinding {
  finding: Finding;
  reason: string;
  owner: string;
  ticket: string;
  expires: string;
}

/** Everything a check may read. Checks are pure: no clients, no clock but `now`. */
export interface EvaluationContext {
  baseline: EnvironmentBaseline;
  estate: Estate;
  resolution: RoleResolution;
  now: Date;
}

/** A check: one file in src/rules/, `id` equal to the file name. */
export interface Check {
  id: string;
  title: string;
  /** The usual severity; a check may raise or lower it per finding (see the risk matrix). */
  severity: Severity;
  compliance: readonly Compliance[];
  remediation: string;
  evaluate(context: EvaluationContext): Finding[];
}
