/**
 * The YAML text `baseline init` writes: peers and selectors on one line as a person writes them,
 * comments where a person must look (rules to review, rules not declared), and every scalar written
 * so that the loader reads back exactly the value observed, with no control or bidi character raw in
 * the file: a group name such as `web\u202e-gs` is written double-quoted and escaped.
 */
import { Document, isMap, isSeq, visit, type YAMLMap } from 'yaml';
import { displayText } from '../model/display-text';

export interface YamlComments {
  /** Comment lines at the top of the file. */
  header: string[];
  /** role → comment lines before it. */
  roles: ReadonlyMap<string, string[]>;
  /** `role/direction/index` → comment lines before that rule. */
  rules: ReadonlyMap<string, string[]>;
}

/** The key `YamlComments.rules` uses for one rule. */
export function ruleCommentKey(role: string, direction: string, index: number): string {
  return `${role}/${direction}/${index}`;
}

// What must never sit raw in the file: controls (C0, DEL, C1), bidi and invisible format characters,
// line separators, BOM, and surrogates (astral characters are written as escaped pairs, which
// covers the tag characters). Scalars holding one are written double-quoted, JSON style.
const NEEDS_ESCAPE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ud800-\udfff]/;
// The same set minus C0, which the JSON-style double-quoted scalars already escape.
const RAW_UNSAFE = /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ud800-\udfff]/g;

/** The document as YAML text; `data` is the baseline as plain data. */
export function renderBaselineYaml(data: Record<string, unknown>, comments: YamlComments): string {
  const doc = new Document(data);
  doc.commentBefore = commentText(comments.header);
  for (const key of ['requiredTags', 'restrictedPorts']) {
    const list = doc.get(key, true);
    if (isSeq(list)) list.flow = true;
  }
  const roles = doc.get('roles');
  if (isMap(roles)) {
    for (const pair of roles.items) {
      const role = String((pair.key as { value?: unknown }).value);
      const node = pair.value as YAMLMap;
      const before = comments.roles.get(role);
      if (before) node.commentBefore = commentText(before);
      for (const direction of ['ingress', 'egress']) {
        const list = node.get(direction, true) as { items: YAMLMap[] } | undefined;
        list?.items.forEach((rule, index) => {
          setFlow(rule.get('peer', true));
          const lines = comments.rules.get(ruleCommentKey(role, direction, index));
          if (lines) rule.commentBefore = commentText(lines);
        });
      }
    }
  }
  const environments = doc.get('environments');
  if (isMap(environments)) {
    for (const pair of environments.items) {
      const selectors = (pair.value as YAMLMap).get('roles', true);
      if (isMap(selectors)) for (const item of selectors.items) setFlow(item.value);
    }
  }
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && NEEDS_ESCAPE.test(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  const text = doc.toString({ lineWidth: 0, doubleQuotedAsJSON: true });
  // Left raw by the JSON-style quoting; found only inside those scalars (comments are made safe).
  return text.replace(RAW_UNSAFE, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Comment lines, each made safe: a newline in a group name cannot end the comment. */
function commentText(lines: readonly string[]): string {
  return lines.map((line) => ` ${displayText(line)}`).join('\n');
}

function setFlow(node: unknown): void {
  if (isMap(node)) node.flow = true;
}
