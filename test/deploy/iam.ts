/**
 * Walks the IAM of an effective template: every identity-policy statement, which role it lands on,
 * and the actions each adapter in src/aws declares it calls.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { asList, type Json, type Resource, resourcesOfType } from './cfn';
import { REPO_ROOT } from './package-stack';

export interface GrantedStatement {
  /** The role logical id the statement is attached to. */
  role: string;
  /** The resource that carries the statement (the role itself or an AWS::IAM::Policy). */
  source: string;
  sid: string | undefined;
  effect: string;
  actions: string[];
  resources: Json[];
  condition: Json;
  raw: Json;
}

/** Every statement of every role policy and every AWS::IAM::Policy, per role. */
export function grantedStatements(resources: Record<string, Resource>): GrantedStatement[] {
  const out: GrantedStatement[] = [];
  const add = (role: string, source: string, document: Json) => {
    for (const statement of asList<Json>(document.Statement)) {
      out.push({
        role,
        source,
        sid: statement.Sid,
        effect: statement.Effect,
        actions: asList<string>(statement.Action),
        resources: asList(statement.Resource),
        condition: statement.Condition,
        raw: statement,
      });
    }
  };
  for (const [id, role] of Object.entries(resourcesOfType(resources, 'AWS::IAM::Role'))) {
    for (const policy of asList<Json>(role.Properties.Policies)) add(id, id, policy.PolicyDocument);
    if (role.Properties.ManagedPolicyArns) add(id, id, { Statement: [{ Action: '<managed policy>' }] });
  }
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const [id, policy] of Object.entries(resourcesOfType(resources, type))) {
      for (const role of asList<Json>(policy.Properties.Roles))
        add(role.Ref, id, policy.Properties.PolicyDocument);
    }
  }
  return out;
}

/** The role logical id a function runs as (`role: X` compiles to Fn::GetAtt [X, Arn]). */
export function roleOfFunction(fn: Resource): string {
  const role = fn.Properties.Role;
  if (!role?.['Fn::GetAtt'])
    throw new Error(`Function role is not a role of this stack: ${JSON.stringify(role)}`);
  return role['Fn::GetAtt'][0];
}

export interface AdapterActions {
  /** Module file name without extension, e.g. `ec2-reader`. */
  module: string;
  actions: string[];
}

/** Every src/aws module and the actions its `*IAM_ACTIONS` exports declare. */
export function declaredAdapterActions(): AdapterActions[] {
  const dir = path.join(REPO_ROOT, 'src/aws');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((file) => file.endsWith('.ts')) : [];
  return files.map((file) => {
    const exports = require(path.join(dir, file)) as Record<string, unknown>;
    const actions = Object.entries(exports)
      .filter(([name]) => name.endsWith('IAM_ACTIONS'))
      .flatMap(([, value]) => value as string[]);
    return { module: path.basename(file, '.ts'), actions };
  });
}
