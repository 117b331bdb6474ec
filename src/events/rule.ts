/** Builds canonical rules from loosely typed protocol, ports, peer and description values. */
import { canonicalPorts, normalizeProtocol } from '../model/protocol';
import type { Direction, Peer, Rule } from '../model/types';
import { text } from './read';
import type { ModifiedRule } from './types';

export interface RuleParts {
  protocol: unknown;
  fromPort: unknown;
  toPort: unknown;
  peer: Peer | null;
  description?: unknown;
  ruleId?: unknown;
}

/** A rule without its direction, or null when the protocol or the peer is missing or invalid. */
export function buildModifiedRule(parts: RuleParts): ModifiedRule | null {
  const protocol = normalizeProtocol(parts.protocol);
  if (protocol === undefined || parts.peer === null) return null;
  const rule: ModifiedRule = {
    protocol,
    ...canonicalPorts(protocol, parts.fromPort, parts.toPort),
    peer: parts.peer,
  };
  const description = text(parts.description);
  if (description !== null) rule.description = description;
  const ruleId = text(parts.ruleId);
  if (ruleId !== null) rule.ruleId = ruleId;
  return rule;
}

/** A canonical rule, or null when the protocol or the peer is missing or invalid. */
export function buildRule(direction: Direction, parts: RuleParts): Rule | null {
  const rule = buildModifiedRule(parts);
  return rule === null ? null : { direction, ...rule };
}
