import { expectedRulesOf } from '../baseline/resolver';
import type { RoleBaseline } from '../baseline/types';
import { displayLines } from '../model/display-text';
import { type ExposureSummary, exposureSummaries } from '../model/exposure';
import { ruleKey } from '../model/rule-key';
import type { Direction, Rule, SecurityGroup } from '../model/types';
import { tagText } from '../model/well-known';
import type { Finding } from '../rules/types';
import { SEVERITY_ORDER } from '../rules/types';
import type { AuditResult, SuppressedFinding } from './audit-result';
import { sortBySeverity } from './json';
import { type AuditLabeler, auditLabeler, isSentinelRule, ruleLabel } from './rule-label';

export interface TextOptions {
  /**
   * List at most this many findings, most severe first, and say how many were left out (the daily
   * digest under the SNS size limit). Rule markers in the tree still reflect every finding.
   */
  maxFindings?: number;
}

interface TreeNode {
  label: string;
  children: TreeNode[];
}

const TITLE = 'Security Groups Audit Report';
// The seed's underline is two characters longer than its title; kept so the output matches it.
const UNDERLINE = '='.repeat(30);
const DIRECTION_HEADINGS: Readonly<Record<Direction, string>> = {
  ingress: 'Inbound Rules',
  egress: 'Outbound Rules',
};

/** The seed's "Output Example" tree, followed by the findings by severity with their remediation. */
export function renderText(result: AuditResult, options: TextOptions = {}): string {
  const sorted = sortBySeverity(result.findings);
  const shown =
    options.maxFindings === undefined ? sorted : sorted.slice(0, Math.max(0, options.maxFindings));
  const view = new ReportView(result, shown);
  const groupNodes = view.groupNodes();
  const observedShown = groupNodes.filter((node) => node.observed).length;

  let lines = [
    TITLE,
    UNDERLINE,
    '',
    `VPC: ${view.vpcLabel()}`,
    `Environment: ${result.environment}`,
    `Timestamp: ${timestamp(result.generatedAt)}`,
    '',
    `Security Groups Found: ${result.summary.groups}${
      observedShown === result.summary.groups
        ? ''
        : ` (${observedShown} shown: baseline roles and groups with findings)`
    }`,
    ...renderForest(groupNodes.map((entry) => entry.node)),
    '',
  ];
  // concat, not push(...): a large estate has more lines than a call may take arguments.
  if (sorted.length > 0) lines = lines.concat(view.findingsSection(sorted.length), '');
  if (result.suppressed.length > 0) lines = lines.concat(view.suppressedSection(), '');
  lines.push(`Overall Compliance: ${complianceWord(result.compliant)}`);
  lines.push(`Scan Duration: ${(result.durationMs / 1000).toFixed(2)} seconds`);
  // Every line passes the one sanitiser: a newline or escape in a name, tag, description or peer
  // label is shown escaped and can never start a line (no forged `Overall Compliance` line).
  return `${displayLines(lines)}\n`;
}

/** Lookups built once per render, so a 5,000-group estate costs one pass over its findings. */
class ReportView {
  private readonly groupIds: Set<string>;
  private readonly allByGroup: Map<string, Finding[]>;
  private readonly suppressedByGroup = new Map<string, SuppressedFinding[]>();
  private readonly shownGroupIds: Set<string>;
  private readonly labels: AuditLabeler;
  private readonly exposureOf: (groupId: string) => ExposureSummary | null;

  constructor(
    private readonly result: AuditResult,
    private readonly shown: readonly Finding[],
  ) {
    this.labels = auditLabeler(result);
    this.exposureOf = exposureSummaries(result.estate);
    this.groupIds = new Set(result.estate.groups.map((group) => group.groupId));
    this.allByGroup = groupBy(result.findings);
    this.shownGroupIds = new Set(
      shown.flatMap((finding) => (finding.groupId === null ? [] : [finding.groupId])),
    );
    for (const suppressed of result.suppressed) {
      const groupId = suppressed.finding.groupId;
      if (groupId === null) continue;
      const list = this.suppressedByGroup.get(groupId) ?? [];
      list.push(suppressed);
      this.suppressedByGroup.set(groupId, list);
    }
  }

  vpcLabel(): string {
    const vpcIds = [...this.result.resolution.vpcIds];
    return vpcIds.length > 0 ? vpcIds.sort().join(', ') : 'unknown';
  }

  /** Baseline roles in baseline order (found or missing), then the other groups worth showing. */
  groupNodes(): { node: TreeNode; observed: boolean }[] {
    const { baseline, resolution, estate } = this.result;
    const entries: { node: TreeNode; observed: boolean }[] = [];
    for (const role of baseline.roles) {
      const group = resolution.groupOfRole.get(role.role);
      entries.push(
        group
          ? { node: this.groupNode(group, role), observed: true }
          : { node: this.missingNode(role), observed: false },
      );
    }
    const listed = new Set<string>();
    for (const group of estate.groups) {
      if (resolution.roleOfGroup.has(group.groupId) || !this.showsOtherGroup(group)) continue;
      listed.add(group.groupId);
      entries.push({ node: this.groupNode(group, undefined), observed: true });
    }
    // Findings may name a group the estate no longer holds (deleted between read and report).
    for (const finding of this.shown) {
      const groupId = finding.groupId;
      if (groupId === null || listed.has(groupId) || this.groupIds.has(groupId)) continue;
      listed.add(groupId);
      const ghost: SecurityGroup = { groupId, groupName: finding.groupName ?? groupId, tags: {}, rules: [] };
      entries.push({ node: this.groupNode(ghost, undefined), observed: true });
    }
    return entries;
  }

  // A group outside the baseline is shown when something is said about it, or when it is in the
  // audit's scope (the baseline's VPCs, as the checks define it) with nothing wrong, like the VPC's
  // empty default group. A group whose findings the digest left out is not shown.
  private showsOtherGroup(group: SecurityGroup): boolean {
    if (this.shownGroupIds.has(group.groupId) || this.suppressedByGroup.has(group.groupId)) return true;
    const { vpcIds } = this.result.resolution;
    const inScope = vpcIds.size === 0 || (group.vpcId !== undefined && vpcIds.has(group.vpcId));
    return inScope && !this.allByGroup.has(group.groupId);
  }

  private groupNode(group: SecurityGroup, role: RoleBaseline | undefined): TreeNode {
    const findings = this.allByGroup.get(group.groupId) ?? [];
    const suppressed = this.suppressedByGroup.get(group.groupId) ?? [];
    const groupLevel = findings.filter((finding) => finding.rule === null && finding.baselineRuleId === null);
    const groupLevelSuppressed = suppressed.filter(
      (entry) => entry.finding.rule === null && entry.finding.baselineRuleId === null,
    );
    return {
      label: `${group.groupName} (${group.groupId})`,
      children: [
        this.directionNode(group, role, 'ingress', findings, suppressed),
        this.directionNode(group, role, 'egress', findings, suppressed),
        ...groupLevel.map((finding) =>
          leaf(`✗ ${finding.check} ${finding.severity}${aboutTag(finding, group, this.result.environment)}`),
        ),
        ...groupLevelSuppressed.map((entry) => leaf(`${entry.finding.check} ${exceptionMarker(entry)}`)),
        ...exposureLeaf(this.exposureOf(group.groupId)),
        leaf(`Status: ${complianceWord(findings.length === 0)}`),
      ],
    };
  }

  private missingNode(role: RoleBaseline): TreeNode {
    const name = role.selector.groupName ?? role.selector.nameTag ?? role.role;
    const findings = this.result.findings.filter(
      (finding) => finding.groupId === null && finding.role === role.role && finding.rule === null,
    );
    const markers = findings.length > 0 ? ` ${failureMarker(findings)}` : '';
    return {
      label: `${name} (not found)${markers}`,
      children: [leaf(`Status: ${complianceWord(false)}`)],
    };
  }

  private directionNode(
    group: SecurityGroup,
    role: RoleBaseline | undefined,
    direction: Direction,
    findings: readonly Finding[],
    suppressed: readonly SuppressedFinding[],
  ): TreeNode {
    const noOutbound = role?.noOutbound === true;
    const present = this.inBaselineOrder(
      role,
      group.rules.filter((rule) => rule.direction === direction),
    );
    const presentKeys = new Set(present.map(ruleKey));
    const byKey = new Map<string, Finding[]>();
    const unmatched: Finding[] = [];
    for (const finding of findings) {
      if (finding.rule === null && finding.baselineRuleId === null) continue;
      if (this.directionOf(finding) !== direction) continue;
      const key = finding.rule === null ? undefined : ruleKey(finding.rule);
      if (key !== undefined && presentKeys.has(key) && finding.check !== 'missing-rules') {
        const list = byKey.get(key) ?? [];
        list.push(finding);
        byKey.set(key, list);
      } else {
        unmatched.push(finding);
      }
    }
    const suppressedByKey = new Map<string, SuppressedFinding>();
    for (const entry of suppressed) {
      if (entry.finding.rule !== null) suppressedByKey.set(ruleKey(entry.finding.rule), entry);
    }

    const children = present.map((rule) => {
      const label = ruleLabel(rule, this.labels.nameOfGroup, {
        noOutbound,
        nameOfRole: this.labels.nameOfRole,
      });
      const key = ruleKey(rule);
      const ruleFindings = byKey.get(key);
      if (ruleFindings) return leaf(`${label} ${failureMarker(ruleFindings)}`);
      const exception = suppressedByKey.get(key);
      if (exception) return leaf(`${label} ${exceptionMarker(exception)}`);
      return leaf(`${label} ✓ ${passWord(rule, noOutbound)}`);
    });
    for (const finding of unmatched) children.push(leaf(this.unmatchedLine(finding)));
    const declaresNone = role !== undefined && !role.rules.some((rule) => rule.direction === direction);
    if (declaresNone && children.length === 0)
      children.push(leaf(`${noRulesLabel(group, direction)} ✓ Expected`));
    return { label: `${DIRECTION_HEADINGS[direction]}: ${present.length}`, children };
  }

  // The seed lists rules in the order its tables declare them; AWS returns them in any order.
  private inBaselineOrder(role: RoleBaseline | undefined, rules: Rule[]): Rule[] {
    if (!role) return rules;
    const rank = new Map<string, number>();
    expectedRulesOf(role, this.result.resolution).forEach(({ rule }, index) => {
      if (rule) rank.set(ruleKey(rule), index);
    });
    return rules
      .map((rule, index) => ({ rule, index, rank: rank.get(ruleKey(rule)) ?? Number.MAX_SAFE_INTEGER }))
      .sort((a, b) => a.rank - b.rank || a.index - b.index)
      .map(({ rule }) => rule);
  }

  private directionOf(finding: Finding): Direction | undefined {
    if (finding.direction !== null) return finding.direction;
    if (finding.rule !== null) return finding.rule.direction;
    return finding.baselineRuleId === null
      ? undefined
      : this.labels.baselineRule(finding.baselineRuleId)?.direction;
  }

  private unmatchedLine(finding: Finding): string {
    const subject = this.labels.findingLabel(finding) ?? finding.baselineRuleId ?? 'rule';
    if (finding.check === 'missing-rules') {
      const id = finding.baselineRuleId === null ? '' : ` (${finding.baselineRuleId})`;
      return `✗ missing: ${subject}${id}`;
    }
    return `${subject} ${failureMarker([finding])}`;
  }

  findingsSection(total: number): string[] {
    const lines = ['Findings', '--------'];
    for (const severity of SEVERITY_ORDER) {
      const ofSeverity = this.shown.filter((finding) => finding.severity === severity);
      if (ofSeverity.length === 0) continue;
      lines.push(`${severity} (${ofSeverity.length})`);
      for (const finding of ofSeverity) {
        lines.push(`  ✗ ${finding.check}: ${this.subjectOf(finding)}`);
        lines.push(`    ${finding.message}`);
        if (finding.exposure) lines.push(`    Exposure: ${finding.exposure.summary}`);
        lines.push(`    Remediation: ${finding.remediation}`);
      }
    }
    const omitted = total - this.shown.length;
    if (omitted > 0) {
      lines.push(
        `${omitted} ${omitted === 1 ? 'finding' : 'findings'} omitted (the least severe) to fit the message; ` +
          'run `sgdrift audit` for the full report.',
      );
    }
    return lines;
  }

  suppressedSection(): string[] {
    const lines = [`Suppressed by baseline exceptions: ${this.result.suppressed.length}`];
    for (const entry of this.result.suppressed) {
      lines.push(`  - ${entry.finding.check}: ${this.subjectOf(entry.finding)}`);
      lines.push(
        `    ${entry.reason} (ticket ${entry.ticket}, owner ${entry.owner}, ` + `expires ${entry.expires})`,
      );
    }
    return lines;
  }

  private subjectOf(finding: Finding): string {
    const where =
      finding.groupId === null
        ? `role ${finding.role ?? 'unknown'}`
        : `${finding.groupName ?? this.labels.nameOfGroup(finding.groupId) ?? finding.groupId} (${finding.groupId})`;
    const label = this.labels.findingLabel(finding);
    const ruleId = finding.baselineRuleId === null ? '' : ` [${finding.baselineRuleId}]`;
    return `${where}${label === undefined ? '' : `, ${label}`}${ruleId}`;
  }
}

/** Draws top-level nodes the way the seed does: a `│` line between groups, none after the last. */
function renderForest(nodes: readonly TreeNode[]): string[] {
  const lines: string[] = [];
  nodes.forEach((node, index) => {
    const last = index === nodes.length - 1;
    renderNode(node, '', last, lines);
    if (!last) lines.push('│');
  });
  return lines;
}

function renderNode(node: TreeNode, prefix: string, last: boolean, lines: string[]): void {
  lines.push(`${prefix}${last ? '└── ' : '├── '}${node.label}`);
  const childPrefix = `${prefix}${last ? '    ' : '│   '}`;
  node.children.forEach((child, index) => {
    renderNode(child, childPrefix, index === node.children.length - 1, lines);
  });
}

/** What the group is attached to, when interfaces were read: `Exposure: exposes i-0abc… …`. */
function exposureLeaf(exposure: ExposureSummary | null): TreeNode[] {
  return exposure ? [leaf(`Exposure: ${exposure.summary}`)] : [];
}

function leaf(label: string): TreeNode {
  return { label, children: [] };
}

function groupBy(findings: readonly Finding[]): Map<string, Finding[]> {
  const byGroup = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (finding.groupId === null) continue;
    const list = byGroup.get(finding.groupId) ?? [];
    list.push(finding);
    byGroup.set(finding.groupId, list);
  }
  return byGroup;
}

/**
 * What a direction without rules means, where the baseline declares none: no inbound rules admit
 * nothing; EC2-Classic has no egress filtering at all; a VPC group without egress rules starts no
 * connection, so a group that admits inbound traffic only answers it (the seed's "managed by source
 * SG": the sources' own outbound rules decide), and a group that admits nothing sends nothing.
 */
function noRulesLabel(group: SecurityGroup, direction: Direction): string {
  if (direction === 'ingress') return '(No inbound rules: no inbound traffic)';
  if (group.vpcId === undefined) return '(EC2-Classic: no egress rules, outbound traffic is not filtered)';
  const answersInbound = group.rules.some((rule) => rule.direction === 'ingress');
  return answersInbound
    ? '(Managed by source SG: no outbound rules, only replies to inbound traffic)'
    : '(No outbound rules: no outbound traffic at all)';
}

/**
 * `: no ManagedBy tag`, or `: Environment=staging, expected production` (the one tag whose value is
 * checked) for a missing-tags finding; nothing for other findings.
 */
function aboutTag(finding: Finding, group: SecurityGroup, environment: string): string {
  const { tag } = finding;
  if (tag === undefined) return '';
  // The check's own test: a blank value is no tag; any other is shown as it is (tagText).
  const value = Object.hasOwn(group.tags, tag) ? group.tags[tag] : undefined;
  return value?.trim() ? `: ${tagText(tag, value)}, expected ${environment}` : `: no ${tag} tag`;
}

function failureMarker(findings: readonly Finding[]): string {
  return `✗ ${sortBySeverity(findings)
    .map((finding) => `${finding.check} ${finding.severity}`)
    .join(', ')}`;
}

function exceptionMarker(entry: SuppressedFinding): string {
  return `✓ Exception ${entry.ticket} (expires ${entry.expires})`;
}

// The brief's wording: the sentinel is "Compliant", a world-open rule nothing objected to is
// "Expected" (the frontend's 80/443, internet egress), everything else "Restricted".
function passWord(rule: Rule, noOutbound: boolean): string {
  if (isSentinelRule(rule, noOutbound)) return 'Compliant';
  const worldOpen =
    (rule.peer.kind === 'cidr4' || rule.peer.kind === 'cidr6') && rule.peer.value.endsWith('/0');
  return worldOpen ? 'Expected' : 'Restricted';
}

function complianceWord(compliant: boolean): string {
  return compliant ? 'COMPLIANT' : 'NON-COMPLIANT';
}

/** The seed prints timestamps to the second: `2025-12-27T10:30:00Z`. */
function timestamp(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
