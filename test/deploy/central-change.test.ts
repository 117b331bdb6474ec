import * as fs from 'node:fs';
import * as path from 'node:path';
import { asList, effectiveResources, type Json, type Resource, resourcesOfType } from './cfn';
import { parseCfnYaml } from './cfn-yaml';
import { ALL_COMBINATIONS, ORGANIZATION_CENTRAL, ORGANIZATION_ID, PRODUCTION_ENFORCE } from './combinations';
import { grantedStatements, roleOfFunction } from './iam';
import { PACKAGE_TIMEOUT_MS, type PackagedStack, packageStack, REPO_ROOT } from './package-stack';

const ORG_FUNCTION = 'OrganizationChangeLambdaFunction';
const CHANGE = 'SecurityGroupChangeLambdaFunction';
const MEMBER_ROLE_NAME = 'sg-drift-monitor-member';
/** EventBridge's limit on a bus's resource policy. */
const BUS_POLICY_MAX_CHARS = 10_240;
/** The resources deploy/central-change.yml adds (and osls derives from its function). */
const CENTRAL_IDS = [
  'CentralEventBus',
  'CentralEventBusPolicy',
  'CentralChangeRule',
  'CentralChangeQueue',
  'CentralChangeDeadLetterQueue',
  'CentralChangeQueuePolicy',
  'OrganizationChangeRole',
  'OrganizationChangeErrorsAlarm',
  'CentralChangeDeadLetterAlarm',
  'CentralChangeQueueAgeAlarm',
  'CentralForeignEventsAlarm',
  'CentralMemberUnreachableAlarm',
  'CentralUnmappedEventsAlarm',
  ORG_FUNCTION,
  'OrganizationChangeLogGroup',
  'OrganizationChangeEventSourceMappingSQSCentralChangeQueue',
];

let central: PackagedStack;
let single: PackagedStack;
let resources: Record<string, Resource>;

beforeAll(() => {
  central = packageStack(ORGANIZATION_CENTRAL);
  single = packageStack(PRODUCTION_ENFORCE);
  resources = effectiveResources(central.template);
}, PACKAGE_TIMEOUT_MS);

/** A resource without what differs between two packagings of the same code (the artifact's key). */
function comparable(resource: Resource): Json {
  const copy = structuredClone(resource);
  delete copy.Properties?.Code;
  return copy;
}

/** The pattern with its "the monitor's own calls" exclusion taken out, and that exclusion. */
function withoutSelf(pattern: Json): { pattern: Json; excluded: Json } {
  const copy = structuredClone(pattern);
  const branches = copy.detail.userIdentity.sessionContext.sessionIssuer.arn;
  const excluded = branches.find((branch: Json) => branch['anything-but'] !== undefined)['anything-but'];
  copy.detail.userIdentity.sessionContext.sessionIssuer.arn = branches.map((branch: Json) =>
    branch['anything-but'] === undefined ? branch : { 'anything-but': 'SELF' },
  );
  return { pattern: copy, excluded };
}

describe('deploy: central stack (organization=true), change path', () => {
  it('keeps every single-account resource exactly as the same deploy without organization mode', () => {
    const singleResources = effectiveResources(single.template);
    // The organization audit's resources (Org…) are deploy/central-audit.yml's, tested there.
    const added = Object.keys(resources).filter(
      (id) => !(id in singleResources) && !(id.startsWith('Org') && !id.startsWith('OrganizationChange')),
    );
    expect(added.sort()).toEqual([...CENTRAL_IDS].sort());
    for (const [id, resource] of Object.entries(singleResources)) {
      expect({ id, resource: comparable(resources[id] as Resource) }).toEqual({
        id,
        resource: comparable(resource),
      });
    }
  });

  it.each(ALL_COMBINATIONS.map((c) => c.id))('%s (organization=false) deploys none of it', (id) => {
    const deployed = effectiveResources(
      packageStack(ALL_COMBINATIONS.find((c) => c.id === id) as never).template,
    );
    expect(CENTRAL_IDS.filter((central) => central in deployed)).toEqual([]);
  });

  it('the bus admits the whole organization in one statement, far below the 10,240-character limit', () => {
    const policy = resources.CentralEventBusPolicy as Resource;
    expect(policy.Properties.EventBusName).toEqual({ Ref: 'CentralEventBus' });
    const statement = policy.Properties.Statement;
    expect(statement).toEqual({
      Effect: 'Allow',
      Principal: '*',
      Action: 'events:PutEvents',
      Resource: { 'Fn::GetAtt': ['CentralEventBus', 'Arn'] },
      Condition: { StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION_ID } },
    });
    // The deployed policy, its ARN at its longest (a 256-character bus name in a long region).
    const deployedPolicy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          ...statement,
          Sid: policy.Properties.StatementId,
          Resource: `arn:aws-us-gov:events:ap-southeast-7:111111111111:event-bus/${'b'.repeat(256)}`,
        },
      ],
    });
    expect(deployedPolicy.length).toBeLessThan(BUS_POLICY_MAX_CHARS / 10);
  });

  it('the central rule matches what the single-account rule matches, minus the member role’s own calls', () => {
    const rule = resources.CentralChangeRule as Resource;
    const singleRule = Object.values(
      resourcesOfType(effectiveResources(single.template), 'AWS::Events::Rule'),
    ).find((candidate) => candidate.Properties.Targets[0].Arn['Fn::GetAtt']?.[0] === CHANGE) as Resource;
    const ours = withoutSelf(rule.Properties.EventPattern);
    expect(ours.pattern).toEqual(withoutSelf(singleRule.Properties.EventPattern).pattern);
    expect(ours.excluded).toEqual({ suffix: `:role/${MEMBER_ROLE_NAME}` });
    expect(rule.Properties.EventBusName).toEqual({ Ref: 'CentralEventBus' });
    const [target] = rule.Properties.Targets;
    expect(target.Arn).toEqual({ 'Fn::GetAtt': ['CentralChangeQueue', 'Arn'] });
    expect(target.DeadLetterConfig).toEqual({
      Arn: { 'Fn::GetAtt': ['CentralChangeDeadLetterQueue', 'Arn'] },
    });
    expect(target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 10 });
  });

  it('buffers in an encrypted queue that redrives to a dead-letter queue; only the rule may send', () => {
    const queue = (resources.CentralChangeQueue as Resource).Properties;
    expect(queue.SqsManagedSseEnabled).toBe(true);
    expect(queue.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': ['CentralChangeDeadLetterQueue', 'Arn'] },
      maxReceiveCount: 5,
    });
    const fn = (resources[ORG_FUNCTION] as Resource).Properties;
    // AWS's advice: the visibility timeout at least six times the function's timeout.
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * fn.Timeout);
    const [statement, ...others] = (resources.CentralChangeQueuePolicy as Resource).Properties.PolicyDocument
      .Statement;
    expect(others).toEqual([]);
    expect(statement.Principal).toEqual({ Service: 'events.amazonaws.com' });
    expect(statement.Condition).toEqual({
      ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['CentralChangeRule', 'Arn'] } },
    });
  });

  it('the function consumes the queue with partial batch failures, and reads the compiled accounts map', () => {
    const mapping = resources.OrganizationChangeEventSourceMappingSQSCentralChangeQueue as Resource;
    expect(mapping.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    // One record an invocation: one slow or throttled account cannot spend the others' time.
    expect(mapping.Properties.BatchSize).toBe(1);
    expect(mapping.Properties.EventSourceArn).toEqual({ 'Fn::GetAtt': ['CentralChangeQueue', 'Arn'] });
    const fn = resources[ORG_FUNCTION] as Resource;
    expect(fn.Properties.Handler).toBe('src/handlers/organization-change.handler');
    expect(fn.Properties.Environment.Variables).toMatchObject({
      ACCOUNTS_FILE: 'baselines/accounts.compiled.json',
      MEMBER_ROLE_NAME,
      AUTO_REVERT: 'enforce',
      ALERT_TOPIC_ARN: { Ref: 'AlertTopic' },
    });
    expect(fs.existsSync(path.join(REPO_ROOT, 'baselines/accounts.compiled.json'))).toBe(true);
  });

  it('alarms on the DLQ, function errors, the oldest message’s age, forged envelopes, unusable member roles and unmapped accounts', () => {
    const alarms = Object.values(resourcesOfType(resources, 'AWS::CloudWatch::Alarm'));
    const watched = alarms.map((alarm) => {
      const dimension = alarm.Properties.Dimensions[0].Value;
      return `${alarm.Properties.MetricName} ${JSON.stringify(dimension)}`;
    });
    expect(watched).toEqual(
      expect.arrayContaining([
        `ApproximateNumberOfMessagesVisible ${JSON.stringify({ 'Fn::GetAtt': ['CentralChangeDeadLetterQueue', 'QueueName'] })}`,
        `Errors ${JSON.stringify({ Ref: ORG_FUNCTION })}`,
        `ApproximateAgeOfOldestMessage ${JSON.stringify({ 'Fn::GetAtt': ['CentralChangeQueue', 'QueueName'] })}`,
        'ForeignEvents "production"',
        'MemberUnreachable "production"',
        'UnmappedEvents "production"',
      ]),
    );
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: 'AlertTopic' }]);
  });

  it('may assume only the member role, by name, only inside the organization; writes nothing itself', () => {
    const role = roleOfFunction(resources[ORG_FUNCTION] as Resource);
    const statements = grantedStatements(resources).filter((statement) => statement.role === role);
    const assume = statements.filter((statement) =>
      statement.actions.some((action) => action.startsWith('sts:')),
    );
    expect(assume).toHaveLength(1);
    expect(assume[0]?.actions).toEqual(['sts:AssumeRole']);
    expect(assume[0]?.resources).toEqual([
      { 'Fn::Sub': `arn:\${AWS::Partition}:iam::*:role/${MEMBER_ROLE_NAME}` },
    ]);
    expect(assume[0]?.condition).toEqual({ StringEquals: { 'aws:ResourceOrgID': ORGANIZATION_ID } });
    const actions = statements.flatMap((statement) => statement.actions);
    expect(actions.filter((action) => action.startsWith('ec2:'))).toEqual([]);
    expect(actions.sort()).toEqual(
      [
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'sqs:ReceiveMessage',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sts:AssumeRole',
        'sns:Publish',
        'kms:GenerateDataKey',
        'kms:Decrypt',
        'cloudwatch:PutMetricData',
      ].sort(),
    );
    // The single-account change role gains nothing.
    const singleRole = roleOfFunction(resources[CHANGE] as Resource);
    const singleActions = grantedStatements(resources)
      .filter((statement) => statement.role === singleRole)
      .flatMap((statement) => statement.actions);
    expect(singleActions.filter((action) => action.startsWith('sts:'))).toEqual([]);
  });

  it('outputs what the member stack’s parameters take: the bus (name, ARN) and the central role ARN', () => {
    const member = parseCfnYaml(
      fs.readFileSync(path.join(REPO_ROOT, 'deploy/member-stack.yml'), 'utf8'),
      'deploy/member-stack.yml',
    );
    expect(Object.keys(member.Parameters)).toEqual(
      expect.arrayContaining(['CentralEventBusName', 'CentralRoleArns', 'OrganizationId', 'MemberRoleName']),
    );
    const outputs = central.template.Outputs;
    const busName = `sg-drift-monitor-${ORGANIZATION_CENTRAL.stage}-central`;
    const roleName = (resources.OrganizationChangeRole as Resource).Properties.RoleName['Fn::Sub'];
    expect(outputs.CentralEventBusName.Value).toBe(busName);
    expect(outputs.CentralEventBusArn.Value).toEqual({
      'Fn::Sub': `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:event-bus/${busName}`,
    });
    expect(outputs.CentralChangeRoleArn.Value).toEqual({
      'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${roleName}`,
    });
    // A name IAM accepts (≤ 64) in the longest region, and that the member stack's pattern admits.
    const longest = roleName.replace('${AWS::Region}', 'ap-southeast-7');
    expect(longest.length).toBeLessThanOrEqual(64);
    expect(`arn:aws:iam::111111111111:role/${longest}`).toMatch(
      new RegExp(member.Parameters.CentralRoleArns.AllowedPattern),
    );
    // The bus's name fits the member parameter's pattern; the member role name is the default of both.
    expect((resources.CentralEventBus as Resource).Properties.Name).toBe(busName);
    expect(busName).toMatch(new RegExp(member.Parameters.CentralEventBusName.AllowedPattern));
    expect(member.Parameters.MemberRoleName.Default).toBe(MEMBER_ROLE_NAME);
    for (const output of ['CentralEventBusName', 'CentralEventBusArn', 'CentralChangeRoleArn']) {
      expect(asList(outputs[output].Condition)).toEqual(['IsOrganization']);
    }
  });
});

describe('deploy: the central change function’s bundle', () => {
  it('carries neither yaml nor zod: it reads the compiled baseline and accounts map', () => {
    const esbuild = require('esbuild') as typeof import('esbuild');
    const result = esbuild.buildSync({
      entryPoints: [path.join(REPO_ROOT, 'src/handlers/organization-change.ts')],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'cjs',
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile?.inputs ?? {});
    expect(inputs.some((input) => input.includes('src/handlers/organization-change.ts'))).toBe(true);
    expect(inputs.filter((input) => /node_modules\/(yaml|zod)\//.test(input))).toEqual([]);
  });
});
