/**
 * The baseline document's shape, checked by hand for the compiled baseline the Lambdas load. It
 * mirrors the zod schema (schema.ts) field for field: the same keys (unknown keys are errors), types,
 * formats, defaults and messages, so a compiled file is held to what the YAML is. zod itself would add
 * 458 kB and 40 ms of module load to each Lambda (docs/decisions.md); a test mutates documents and
 * checks that both give the same verdict at the same path.
 */
import { isJsonObject } from '../model/json-shape';
import { normalizeProtocol } from '../model/protocol';
import type { Protocol } from '../model/types';
import type { Problem } from './cross-check';
import type { BaselineDocument } from './schema';
import {
  ACCOUNT,
  AWS_DESCRIPTION,
  CARRIER_KINDS,
  COMPLIANCE,
  cidrFamily,
  DIRECTIONS,
  describeValue,
  EXPIRES,
  FORMAT,
  GROUP_ID,
  isVariableValue,
  PEERING_ID,
  PREFIX_LIST_ID,
  peerProblem,
  portRange,
  RISKS,
  ROLE_NAME,
  RULE_ID,
  SELECTOR_VPC,
  unknownProtocol,
  VAR_NAME,
  VPC_ID,
} from './syntax';

type Path = Array<string | number>;
/** Checks one value at `path`, records its problems and returns the value as the schema outputs it. */
type Check<T> = (value: unknown, path: Path, problems: Problem[]) => T;

interface Field {
  check: Check<unknown>;
  optional?: boolean;
  /** The value of an absent field (the schema's `.default`). */
  fallback?: () => unknown;
}

const expected = (what: string, value: unknown, path: Path, problems: Problem[]) => {
  problems.push({
    path,
    message: value === undefined ? 'required' : `expected ${what}, got ${describeValue(value)}`,
  });
};

const string =
  (test?: (value: string) => string | undefined): Check<string> =>
  (value, path, problems) => {
    if (typeof value !== 'string') {
      expected('a string', value, path, problems);
      return '';
    }
    const problem = test?.(value);
    if (problem !== undefined) problems.push({ path, message: problem });
    return value;
  };

const matching = (pattern: RegExp, message: string) =>
  string((value) => (pattern.test(value) ? undefined : message));

const text =
  (what: string): Check<string> =>
  (value, path, problems) => {
    const trimmed = string()(value, path, problems).trim();
    if (typeof value === 'string' && trimmed === '')
      problems.push({ path, message: `${what} must not be empty` });
    return trimmed;
  };

/** Not blank, kept exactly as written (the schema's exactText). */
const exactText = (what: string): Check<string> =>
  string((value) => (value.trim() === '' ? `${what} must not be empty` : undefined));

const oneOf =
  <T extends string | number>(values: readonly T[]): Check<T> =>
  (value, path, problems) => {
    if (!values.includes(value as T)) {
      const message = `expected ${values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeValue(value)}`;
      problems.push({ path, message: value === undefined ? 'required' : message });
    }
    return value as T;
  };

const boolean: Check<boolean> = (value, path, problems) => {
  if (typeof value !== 'boolean') expected('a boolean', value, path, problems);
  return value as boolean;
};

const port: Check<number> = (value, path, problems) => {
  if (typeof value !== 'number') expected('a number', value, path, problems);
  else if (!Number.isInteger(value) || value < 0 || value > 65535)
    problems.push({ path, message: `${describeValue(value)} is out of range` });
  return value as number;
};

const portsField: Check<number | string> = (value, path, problems) => {
  if (typeof value !== 'number' && typeof value !== 'string') {
    problems.push({ path, message: value === undefined ? 'required' : FORMAT.ports });
  }
  return value as number | string;
};

const protocolField: Check<Protocol> = (value, path, problems) => {
  const protocol = normalizeProtocol(value);
  if (protocol === undefined)
    problems.push({ path, message: value === undefined ? 'required' : unknownProtocol(value) });
  return protocol ?? '';
};

const list =
  <T>(item: Check<T>): Check<T[]> =>
  (value, path, problems) => {
    if (!Array.isArray(value)) {
      expected('a list', value, path, problems);
      return [];
    }
    return value.map((entry, index) => item(entry, [...path, index], problems));
  };

const record =
  <T>(item: Check<T>): Check<Record<string, T>> =>
  (value, path, problems) => {
    if (!isJsonObject(value)) {
      expected('a mapping', value, path, problems);
      return {};
    }
    // `__proto__` never gets here: the reserved-key check refuses it first.
    return Object.fromEntries(
      Object.entries(value).map(([key, entry]) => [key, item(entry, [...path, key], problems)]),
    );
  };

/** A mapping with exactly these fields; `refine` runs, as zod's superRefine, only on a clean parse. */
const object =
  <T>(
    fields: Record<string, Field>,
    refine?: (value: T, path: Path, problems: Problem[]) => void,
  ): Check<T> =>
  (value, path, problems) => {
    if (!isJsonObject(value)) {
      expected('a mapping', value, path, problems);
      return {} as T;
    }
    const before = problems.length;
    const output: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(fields)) {
      const present = Object.hasOwn(value, key) && value[key] !== undefined;
      if (present) output[key] = field.check(value[key], [...path, key], problems);
      else if (field.fallback) output[key] = field.fallback();
      else if (!field.optional) problems.push({ path: [...path, key], message: 'required' });
    }
    for (const key of Object.keys(value)) {
      if (!Object.hasOwn(fields, key)) problems.push({ path: [...path, key], message: 'unknown key' });
    }
    if (refine && problems.length === before) refine(output as T, path, problems);
    return output as T;
  };

const required = (check: Check<unknown>): Field => ({ check });
const optional = (check: Check<unknown>): Field => ({ check, optional: true });
const withDefault = (check: Check<unknown>, fallback: () => unknown): Field => ({ check, fallback });

const checkPorts = (
  rule: { protocol: Protocol; ports: number | string },
  path: Path,
  problems: Problem[],
) => {
  const range = portRange(rule.protocol, rule.ports);
  if (!range.ok) problems.push({ path: [...path, 'ports'], message: range.problem });
};

const peer = object(
  {
    cidr: optional(string((value) => (cidrFamily(value) === undefined ? FORMAT.cidr : undefined))),
    var: optional(matching(VAR_NAME, FORMAT.varName)),
    role: optional(string()),
    prefixList: optional(matching(PREFIX_LIST_ID, FORMAT.prefixList)),
    group: optional(matching(GROUP_ID, FORMAT.groupId)),
    account: optional(matching(ACCOUNT, FORMAT.account)),
    peering: optional(matching(PEERING_ID, FORMAT.peering)),
  },
  (value: Record<string, unknown>, path, problems) => {
    const problem = peerProblem(value);
    if (problem) problems.push({ path, message: problem });
  },
);

const rule = object(
  {
    id: required(matching(RULE_ID, FORMAT.ruleId)),
    protocol: required(protocolField),
    ports: required(portsField),
    peer: required(peer),
    purpose: required(text('purpose')),
    justification: required(text('justification')),
    description: required(matching(AWS_DESCRIPTION, FORMAT.description)),
  },
  checkPorts,
);

const role = object({
  title: required(text('title')),
  risk: required(oneOf(RISKS)),
  compliance: withDefault(list(oneOf(COMPLIANCE)), () => []),
  autoRevert: withDefault(boolean, () => true),
  noOutbound: withDefault(boolean, () => false),
  internetFacing: optional(boolean),
  carriedBy: optional(list(oneOf(CARRIER_KINDS))),
  ingress: withDefault(list(rule), () => []),
  egress: withDefault(list(rule), () => []),
});

const selector = object(
  {
    groupName: optional(exactText('groupName')),
    nameTag: optional(exactText('nameTag')),
    vpcId: optional(matching(SELECTOR_VPC, FORMAT.selectorVpc)),
  },
  (value: { groupName?: string; nameTag?: string }, path, problems) => {
    if ((value.groupName === undefined) === (value.nameTag === undefined))
      problems.push({ path, message: FORMAT.selector });
  },
);

const environment = object({
  vars: withDefault(
    record(string((value) => (isVariableValue(value) ? undefined : FORMAT.variable))),
    () => ({}),
  ),
  vpcIds: optional(list(matching(VPC_ID, FORMAT.vpcId))),
  roles: required(record(selector)),
});

const exception = object({
  role: required(string()),
  environment: optional(string()),
  rule: required(
    object(
      {
        direction: required(oneOf(DIRECTIONS)),
        protocol: required(protocolField),
        ports: required(portsField),
        peer: required(peer),
      },
      checkPorts,
    ),
  ),
  reason: required(text('reason')),
  owner: required(text('owner')),
  ticket: required(text('ticket')),
  expires: required(
    string((value) => {
      if (!EXPIRES.test(value)) return FORMAT.expires;
      return Number.isNaN(Date.parse(value)) ? FORMAT.realDate : undefined;
    }),
  ),
});

const document = object<Omit<BaselineDocument, 'source'>>({
  version: required(oneOf([1])),
  name: required(matching(ROLE_NAME, FORMAT.name)),
  requiredTags: withDefault(list(text('a tag key')), () => []),
  restrictedPorts: withDefault(list(port), () => []),
  roles: required(record(role)),
  environments: required(record(environment)),
  exceptions: withDefault(list(exception), () => []),
});

/** The document as the zod schema would output it, or every problem found (in document order). */
export function checkDocumentShape(
  data: unknown,
): { ok: true; document: Omit<BaselineDocument, 'source'> } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const output = document(data, [], problems);
  return problems.length === 0 ? { ok: true, document: output } : { ok: false, problems };
}
