/** `baseline init` then `audit`, in process: the generated YAML goes through the real loader. */
import { auditEstate } from '../../src/app/run-audit';
import { type GeneratedBaseline, generateBaseline } from '../../src/baseline/generate';
import { forEnvironment, parseBaseline } from '../../src/baseline/loader';
import { readSnapshot } from '../../src/model/snapshot';
import type { Finding } from '../../src/rules/types';
import { NOW } from './sample';

/** What a baseline made by `init` must never report about the estate it was made from. */
export const DRIFT_CHECKS = [
  'missing-rules',
  'unexpected-rules',
  'missing-tags',
  'missing-groups',
  'unknown-groups',
  'blocked-egress',
  'ambiguous-roles',
  'unmatched-vpc-pins',
];

export interface RoundTrip {
  generated: GeneratedBaseline;
  findings: Finding[];
  /** The findings of DRIFT_CHECKS, as `check: message` lines (empty on a clean round trip). */
  drift: string[];
}

/** init on `raw` (describe-security-groups JSON) for `environment`, then audit it with the result. */
export function roundTrip(raw: unknown, environment: string, vpcId?: string): RoundTrip {
  const estate = readSnapshot(raw, 'snapshot.json');
  const generated = generateBaseline(estate, { environment, vpcId, now: NOW });
  const document = parseBaseline(generated.yaml, 'generated.yml', { now: NOW });
  const result = auditEstate(forEnvironment(document, environment), estate, { now: NOW });
  const drift = result.findings
    .filter((finding) => DRIFT_CHECKS.includes(finding.check))
    .map((finding) => `${finding.check}: ${finding.message}`);
  return { generated, findings: result.findings, drift };
}
