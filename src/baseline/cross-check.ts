/**
 * The checks of a baseline document that a schema cannot express: roles, variables, environments
 * and exceptions refer to names that exist, rule ids are unique, exceptions expire soon. Free of zod
 * so the Lambdas run them on the compiled baseline too. Names are looked up with `Object.hasOwn`:
 * a role called `constructor` is a role, and a reference to `toString` is unknown.
 */
import type { BaselineDocument, PeerSpec, RuleSpec } from './schema';
import {
  ENVIRONMENT_NAME,
  MAX_EXCEPTION_DAYS,
  ownEntry,
  ROLE_NAME,
  SELF_ROLE,
  SENTINEL_CIDR,
} from './syntax';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A problem found past the schema; `path` is inside the file. */
export interface Problem {
  path: Array<string | number>;
  message: string;
}

/** Cross-reference checks on a structurally valid document, in document order. */
export function crossCheck(doc: Omit<BaselineDocument, 'source'>, now: Date): Problem[] {
  const problems: Problem[] = [];
  const roleNames = Object.keys(doc.roles);
  const environmentNames = Object.keys(doc.environments);
  const knownRoles = `known: ${roleNames.join(', ')}`;
  const knownEnvironments = `known: ${environmentNames.join(', ')}`;

  const checkPeer = (peer: PeerSpec, path: Problem['path'], environments: string[]) => {
    if (peer.role !== undefined && peer.role !== SELF_ROLE && !Object.hasOwn(doc.roles, peer.role)) {
      problems.push({
        path: [...path, 'role'],
        message: `unknown role '${peer.role}' (${knownRoles}; or self)`,
      });
    }
    if (peer.var === undefined) return;
    for (const environment of environments) {
      if (!Object.hasOwn(ownEntry(doc.environments, environment)?.vars ?? {}, peer.var)) {
        problems.push({
          path: [...path, 'var'],
          message: `variable '${peer.var}' is not defined in environments.${environment}.vars`,
        });
      }
    }
  };

  const firstRuleId = new Map<string, string>();
  for (const [role, spec] of Object.entries(doc.roles)) {
    if (!ROLE_NAME.test(role) || role === SELF_ROLE) {
      problems.push({
        path: ['roles', role],
        message: 'role names are lowercase letters, digits and - (and not self)',
      });
    }
    const seenRules = new Map<string, string>();
    for (const direction of ['ingress', 'egress'] as const) {
      spec[direction].forEach((rule, index) => {
        const path = ['roles', role, direction, index];
        const where = formatPath([...path, 'id']);
        const first = firstRuleId.get(rule.id);
        if (first) {
          problems.push({
            path: [...path, 'id'],
            message: `duplicate rule id '${rule.id}' (first at ${first})`,
          });
        } else {
          firstRuleId.set(rule.id, where);
        }
        const key = `${direction} ${rule.protocol} ${rule.ports} ${JSON.stringify(rule.peer)}`;
        const same = seenRules.get(key);
        if (same) problems.push({ path, message: `the same rule as '${same}'` });
        else seenRules.set(key, rule.id);
        checkPeer(rule.peer, [...path, 'peer'], environmentNames);
        if (direction === 'egress' && spec.noOutbound && !isSentinel(rule)) {
          problems.push({
            path,
            message: `a noOutbound role declares only the ${SENTINEL_CIDR} sentinel with protocol all`,
          });
        }
      });
    }
  }

  for (const [environment, spec] of Object.entries(doc.environments)) {
    if (!ENVIRONMENT_NAME.test(environment)) {
      problems.push({
        path: ['environments', environment],
        message: 'environment names are lowercase letters, digits and -',
      });
    }
    const selectorOwner = new Map<string, string>();
    for (const [role, selector] of Object.entries(spec.roles)) {
      if (!Object.hasOwn(doc.roles, role)) {
        problems.push({
          path: ['environments', environment, 'roles', role],
          message: `unknown role '${role}' (${knownRoles})`,
        });
      }
      const key = JSON.stringify(selector);
      const owner = selectorOwner.get(key);
      if (owner) {
        problems.push({
          path: ['environments', environment, 'roles', role],
          message: `selects the same group as role '${owner}'`,
        });
      } else {
        selectorOwner.set(key, role);
      }
    }
    for (const role of roleNames) {
      if (!Object.hasOwn(spec.roles, role)) {
        problems.push({
          path: ['environments', environment, 'roles'],
          message: `no selector for role '${role}'`,
        });
      }
    }
  }

  const latest = now.getTime() + MAX_EXCEPTION_DAYS * DAY_MS;
  doc.exceptions.forEach((exception, index) => {
    const path = ['exceptions', index];
    if (!Object.hasOwn(doc.roles, exception.role)) {
      problems.push({ path: [...path, 'role'], message: `unknown role '${exception.role}' (${knownRoles})` });
    }
    if (exception.environment !== undefined && !Object.hasOwn(doc.environments, exception.environment)) {
      problems.push({
        path: [...path, 'environment'],
        message: `unknown environment '${exception.environment}' (${knownEnvironments})`,
      });
    }
    const scope = exception.environment === undefined ? environmentNames : [exception.environment];
    checkPeer(
      exception.rule.peer,
      [...path, 'rule', 'peer'],
      scope.filter((name) => Object.hasOwn(doc.environments, name)),
    );
    // An expired exception is valid here: the `expired-exceptions` check reports it.
    if (Date.parse(exception.expires) > latest) {
      problems.push({
        path: [...path, 'expires'],
        message: `${exception.expires} is more than ${MAX_EXCEPTION_DAYS} days after ${now.toISOString().slice(0, 10)}; exceptions are temporary`,
      });
    }
  });
  return problems;
}

function isSentinel(rule: RuleSpec): boolean {
  return rule.protocol === 'all' && rule.peer.cidr === SENTINEL_CIDR;
}

/** `['roles', 'bastion', 'ingress', 0, 'peer']` → `roles.bastion.ingress[0].peer`; root is `(root)`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? '(root)' : out;
}
