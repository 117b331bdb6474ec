import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IAM_ACTIONS as READ_ACTIONS } from '../../src/aws/ec2-reader';
import { IAM_ACTIONS as REVERT_ACTIONS } from '../../src/aws/ec2-writer';
import {
  effectiveResources,
  evaluateCondition,
  type Json,
  type Resource,
  referencedIds,
  resourcesOfType,
} from './cfn';
import { instantiate, parameterValues } from './cfn-params';
import { parseCfnYaml } from './cfn-yaml';
import { PRODUCTION_DEFAULT, STAGING_ENFORCE_SLACK } from './combinations';
import { grantedStatements, roleOfFunction } from './iam';
import { PACKAGE_TIMEOUT_MS, type PackagedStack, packageStack, REPO_ROOT } from './package-stack';

const TEMPLATE_FILE = path.join(REPO_ROOT, 'deploy/member-stack.yml');
/** CloudFormation's limit on a TemplateBody passed inline (StackSets included). */
const TEMPLATE_BODY_MAX_BYTES = 51_200;

const CENTRAL_ACCOUNT = '111111111111';
const MEMBER_ACCOUNT = '222222222222';
const CENTRAL_REGION = 'eu-west-1';
const ROLE_REGION = 'us-east-1';
const OTHER_REGION = 'ap-southeast-2';
const ORGANIZATION = 'o-a1b2c3d4e5';
const BUS_NAME = 'sg-drift-monitor-production';
const BUS_ARN = `arn:aws:events:${CENTRAL_REGION}:${CENTRAL_ACCOUNT}:event-bus/${BUS_NAME}`;
const CHANGE_ROLE_ARN = `arn:aws:iam::${CENTRAL_ACCOUNT}:role/sg-drift-monitor-production-change`;
const AUDIT_ROLE_ARN = `arn:aws:iam::${CENTRAL_ACCOUNT}:role/sg-drift-monitor-production-audit`;
const MEMBER_ROLE_NAME = 'sg-drift-monitor-member';
const MEMBER_ROLE_ARN = `arn:aws:iam::${MEMBER_ACCOUNT}:role/${MEMBER_ROLE_NAME}`;
const MANAGED_BY = 'platform-terraform';
const PSEUDO_PARAMETERS = new Set(['AWS::Region', 'AWS::AccountId', 'AWS::Partition', 'AWS::NoValue']);

const AUTO_REVERT_MODES = ['off', 'dry-run', 'enforce'] as const;
type AutoRevertMode = (typeof AUTO_REVERT_MODES)[number];
const COMBINATIONS = AUTO_REVERT_MODES.flatMap((mode) =>
  [ROLE_REGION, OTHER_REGION].map((region) => [mode, region] as const),
);

const CHANGE = 'SecurityGroupChangeLambdaFunction';
const SELF = '<the monitor’s own role>';

const templateText = fs.readFileSync(TEMPLATE_FILE, 'utf8');
const template = parseCfnYaml(templateText, 'deploy/member-stack.yml');

function parameters(mode: AutoRevertMode, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    CentralAccountId: CENTRAL_ACCOUNT,
    CentralRegion: CENTRAL_REGION,
    CentralEventBusName: BUS_NAME,
    CentralRoleArns: `${CHANGE_ROLE_ARN},${AUDIT_ROLE_ARN}`,
    OrganizationId: ORGANIZATION,
    RoleRegion: ROLE_REGION,
    AutoRevert: mode,
    AutoRevertManagedBy: MANAGED_BY,
    ...overrides,
  };
}

function deployed(mode: AutoRevertMode, region: string): Json {
  return instantiate(template, { parameters: parameters(mode), region, accountId: MEMBER_ACCOUNT });
}

function resourcesOf(mode: AutoRevertMode, region: string): Record<string, Resource> {
  return effectiveResources(deployed(mode, region));
}

function forwardRule(resources: Record<string, Resource>): Resource {
  const rules = Object.values(resourcesOfType(resources, 'AWS::Events::Rule'));
  expect(rules).toHaveLength(1);
  return rules[0] as Resource;
}

/** The pattern with the monitor's own role (its calls are not forwarded) replaced by a name. */
function withSelfNamed(pattern: Json): { pattern: Json; excluded: Json[] } {
  const copy = structuredClone(pattern);
  const excluded: Json[] = [];
  for (const branch of copy.detail?.userIdentity?.sessionContext?.sessionIssuer?.arn ?? []) {
    if (branch['anything-but'] === undefined) continue;
    excluded.push(...branch['anything-but']);
    branch['anything-but'] = [SELF];
  }
  return { pattern: copy, excluded };
}

/** Every condition name a template element uses (resource/output Condition, Fn::If, !Condition). */
function conditionNames(node: Json, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) for (const item of node) conditionNames(item, out);
  else if (node !== null && typeof node === 'object') {
    if (typeof node.Condition === 'string') out.add(node.Condition);
    if (Array.isArray(node['Fn::If'])) out.add(node['Fn::If'][0]);
    for (const value of Object.values(node)) conditionNames(value, out);
  }
  return out;
}

function pseudoParameters(node: Json, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) for (const item of node) pseudoParameters(item, out);
  else if (typeof node === 'string')
    for (const m of node.matchAll(/\$\{(AWS::[^}]*)\}/g)) out.add(m[1] as string);
  else if (node !== null && typeof node === 'object') {
    if (typeof node.Ref === 'string' && node.Ref.startsWith('AWS::')) out.add(node.Ref);
    for (const value of Object.values(node)) pseudoParameters(value, out);
  }
  return out;
}

let singleAccount: PackagedStack;
let singleAccountRevert: PackagedStack;

beforeAll(() => {
  singleAccount = packageStack(PRODUCTION_DEFAULT);
  singleAccountRevert = packageStack(STAGING_ENFORCE_SLACK);
}, PACKAGE_TIMEOUT_MS);

describe('member stack: a template a service-managed StackSet accepts', () => {
  it('is plain CloudFormation: no Transform, no macro, no SAM resource', () => {
    expect(template.Transform).toBeUndefined();
    for (const marker of ['Fn::Transform', 'AWS::Include', 'AWS::Serverless']) {
      expect({ marker, found: JSON.stringify(template).includes(marker) }).toEqual({ marker, found: false });
    }
  });

  it(`fits an inline TemplateBody (≤ ${TEMPLATE_BODY_MAX_BYTES} bytes)`, () => {
    expect(Buffer.byteLength(templateText, 'utf8')).toBeLessThanOrEqual(TEMPLATE_BODY_MAX_BYTES);
  });

  it('every Ref, GetAtt, Sub, DependsOn and condition names something declared', () => {
    const parameterNames = Object.keys(template.Parameters);
    const resourceNames = Object.keys(template.Resources);
    const everything = {
      Resources: template.Resources,
      Outputs: template.Outputs,
      Conditions: template.Conditions,
    };
    const dangling = [...referencedIds(everything)].filter(
      (id) => !parameterNames.includes(id) && !resourceNames.includes(id),
    );
    expect(dangling).toEqual([]);
    for (const [name, resource] of Object.entries<Resource>(template.Resources)) {
      const dependsOn = [resource.DependsOn ?? []].flat().filter((id) => !resourceNames.includes(id));
      expect({ name, dependsOn }).toEqual({ name, dependsOn: [] });
    }
    const undeclared = [...conditionNames(everything)].filter((name) => !(name in template.Conditions));
    expect(undeclared).toEqual([]);
    expect([...pseudoParameters(everything)].filter((name) => !PSEUDO_PARAMETERS.has(name))).toEqual([]);
  });

  it.each(COMBINATIONS)(
    'AutoRevert=%s in %s: every reference of a deployed resource or output is deployed',
    (mode, region) => {
      const instance = deployed(mode, region);
      const resources = effectiveResources(instance);
      const outputs = Object.entries<Json>(instance.Outputs).filter(
        ([, output]) => output.Condition === undefined || evaluateCondition(instance, output.Condition),
      );
      for (const [name, element] of [...Object.entries<Json>(resources), ...outputs]) {
        const dangling = [...referencedIds(element)].filter((id) => !(id in resources));
        expect({ name, dangling }).toEqual({ name, dangling: [] });
      }
    },
  );

  const cfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  (cfnLint.status === 0 ? it : it.skip)(
    'passes cfn-lint (skipped where cfn-lint is not installed)',
    () => {
      const run = spawnSync('cfn-lint', ['--regions', ROLE_REGION, OTHER_REGION, '--', TEMPLATE_FILE], {
        encoding: 'utf8',
      });
      expect({ status: run.status, output: run.stdout + run.stderr }).toEqual({ status: 0, output: '' });
    },
    60_000,
  );

  it.each([
    ['CentralRoleArns', `arn:aws:iam::*:role/anything`],
    ['CentralRoleArns', `${CHANGE_ROLE_ARN},arn:aws:iam::${CENTRAL_ACCOUNT}:user/alice`],
    ['CentralRoleArns', '*'],
    ['OrganizationId', 'r-abcd'],
    ['CentralAccountId', '1111'],
    ['AutoRevert', 'on'],
    ['AutoRevertManagedBy', '*'],
  ])('refuses %s=%s at deploy time', (name, value) => {
    const instance = {
      parameters: parameters('off', { [name]: value }),
      region: ROLE_REGION,
      accountId: MEMBER_ACCOUNT,
    };
    expect(() => parameterValues(template, instance)).toThrow(`Parameter ${name}`);
  });
});

describe('member stack: forwarding rule (every region)', () => {
  it('matches exactly what the single-account change rule matches; the monitor’s own calls are the member role’s', () => {
    const singleResources = effectiveResources(singleAccount.template);
    const change = singleResources[CHANGE] as Resource;
    const singleRule = Object.values(resourcesOfType(singleResources, 'AWS::Events::Rule')).find((rule) =>
      rule.Properties.Targets.some((target: Json) => target.Arn?.['Fn::GetAtt']?.[0] === CHANGE),
    ) as Resource;
    const single = withSelfNamed(singleRule.Properties.EventPattern);
    const member = withSelfNamed(forwardRule(resourcesOf('off', OTHER_REGION)).Properties.EventPattern);

    expect(member.pattern).toEqual(single.pattern);
    expect(single.excluded).toEqual([{ 'Fn::GetAtt': [roleOfFunction(change), 'Arn'] }]);
    expect(member.excluded).toEqual([MEMBER_ROLE_ARN]);
  });

  it.each(COMBINATIONS)(
    'AutoRevert=%s in %s: on the default bus, to the central bus, through its role',
    (mode, region) => {
      const rule = forwardRule(resourcesOf(mode, region));
      expect(rule.Properties.EventBusName).toBe('default');
      expect(rule.Properties.State).toBe('ENABLED');
      expect(rule.Properties.Targets).toEqual([
        { Id: 'central-bus', Arn: BUS_ARN, RoleArn: { 'Fn::GetAtt': ['ForwardRuleRole', 'Arn'] } },
      ]);
    },
  );

  it.each(COMBINATIONS)(
    'AutoRevert=%s in %s: the target role may only PutEvents on the central bus',
    (mode, region) => {
      const resources = resourcesOf(mode, region);
      const statements = grantedStatements(resources).filter((s) => s.role === 'ForwardRuleRole');
      expect(
        statements.map(({ effect, actions, resources, condition }) => ({
          effect,
          actions,
          resources,
          condition,
        })),
      ).toEqual([
        { effect: 'Allow', actions: ['events:PutEvents'], resources: [BUS_ARN], condition: undefined },
      ]);
      const trust = (resources.ForwardRuleRole as Resource).Properties.AssumeRolePolicyDocument.Statement;
      const ruleName = forwardRule(resources).Properties.Name;
      expect(trust).toEqual([
        {
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'aws:SourceAccount': MEMBER_ACCOUNT },
            ArnEquals: { 'aws:SourceArn': `arn:aws:events:${region}:${MEMBER_ACCOUNT}:rule/${ruleName}` },
          },
        },
      ]);
    },
  );
});

describe('member stack: member role (the role region only)', () => {
  it.each(AUTO_REVERT_MODES)(
    'AutoRevert=%s: no member role and no policy outside the role region',
    (mode) => {
      const resources = resourcesOf(mode, OTHER_REGION);
      expect(Object.keys(resourcesOfType(resources, 'AWS::IAM::Role'))).toEqual(['ForwardRuleRole']);
      expect(resourcesOfType(resources, 'AWS::IAM::Policy')).toEqual({});
      expect(template.Resources.MemberRole.Condition).toBe('IsRoleRegion');
      expect(template.Conditions.IsRoleRegion).toEqual({
        'Fn::Equals': [{ Ref: 'AWS::Region' }, { Ref: 'RoleRegion' }],
      });
    },
  );

  it.each(AUTO_REVERT_MODES)(
    'AutoRevert=%s: trusted only by the named central roles, inside the organization',
    (mode) => {
      const role = resourcesOf(mode, ROLE_REGION).MemberRole as Resource;
      expect(role.Properties.RoleName).toBe(MEMBER_ROLE_NAME);
      expect(role.Properties.MaxSessionDuration).toBe(3600);
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        {
          Sid: 'CentralFunctionsOfThisOrganization',
          Effect: 'Allow',
          Principal: { AWS: [CHANGE_ROLE_ARN, AUDIT_ROLE_ARN] },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION, 'aws:PrincipalAccount': CENTRAL_ACCOUNT },
          },
        },
      ]);
    },
  );

  it.each(AUTO_REVERT_MODES)('AutoRevert=%s: reads with exactly the EC2 reader’s actions', (mode) => {
    const statements = grantedStatements(resourcesOf(mode, ROLE_REGION)).filter(
      (s) => s.role === 'MemberRole',
    );
    const read = statements.filter((s) => s.actions.some((a) => a.startsWith('ec2:Describe')));
    expect(read.map(({ actions, resources, condition }) => ({ actions, resources, condition }))).toEqual([
      { actions: [...READ_ACTIONS], resources: ['*'], condition: undefined },
    ]);
  });

  it.each(AUTO_REVERT_MODES)(
    'AutoRevert=%s: revoke/authorize only when enabled, only on ManagedBy-tagged groups of this account',
    (mode) => {
      const statements = grantedStatements(resourcesOf(mode, ROLE_REGION)).filter(
        (s) => s.role === 'MemberRole',
      );
      const granted = [...new Set(statements.flatMap((s) => s.actions))].sort();
      const expected = mode === 'off' ? [...READ_ACTIONS] : [...READ_ACTIONS, ...REVERT_ACTIONS];
      expect(granted).toEqual(expected.sort());
      const revert = statements.filter((s) =>
        s.actions.some((a) => (REVERT_ACTIONS as readonly string[]).includes(a)),
      );
      if (mode === 'off') {
        expect(revert).toEqual([]);
        return;
      }
      expect(
        revert.map(({ effect, actions, resources, condition }) => ({
          effect,
          actions,
          resources,
          condition,
        })),
      ).toEqual([
        {
          effect: 'Allow',
          actions: [...REVERT_ACTIONS],
          // Any region: the role is global and reverts wherever the event happened.
          resources: [`arn:aws:ec2:*:${MEMBER_ACCOUNT}:security-group/*`],
          condition: { StringEqualsIgnoreCase: { 'aws:ResourceTag/ManagedBy': MANAGED_BY } },
        },
      ]);
    },
  );

  it('scopes revert exactly as the single-account stack does (same actions, same tag condition)', () => {
    const single = grantedStatements(effectiveResources(singleAccountRevert.template)).find(
      (s) => s.sid === 'RevertSecurityGroupRules',
    );
    const member = grantedStatements(resourcesOf('enforce', ROLE_REGION)).find(
      (s) => s.role === 'MemberRole' && s.sid === 'RevertSecurityGroupRules',
    );
    expect([...(member?.actions ?? [])].sort()).toEqual([...(single?.actions ?? [])].sort());
    const conditionShape = (condition: Json) =>
      Object.fromEntries(
        Object.entries<Json>(condition ?? {}).map(([operator, keys]) => [operator, Object.keys(keys)]),
      );
    expect(conditionShape(member?.condition)).toEqual(conditionShape(single?.condition));
  });
});
