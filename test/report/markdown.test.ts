import { escapeMarkdown, renderMarkdown } from '../../src/report/markdown';
import {
  addRule,
  baselineRuleAsRule,
  compliantResult,
  findingOn,
  ingress,
  removeBaselineRule,
  WORLD_V4,
  WORLD_V6,
  withFindings,
} from './fixtures';

const DB_WORLD = ingress('tcp', 5432, 5432, WORLD_V4);
const SSH_WORLD = ingress('tcp', 22, 22, WORLD_V6);

function drifted() {
  const result = addRule(
    addRule(removeBaselineRule(compliantResult(), 'backend', 'backend_from_bastion'), 'database', DB_WORLD),
    'backend',
    SSH_WORLD,
  );
  return withFindings(result, [
    findingOn('backend', {
      check: 'missing-rules',
      severity: 'MEDIUM',
      rule: baselineRuleAsRule('backend_from_bastion'),
      baselineRuleId: 'backend_from_bastion',
      compliance: ['SOC2'],
      message: 'backend-sg is missing baseline rule backend_from_bastion',
      remediation: 'Restore the rule',
    }),
    findingOn('database', {
      check: 'permissive-rules',
      severity: 'CRITICAL',
      rule: DB_WORLD,
      compliance: ['HIPAA'],
      message: 'PostgreSQL open to the internet on database-sg',
      remediation: 'Revoke the rule',
    }),
    findingOn('database', { check: 'unexpected-rules', severity: 'CRITICAL', rule: DB_WORLD }),
    findingOn('backend', { check: 'unexpected-rules', severity: 'HIGH', rule: SSH_WORLD }),
    findingOn('redis', { check: 'missing-tags', severity: 'LOW', message: 'redis-sg lacks tag ManagedBy' }),
  ]);
}

describe('report: markdown', () => {
  it('fills the header of the seed template', () => {
    const text = renderMarkdown(drifted(), { auditor: 'Jane Doe' });
    expect(text).toContain(
      [
        '# Security Group Audit Report',
        '',
        '**Date**: 2025-12-27',
        '**Auditor**: Jane Doe',
        '**Period**: 2025-11-27 – 2025-12-27 (state at 2025-12-27T10:30:00.000Z)',
        '**Status**: Non-Compliant with Issues',
      ].join('\n'),
    );
  });

  it('counts groups, rules, modified rules and non-compliant rules once each', () => {
    expect(renderMarkdown(drifted())).toContain(
      [
        '## Summary',
        '- Total Security Groups: 6',
        '- Total Rules: 22',
        '- Rules Modified: 2',
        '- Non-Compliant Rules: 3',
      ].join('\n'),
    );
  });

  it('lists CRITICAL and HIGH findings as critical issues with rule, risk, remediation and timeline', () => {
    const text = renderMarkdown(drifted());
    expect(text).toContain(
      [
        '### Critical Issues',
        '1. PostgreSQL open to the internet on database-sg',
        '   - **Rule**: PostgreSQL (5432) from 0.0.0.0/0',
        '   - **Risk**: CRITICAL: permissive-rules on database-sg (sg-004); affects HIPAA',
        '   - **Remediation**: Revoke the rule',
        '   - **Timeline**: Same day',
      ].join('\n'),
    );
    expect(text).toContain('3. unexpected-rules on backend-sg\n   - **Rule**: SSH (22) from ::/0');
    expect(text).toContain('   - **Timeline**: Within 24 hours');
  });

  it('lists MEDIUM and LOW findings as warnings with a recommendation', () => {
    expect(renderMarkdown(drifted())).toContain(
      [
        '### Warnings',
        '1. backend-sg is missing baseline rule backend_from_bastion',
        '   - **Recommendation**: Restore the rule',
        '   - **Timeline**: Within 48 hours',
        '2. redis-sg lacks tag ManagedBy',
        '   - **Recommendation**: fix missing-tags',
        '   - **Timeline**: By the next review',
      ].join('\n'),
    );
  });

  it('is non-compliant for exactly the frameworks a finding is tagged with', () => {
    expect(renderMarkdown(drifted())).toContain(
      [
        '## Compliance Status',
        '- HIPAA: Non-Compliant',
        '- SOC2: Non-Compliant',
        '- PCI-DSS: Compliant',
      ].join('\n'),
    );
  });

  it('reports a compliant estate as compliant everywhere, with no issues', () => {
    const text = renderMarkdown(compliantResult());
    expect(text).toContain('**Status**: Compliant\n');
    expect(text).toContain('### Critical Issues\nNone.\n');
    expect(text).toContain('### Warnings\nNone.\n');
    expect(text).toContain('- HIPAA: Compliant\n- SOC2: Compliant\n- PCI-DSS: Compliant');
  });

  it('sets the next review date 30 days out by default, or as asked', () => {
    expect(renderMarkdown(compliantResult())).toContain('## Next Review Date\n2026-01-26\n');
    expect(renderMarkdown(compliantResult(), { nextReviewDays: 7 })).toContain(
      '## Next Review Date\n2026-01-03\n',
    );
  });

  it('escapes user-controlled text so it cannot break a table or inject HTML or code', () => {
    const hostile = withFindings(compliantResult(), [
      findingOn('redis', {
        check: 'undocumented-rules',
        severity: 'LOW',
        message: 'desc `x` | <img src=x onerror=alert(1)> [link](http://evil)\n# heading',
      }),
    ]);
    expect(renderMarkdown(hostile)).toContain(
      // The newline shows as `\n` (its backslash escaped for Markdown), so `# heading` is no heading.
      '1. desc \\`x\\` \\| &lt;img src=x onerror=alert(1)&gt; \\[link\\](http://evil)\\\\n# heading\n',
    );
  });

  it('escapes ampersands before it writes entities of its own', () => {
    expect(escapeMarkdown('a & <b>')).toBe('a &amp; &lt;b&gt;');
  });
});
