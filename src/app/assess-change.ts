import type { ChangeEvent } from '../events/types';
import { ruleKey } from '../model/rule-key';
import type { Direction, Rule } from '../model/types';
import type { AuditResult } from '../report/audit-result';
import type { AffectedGroup, ChangeAssessment } from '../report/change-assessment';
import { maxSeverity } from '../rules/severity';
import type { Finding, Severity } from '../rules/types';

export type { AffectedGroup, ChangeAssessment } from '../report/change-assessment';

/**
 * Links the findings on the freshly read groups to the rules the event touched: added rules are
 * matched by canonical key, removed ones through missing-rules, a created group by everything on
 * it, a deleted group (id → the roles it may have played) through their missing-groups findings.
 * An attachment event (see `attachmentRelated`) is linked to what the groups it attached let in.
 */
export function assessChange(
  event: ChangeEvent,
  audit: AuditResult,
  affectedIds: ReadonlySet<string>,
  deletedGroups: ReadonlyMap<string, readonly string[]>,
  /** Roles whose change of group this evaluation reports first (the directory's); others are old news. */
  newSwitches: ReadonlySet<string> = new Set(audit.resolution.switched.keys()),
): ChangeAssessment {
  const touched = touchedBy(event);
  const deletedRoles = new Set([...deletedGroups.values()].flat());
  const doubtAffected = identityDoubtOnAffected(audit, affectedIds, newSwitches);
  const onAffected = (finding: Finding) =>
    (finding.groupId !== null && affectedIds.has(finding.groupId)) ||
    (finding.check === 'missing-groups' && finding.role !== null && deletedRoles.has(finding.role)) ||
    (finding.check === AMBIGUOUS_ROLES && doubtAffected(finding));
  const remaining = audit.findings.filter(onAffected);
  const related = remaining.filter(
    (finding) =>
      (finding.check === AMBIGUOUS_ROLES && doubtAffected(finding)) ||
      (event.attachments ? attachmentRelated(finding) : isRelated(finding, touched, deletedRoles)),
  );
  const severity = related.reduce<Severity | null>(
    (worst, finding) => (worst ? maxSeverity(worst, finding.severity) : finding.severity),
    null,
  );
  return {
    groups: worstFirst(affectedGroups(audit, affectedIds, deletedGroups), related),
    related,
    remaining,
    severity,
    ...(event.attachments ? { attachments: event.attachments } : {}),
  };
}

/** The checks that judge where a group sits rather than what it says. */
const ATTACHMENT_CHECKS = new Set(['internet-exposed-roles', 'side-door-groups', 'unexpected-carriers']);
/** Rule findings about a rule that is absent or only its description: attaching does not worsen them. */
const NOT_LET_IN = new Set(['missing-rules', 'undocumented-rules']);

/**
 * A finding an attachment event is the news of (it is already on one of the groups or interfaces
 * the event names): the group now sits where it must not (internet-exposed-roles), beside a group
 * the baseline does not know (side-door-groups), or brings a rule that lets traffic in that the
 * baseline does not declare to more resources. Hygiene (tags, descriptions, a missing rule) is the
 * daily audit's, not a page for every instance an autoscaling group launches.
 */
function attachmentRelated(finding: Finding): boolean {
  return ATTACHMENT_CHECKS.has(finding.check) || (finding.rule !== null && !NOT_LET_IN.has(finding.check));
}

const AMBIGUOUS_ROLES = 'ambiguous-roles';

/**
 * Whether a role's identity doubt concerns this event: a role that changed group is news once (the
 * first evaluation that sees it; the role then stays untrusted without re-alerting); an ambiguous
 * role is news when the event touched one of its candidate groups (e.g. a lookalike's creation).
 */
function identityDoubtOnAffected(
  audit: AuditResult,
  affectedIds: ReadonlySet<string>,
  newSwitches: ReadonlySet<string>,
): (finding: Finding) => boolean {
  return (finding) => {
    if (finding.role === null) return false;
    if (audit.resolution.switched.has(finding.role)) return newSwitches.has(finding.role);
    const candidates = audit.resolution.ambiguous.get(finding.role) ?? [];
    return candidates.some((group) => affectedIds.has(group.groupId));
  };
}

interface Touched {
  addedKeys: Set<string>;
  removedKeys: Set<string>;
  /** Groups where a rule was removed or modified without the event saying which (rule ids only). */
  blindRemovals: Set<string>;
  describedKeys: Set<string>;
  createdGroups: Set<string>;
}

function touchedBy(event: ChangeEvent): Touched {
  const touched: Touched = {
    addedKeys: new Set(),
    removedKeys: new Set(),
    blindRemovals: new Set(),
    describedKeys: new Set(),
    createdGroups: new Set(),
  };
  for (const change of event.changes) {
    const groupId = change.groupId ?? event.groupIds[0] ?? '';
    switch (change.action) {
      case 'added':
        if (change.rule) touched.addedKeys.add(ruleKey(change.rule));
        break;
      case 'removed':
        if (change.rule) touched.removedKeys.add(ruleKey(change.rule));
        else touched.blindRemovals.add(groupId);
        break;
      case 'modified':
        // The event does not say which direction the rule has, so the new state is looked up in both.
        if (change.rule)
          for (const direction of DIRECTIONS) touched.addedKeys.add(ruleKey({ ...change.rule, direction }));
        touched.blindRemovals.add(groupId);
        break;
      case 'described':
        if (change.rule) touched.describedKeys.add(ruleKey(change.rule));
        break;
      case 'group-created':
        if (change.groupId) touched.createdGroups.add(change.groupId);
        break;
      case 'group-deleted':
        break;
    }
  }
  return touched;
}

const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];

function isRelated(finding: Finding, touched: Touched, deletedRoles: ReadonlySet<string>): boolean {
  if (finding.groupId !== null && touched.createdGroups.has(finding.groupId)) return true;
  if (finding.check === 'missing-groups') return finding.role !== null && deletedRoles.has(finding.role);
  const rule: Rule | null = finding.rule;
  if (!rule) return false;
  const key = ruleKey(rule);
  if (finding.check === 'missing-rules') {
    return (
      touched.removedKeys.has(key) || (finding.groupId !== null && touched.blindRemovals.has(finding.groupId))
    );
  }
  if (finding.check === 'undocumented-rules' && touched.describedKeys.has(key)) return true;
  return touched.addedKeys.has(key);
}

function affectedGroups(
  audit: AuditResult,
  affectedIds: ReadonlySet<string>,
  deletedGroups: ReadonlyMap<string, readonly string[]>,
): AffectedGroup[] {
  return [...affectedIds].map((groupId) => ({
    groupId,
    groupName: audit.estate.groups.find((group) => group.groupId === groupId)?.groupName ?? null,
    role: audit.resolution.roleOfGroup.get(groupId) ?? onlyOne(deletedGroups.get(groupId)) ?? null,
  }));
}

/**
 * The groups whose news is worst first (findings come worst first): an alert's subject, role
 * attribute and Slack header name the first group, whatever order the caller listed them in.
 */
function worstFirst(groups: AffectedGroup[], related: readonly Finding[]): AffectedGroup[] {
  const firstAt = new Map<string, number>();
  related.forEach((finding, at) => {
    if (finding.groupId !== null && !firstAt.has(finding.groupId)) firstAt.set(finding.groupId, at);
  });
  const firstNews = (groupId: string) => firstAt.get(groupId) ?? related.length;
  return [...groups].sort((a, b) => firstNews(a.groupId) - firstNews(b.groupId));
}

function onlyOne(roles: readonly string[] | undefined): string | undefined {
  return roles?.length === 1 ? roles[0] : undefined;
}
