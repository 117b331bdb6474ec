import type { EnvironmentBaseline, RoleResolution } from '../baseline/types';
import type { Direction, Estate, Rule } from '../model/types';

export const Severity = {
  Critical: 'CRITICAL',
  High: 'HIGH',
  Medium: 'MEDIUM',
  Low: 'LOW',
  Info: 'INFO',
} as const;
export type Severity = (typeof Severity)[keyof typeof Severity];

/** Most severe first; the index is the rank. */
export const SEVERITY_ORDER: readonly Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'];

export const Compliance = { HIPAA: 'HIPAA', SOC2: 'SOC2', PCI: 'PCI-DSS' } as const;
export type Compliance = (typeof Compliance)[keyof typeof Compliance];

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
