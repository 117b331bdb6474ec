import * as fs from 'node:fs';
import * as path from 'node:path';
import validateAsl from 'asl-validator';
import { ORG_MAX_CONCURRENCY } from '../../src/bench/org-bench';
import { effectiveResources, type Json, type Resource, resourcesOfType } from './cfn';
import {
  ALL_COMBINATIONS,
  ORG_COMBINATIONS,
  ORG_PRODUCTION,
  ORG_STAGING_ENFORCE_SLACK,
  ORGANIZATION_ID,
} from './combinations';
import { declaredAdapterActions, type GrantedStatement, grantedStatements, roleOfFunction } from './iam';
import { PACKAGE_TIMEOUT_MS, type PackagedStack, packageStack, REPO_ROOT } from './package-stack';

const LIST = 'OrgAuditListLambdaFunction';
const ITEM = 'OrgAuditItemLambdaFunction';
const DIGEST = 'OrgAuditDigestLambdaFunction';
const ORG_FUNCTIONS = [LIST, ITEM, DIGEST];
const STATE_MACHINE = 'OrgAuditStateMachine';
const BUCKET = 'OrgAuditResultsBucket';
const TOPIC = { Ref: 'AlertTopic' };
const NAMESPACE = 'SecurityGroupDrift';
const RUNS_OBJECTS = { 'Fn::Sub': `\${${BUCKET}.Arn}/runs/*` };
const DEFAULT_MEMBER_ROLE = 'sg-drift-monitor-member';
const DISTRIBUTED_MAP_MAX_PARALLEL = 10_000;

/** Which adapters each organization function uses; its role must grant exactly their actions. */
const ORG_ADAPTERS: Record<string, string[]> = {
  [LIST]: ['organizations', 's3-results'],
  [ITEM]: ['cross-account', 'ec2-reader', 's3-results'],
  [DIGEST]: ['s3-results', 'sns', 'cloudwatch'],
};
/** Granted beyond the adapters, and why: logs; the item role assumes, it never reads EC2 itself. */
const ORG_PLATFORM: Record<string, { add: string[]; remove: string[] }> = {
  [LIST]: { add: ['logs:CreateLogStream', 'logs:PutLogEvents'], remove: ['s3:GetObject', 's3:ListBucket'] },
  [ITEM]: {
    add: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    // EC2 reads go through the member role's credentials; the results are only written.
    remove: [
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeSecurityGroupRules',
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeRouteTables',
      's3:GetObject',
      's3:ListBucket',
    ],
  },
  [DIGEST]: {
    add: ['logs:CreateLogStream', 'logs:PutLogEvents', 'kms:GenerateDataKey', 'kms:Decrypt'],
    remove: ['s3:PutObject'],
  },
};

const stacks = new Map<string, PackagedStack>();
const resourcesOf = (id: string): Record<string, Resource> => effectiveResources(stacks.get(id)?.template);
const memberRoleOf = (id: string) =>
  [...ORG_COMBINATIONS].find((c) => c.id === id)?.params.memberRoleName ?? DEFAULT_MEMBER_ROLE;

beforeAll(() => {
  for (const combination of [...ORG_COMBINATIONS, ...ALL_COMBINATIONS]) {
    stacks.set(combination.id, packageStack(combination));
  }
}, PACKAGE_TIMEOUT_MS * 2);

function statementsOf(resources: Record<string, Resource>, role: string): GrantedStatement[] {
  return grantedStatements(resources).filter((statement) => statement.role === role);
}

function definitionOf(resources: Record<string, Resource>): Json {
  return (resources[STATE_MACHINE] as Resource).Properties.Definition;
}

/** The definition as CloudFormation hands it to Step Functions: every ${Name} substituted. */
function substituted(definition: Json): Json {
  const arns: Record<string, string> = {
    OrgAuditListFunctionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:list',
    OrgAuditItemFunctionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:item',
    OrgAuditDigestFunctionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:digest',
    ResultsBucket: 'results-bucket',
  };
  return JSON.parse(
    JSON.stringify(definition).replace(/\$\{(\w+)\}/g, (whole, name: string) => arns[name] ?? whole),
  );
}

describe('deploy: the single-account stack is unchanged by the organization audit', () => {
  it.each(ALL_COMBINATIONS.map((c) => c.id))('%s: no organization-audit resource is deployed', (id) => {
    const template = stacks.get(id)?.template;
    expect(template.Conditions.IsOrganization).toEqual({ 'Fn::Equals': ['false', 'true'] });
    const conditional = Object.entries<Resource>(template.Resources)
      .filter(([, resource]) => resource.Condition === 'IsOrganization')
      .map(([name]) => name);
    expect(conditional.length).toBeGreaterThan(15);
    const effective = Object.keys(resourcesOf(id));
    expect(effective.filter((name) => name.startsWith('Org'))).toEqual([]);
    const orgAuditOutputs = Object.keys(template.Outputs).filter((name) => name.startsWith('OrgAudit'));
    expect(orgAuditOutputs.length).toBeGreaterThan(0);
    for (const name of orgAuditOutputs) expect(template.Outputs[name].Condition).toBe('IsOrganization');
  });
});

describe.each(ORG_COMBINATIONS.map((c) => c.id))('deploy: organization audit (%s)', (id) => {
  it('the state machine definition is valid Amazon States Language (asl-validator)', () => {
    const definition = definitionOf(resourcesOf(id));
    expect(definition).toEqual(
      JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'deploy/org-audit.asl.json'), 'utf8')),
    );
    const result = validateAsl(substituted(definition));
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it('every ${Name} of the definition is substituted with this stack’s function or bucket', () => {
    const machine = resourcesOf(id)[STATE_MACHINE] as Resource;
    const placeholders = [...JSON.stringify(machine.Properties.Definition).matchAll(/\$\{(\w+)\}/g)].map(
      (match) => match[1],
    );
    expect([...new Set(placeholders)].sort()).toEqual(
      Object.keys(machine.Properties.DefinitionSubstitutions).sort(),
    );
    expect(machine.Properties.DefinitionSubstitutions).toEqual({
      OrgAuditListFunctionArn: { 'Fn::GetAtt': [LIST, 'Arn'] },
      OrgAuditItemFunctionArn: { 'Fn::GetAtt': [ITEM, 'Arn'] },
      OrgAuditDigestFunctionArn: { 'Fn::GetAtt': [DIGEST, 'Arn'] },
      ResultsBucket: { Ref: BUCKET },
    });
    expect(machine.Properties.StateMachineType).toBe('STANDARD');
    expect(machine.Properties.RoleArn).toEqual({ 'Fn::GetAtt': ['OrgAuditStateMachineRole', 'Arn'] });
  });

  it('lists, then a Distributed Map of one item invocation each, bounded and tolerant, then the digest', () => {
    const { StartAt, States, TimeoutSeconds } = definitionOf(resourcesOf(id));
    expect(StartAt).toBe('ListItems');
    expect(States.ListItems.Parameters.FunctionName).toBe('${OrgAuditListFunctionArn}');
    expect(States.ListItems.Next).toBe('AuditItems');
    const map = States.AuditItems;
    expect(map.Type).toBe('Map');
    expect(map.ItemProcessor.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
    expect(Number.isInteger(map.MaxConcurrency)).toBe(true);
    expect(map.MaxConcurrency).toBeGreaterThan(0);
    expect(map.MaxConcurrency).toBeLessThanOrEqual(DISTRIBUTED_MAP_MAX_PARALLEL);
    // The organization benchmark's figures (README) are measured at the definition's concurrency.
    expect(map.MaxConcurrency).toBe(ORG_MAX_CONCURRENCY);
    expect(map.ToleratedFailurePercentage).toBeGreaterThan(0);
    expect(map.ToleratedFailurePercentage).toBeLessThan(100);
    // The items come from the run's items.json in the results bucket, not from the state (256 KB).
    expect(map.ItemReader).toMatchObject({
      Resource: 'arn:aws:states:::s3:getObject',
      Parameters: { Bucket: '${ResultsBucket}', 'Key.$': '$.run.itemsKey' },
    });
    expect(map.ResultWriter.Parameters.Bucket).toBe('${ResultsBucket}');
    // One child, one task: the item function, handed the item and the run.
    const child = map.ItemProcessor.States[map.ItemProcessor.StartAt];
    expect(Object.keys(map.ItemProcessor.States)).toHaveLength(1);
    expect(child.Parameters.FunctionName).toBe('${OrgAuditItemFunctionArn}');
    expect(child.End).toBe(true);
    expect(map.ItemSelector['item.$']).toBe('$$.Map.Item.Value');
    // A map that gives up still reaches the digest, then the execution fails (the failed alarm).
    expect(map.Next).toBe('Digest');
    expect(map.Catch).toEqual([expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: 'Digest' })]);
    expect(States.Digest.Parameters.FunctionName).toBe('${OrgAuditDigestFunctionArn}');
    expect(States[States.MapCompleted.Choices[0].Next].Type).toBe('Fail');
    expect(TimeoutSeconds).toBeGreaterThan(0);
    // A blip of S3, SNS or Organizations does not cost the day's run: the list and the digest retry
    // their own failures (both are safe to run again); an item's failures are its result instead.
    for (const step of [States.ListItems, States.Digest]) {
      expect(step.Retry).toContainEqual(expect.objectContaining({ ErrorEquals: ['States.TaskFailed'] }));
    }
    expect(JSON.stringify(child.Retry)).not.toContain('States.TaskFailed');
  });

  it('results: encrypted, private, TLS-only, expired after the retention param', () => {
    const resources = resourcesOf(id);
    const bucket = (resources[BUCKET] as Resource).Properties;
    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
      { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
    ]);
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const days = Number(ORG_COMBINATIONS.find((c) => c.id === id)?.params.orgAuditRetentionDays ?? 90);
    // A stage param arrives as a string ("30"), which CloudFormation reads as the integer.
    const rules = bucket.LifecycleConfiguration.Rules.map((rule: Json) => ({
      ...rule,
      ExpirationInDays: Number(rule.ExpirationInDays),
    }));
    expect(rules).toEqual([
      expect.objectContaining({ Status: 'Enabled', Prefix: 'runs/', ExpirationInDays: days }),
    ]);
    const policy = (resources.OrgAuditResultsBucketPolicy as Resource).Properties;
    expect(policy.Bucket).toEqual({ Ref: BUCKET });
    expect(policy.PolicyDocument.Statement).toEqual([
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [{ 'Fn::GetAtt': [BUCKET, 'Arn'] }, { 'Fn::Sub': `\${${BUCKET}.Arn}/*` }],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
  });

  it('each function runs as its own role, granted exactly what its adapters need', () => {
    const resources = resourcesOf(id);
    const adapters = declaredAdapterActions();
    const roles = new Set<string>();
    for (const fn of ORG_FUNCTIONS) {
      const role = roleOfFunction(resources[fn] as Resource);
      roles.add(role);
      const fromAdapters = adapters
        .filter(({ module }) => ORG_ADAPTERS[fn]?.includes(module))
        .flatMap(({ actions }) => actions);
      const { add, remove } = ORG_PLATFORM[fn] as { add: string[]; remove: string[] };
      const expected = [...new Set([...fromAdapters, ...add])].filter((a) => !remove.includes(a)).sort();
      const granted = [...new Set(statementsOf(resources, role).flatMap((s) => s.actions))].sort();
      expect({ fn, granted }).toEqual({ fn, granted: expected });
    }
    expect(roles.size).toBe(ORG_FUNCTIONS.length);
  });

  it('sts:AssumeRole only on the member role name, only inside the organization, only for items', () => {
    const resources = resourcesOf(id);
    // The central change function assumes the member role too (deploy/central-change.yml, tested there).
    const assume = grantedStatements(resources).filter(
      (s) => s.actions.includes('sts:AssumeRole') && s.role !== 'OrganizationChangeRole',
    );
    expect(assume.map((s) => s.role)).toEqual([roleOfFunction(resources[ITEM] as Resource)]);
    expect(assume[0]?.actions).toEqual(['sts:AssumeRole']);
    expect(assume[0]?.resources).toEqual([
      { 'Fn::Sub': `arn:\${AWS::Partition}:iam::*:role/${memberRoleOf(id)}` },
    ]);
    expect(assume[0]?.condition).toEqual({ StringEquals: { 'aws:ResourceOrgID': ORGANIZATION_ID } });
  });

  it('Organizations read actions only for the list step; S3 only under runs/', () => {
    const resources = resourcesOf(id);
    const listRole = roleOfFunction(resources[LIST] as Resource);
    for (const statement of grantedStatements(resources)) {
      const where = `${statement.source}/${statement.sid}`;
      const organizations = statement.actions.filter((a) => a.startsWith('organizations:'));
      if (organizations.length > 0) {
        expect({ where, role: statement.role }).toEqual({ where, role: listRole });
        expect(organizations.every((a) => a.startsWith('organizations:List'))).toBe(true);
      }
      const s3 = statement.actions.filter((a) => a.startsWith('s3:'));
      if (s3.length === 0) continue;
      if (s3.includes('s3:ListBucket')) {
        expect({ where, s3 }).toEqual({ where, s3: ['s3:ListBucket'] });
        expect(statement.condition).toEqual({ StringLike: { 's3:prefix': 'runs/*' } });
      } else {
        expect({ where, resources: statement.resources }).toEqual({ where, resources: [RUNS_OBJECTS] });
      }
    }
  });

  it('the state machine may invoke only its functions and run only its own children', () => {
    const resources = resourcesOf(id);
    const statements = statementsOf(resources, 'OrgAuditStateMachineRole');
    const byAction = (action: string) => statements.filter((s) => s.actions.includes(action));
    expect(byAction('lambda:InvokeFunction').flatMap((s) => s.resources)).toEqual(
      ORG_FUNCTIONS.map((fn) => ({ 'Fn::GetAtt': [fn, 'Arn'] })),
    );
    const machineName = (resources[STATE_MACHINE] as Resource).Properties.StateMachineName;
    expect(byAction('states:StartExecution').flatMap((s) => s.resources)).toEqual([
      {
        'Fn::Sub': `arn:\${AWS::Partition}:states:\${AWS::Region}:\${AWS::AccountId}:stateMachine:${machineName}`,
      },
    ]);
    for (const action of ['states:DescribeExecution', 'states:StopExecution']) {
      expect(byAction(action).flatMap((s) => s.resources)).toEqual([
        {
          'Fn::Sub': `arn:\${AWS::Partition}:states:\${AWS::Region}:\${AWS::AccountId}:execution:${machineName}/*`,
        },
      ]);
    }
    const trust = (resources.OrgAuditStateMachineRole as Resource).Properties.AssumeRolePolicyDocument;
    expect(trust.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'states.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      }),
    ]);
  });

  it('a daily schedule starts the state machine through a role that may start only it', () => {
    const resources = resourcesOf(id);
    const rule = (resources.OrgAuditSchedule as Resource).Properties;
    expect(rule.ScheduleExpression).toBe('cron(0 6 * * ? *)');
    expect(rule.Targets).toEqual([
      expect.objectContaining({
        Arn: { Ref: STATE_MACHINE },
        RoleArn: { 'Fn::GetAtt': ['OrgAuditScheduleRole', 'Arn'] },
      }),
    ]);
    const statements = statementsOf(resources, 'OrgAuditScheduleRole');
    expect(statements.map((s) => [s.actions, s.resources])).toEqual([
      [['states:StartExecution'], [{ Ref: STATE_MACHINE }]],
    ]);
  });

  it('alarms: an account-region not audited, the org audit not run, a failed run, CRITICAL drift', () => {
    const alarms = Object.values(resourcesOfType(resourcesOf(id), 'AWS::CloudWatch::Alarm'));
    const byMetric = (name: string) =>
      alarms.find((alarm) => alarm.Properties.MetricName === name)?.Properties;
    expect(byMetric('AccountRegionsNotAudited')).toMatchObject({
      Namespace: NAMESPACE,
      Dimensions: [{ Name: 'Scope', Value: 'Organization' }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [TOPIC],
    });
    expect(byMetric('AccountRegionsAudited')).toMatchObject({
      Statistic: 'SampleCount',
      EvaluationPeriods: 26,
      DatapointsToAlarm: 26,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: [TOPIC],
    });
    for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut']) {
      expect(byMetric(metric)).toMatchObject({
        Namespace: 'AWS/States',
        Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: STATE_MACHINE } }],
        AlarmActions: [TOPIC],
      });
    }
    const critical = alarms.find(
      (alarm) =>
        alarm.Properties.MetricName === 'Findings' &&
        alarm.Properties.Dimensions.some((d: Json) => d.Name === 'Scope' && d.Value === 'Organization'),
    );
    expect(critical?.Properties.Dimensions).toContainEqual({ Name: 'Severity', Value: 'CRITICAL' });
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([TOPIC]);
  });

  it('the functions read the compiled map and baseline, the results bucket, the member role name', () => {
    const resources = resourcesOf(id);
    for (const fn of ORG_FUNCTIONS) {
      const variables = (resources[fn] as Resource).Properties.Environment.Variables;
      expect(variables).toMatchObject({
        BASELINE_FILE: 'baselines/thebot.compiled.json',
        ACCOUNTS_FILE: 'baselines/accounts.compiled.json',
        RESULTS_BUCKET: { Ref: BUCKET },
      });
    }
    const item = (resources[ITEM] as Resource).Properties.Environment.Variables;
    expect(item.MEMBER_ROLE_NAME).toBe(memberRoleOf(id));
    const digest = (resources[DIGEST] as Resource).Properties.Environment.Variables;
    expect(digest.ALERT_TOPIC_ARN).toEqual(TOPIC);
    const roleName = (resources.OrgAuditItemRole as Resource).Properties.RoleName;
    expect(stacks.get(id)?.template.Outputs.OrgAuditItemRoleArn.Value).toEqual({
      'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${roleName}`,
    });
  });
});

describe('deploy: organization audit params', () => {
  it('the two org combinations differ in member role and retention', () => {
    expect(ORG_PRODUCTION.params.memberRoleName).toBeUndefined();
    expect(ORG_STAGING_ENFORCE_SLACK.params.memberRoleName).toBe('secops-sg-reader');
  });

  it('asl-validator rejects a broken map (the validation can fail)', () => {
    const definition = substituted(definitionOf(resourcesOf(ORG_PRODUCTION.id)));
    delete definition.States.AuditItems.ItemProcessor.StartAt;
    expect(validateAsl(definition).isValid).toBe(false);
  });
});
