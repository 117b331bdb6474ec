import type { EnvironmentBaseline, RoleResolution } from '../baseline/types';
import type { Estate } from '../model/types';
import type { Finding, Severity, SuppressedFinding } from '../rules/types';

export type { SuppressedFinding } from '../rules/types';

export interface AuditSummary {
  groups: number;
  rules: number;
  findings: Record<Exclude<Severity, 'INFO'>, number>;
}

/** The outcome of evaluating an estate against a baseline: what every report renders. */
export interface AuditResult {
  environment: string;
  compliant: boolean;
  summary: AuditSummary;
  findings: Finding[];
  suppressed: SuppressedFinding[];
  generatedAt: string;
  durationMs: number;
  /** Kept for renderers that show the estate itself (the text tree). */
  baseline: EnvironmentBaseline;
  estate: Estate;
  resolution: RoleResolution;
}
