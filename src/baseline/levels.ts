/**
 * The vocabulary the baseline declares and the checks use: severities (the seed's risk matrix) and
 * compliance frameworks. It lives here, the lowest layer that uses it (a role's `risk` and
 * `compliance`), so the baseline never imports from the checks above it.
 */
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
