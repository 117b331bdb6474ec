import { ChangeMetric } from '../../src/app/evaluate-change';
import { SECURITY_GROUP_EVENT_NAMES } from '../../src/events/parse';
import {
  effectiveResources,
  evaluateCondition,
  type Json,
  type Resource,
  referencedIds,
  resourcesOfType,
} from './cfn';
import {
  ALERT_EMAIL,
  ALL_COMBINATIONS,
  DEV_BARE,
  PRODUCTION_DEFAULT,
  STAGING_ENFORCE_SLACK,
} from './combinations';
import { roleOfFunction } from './iam';
import { PACKAGE_TIMEOUT_MS, type PackagedStack, packageStack } from './package-stack';

const CHANGE_EVENT_NAMES = [
  'AuthorizeSecurityGroupIngress',
  'AuthorizeSecurityGroupEgress',
  'RevokeSecurityGroupIngress',
  'RevokeSecurityGroupEgress',
  'ModifySecurityGroupRules',
  'CreateSecurityGroup',
  'DeleteSecurityGroup',
  'UpdateSecurityGroupRuleDescriptionsIngress',
  'UpdateSecurityGroupRuleDescriptionsEgress',
  // The calls that attach groups to interfaces and instances.
  'ModifyNetworkInterfaceAttribute',
  'ModifyInstanceAttribute',
  'CreateNetworkInterface',
  'RunInstances',
  'AttachNetworkInterface',
];
const DAILY_AT_SIX = 'cron(0 6 * * ? *)';
const NAMESPACE = 'SecurityGroupDrift';
const LOG_RETENTION_DAYS = 90;
const AUDIT_MAX_AGE_SECONDS = 26 * 3600;
const TOPIC = { Ref: 'AlertTopic' };

const CHANGE = 'SecurityGroupChangeLambdaFunction';
const AUDIT = 'DailyAuditLambdaFunction';
const SLACK = 'SlackNotifierLambdaFunction';

/** Memory, timeout and concurrency as docs/deploy.md writes them down. */
const SIZING: Record<string, { memory: number; timeout: number; reserved?: number }> = {
  [CHANGE]: { memory: 512, timeout: 10, reserved: 10 },
  [AUDIT]: { memory: 512, timeout: 300, reserved: 1 },
  [SLACK]: { memory: 256, timeout: 20 },
};
const DEAD_LETTER_QUEUE: Record<string, string> = {
  [CHANGE]: 'SecurityGroupChangeDeadLetterQueue',
  [AUDIT]: 'DailyAuditDeadLetterQueue',
  [SLACK]: 'SlackNotifierDeadLetterQueue',
};
const COMMON_ENV = ['ENVIRONMENT', 'BASELINE_FILE', 'METRICS_NAMESPACE', 'LOG_LEVEL'];
const FUNCTION_ENV: Record<string, string[]> = {
  [CHANGE]: [
    'ALERT_TOPIC_ARN',
    'SELF_ROLE_ARN',
    'ACCOUNT_ID',
    'NOTIFY_COMPLIANT_CHANGES',
    'AUTO_REVERT',
    'ALLOWED_PRINCIPALS',
    'MAX_REVERT_RULES',
    'RESTORE_MISSING',
  ],
  [AUDIT]: ['ALERT_TOPIC_ARN'],
  [SLACK]: ['SLACK_WEBHOOK_PARAMETER'],
};

const stacks = new Map<string, PackagedStack>();
const resourcesOf = (id: string): Record<string, Resource> => effectiveResources(stacks.get(id)?.template);

beforeAll(() => {
  for (const combination of ALL_COMBINATIONS) stacks.set(combination.id, packageStack(combination));
}, PACKAGE_TIMEOUT_MS);

/** A stage param arrives as a string ("10"), which CloudFormation reads as the integer. */
function reservedConcurrency(fn: Resource): number | undefined {
  const value = fn.Properties.ReservedConcurrentExecutions;
  return value === undefined ? undefined : Number(value);
}

function rules(resources: Record<string, Resource>): Resource[] {
  return Object.values(resourcesOfType(resources, 'AWS::Events::Rule'));
}

function ruleTargeting(resources: Record<string, Resource>, fn: string): Resource {
  const rule = rules(resources).find((candidate) =>
    candidate.Properties.Targets.some((target: Json) => target.Arn?.['Fn::GetAtt']?.[0] === fn),
  );
  if (!rule) throw new Error(`No EventBridge rule targets ${fn}`);
  return rule;
}

function alarmsOf(resources: Record<string, Resource>): Resource[] {
  return Object.values(resourcesOfType(resources, 'AWS::CloudWatch::Alarm'));
}

function dimensions(alarm: Resource): Record<string, Json> {
  return Object.fromEntries(alarm.Properties.Dimensions.map((d: Json) => [d.Name, d.Value]));
}

describe('deploy: functions', () => {
  it.each(ALL_COMBINATIONS.map((c) => c.id))('%s: runtime, architecture, sizing and environment', (id) => {
    const resources = resourcesOf(id);
    const functions = resourcesOfType(resources, 'AWS::Lambda::Function');
    expect(Object.keys(functions).length).toBeGreaterThanOrEqual(2);
    for (const [name, fn] of Object.entries(functions)) {
      const sizing = SIZING[name];
      expect(sizing).toBeDefined();
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.MemorySize).toBe(sizing?.memory);
      expect(fn.Properties.Timeout).toBe(sizing?.timeout);
      // dev-bare turns reserved concurrency off (its own test below).
      if (id !== DEV_BARE.id) expect(reservedConcurrency(fn)).toBe(sizing?.reserved);
      const env = fn.Properties.Environment.Variables;
      expect(Object.keys(env).sort()).toEqual([...COMMON_ENV, ...(FUNCTION_ENV[name] ?? [])].sort());
      expect(env.BASELINE_FILE).toBe('baselines/thebot.compiled.json');
      expect(env.METRICS_NAMESPACE).toBe(NAMESPACE);
    }
  });

  it('the documented production deploy has the change and audit functions, no Slack', () => {
    const functions = resourcesOfType(resourcesOf(PRODUCTION_DEFAULT.id), 'AWS::Lambda::Function');
    expect(Object.keys(functions).sort()).toEqual([AUDIT, CHANGE]);
    const change = functions[CHANGE] as Resource;
    expect(change.Properties.Handler).toBe('src/handlers/security-group-change.handler');
    expect(change.Properties.Environment.Variables).toMatchObject({
      ENVIRONMENT: 'production',
      ALERT_TOPIC_ARN: TOPIC,
      AUTO_REVERT: 'off',
      ALLOWED_PRINCIPALS: '',
    });
    expect((functions[AUDIT] as Resource).Properties.Handler).toBe('src/handlers/daily-audit.handler');
  });

  it('reserved concurrency is a stage param: 10 + 1 by default, unset when off (or 0)', () => {
    const reserved = (id: string) =>
      Object.fromEntries(
        Object.entries(resourcesOfType(resourcesOf(id), 'AWS::Lambda::Function')).map(([name, fn]) => [
          name,
          reservedConcurrency(fn),
        ]),
      );
    expect(reserved(PRODUCTION_DEFAULT.id)).toEqual({ [CHANGE]: 10, [AUDIT]: 1 });
    expect(DEV_BARE.params).toEqual({ changeConcurrency: 'off', auditConcurrency: '0' });
    const bare = reserved(DEV_BARE.id);
    expect(Object.keys(bare).sort()).toEqual([AUDIT, CHANGE]);
    expect(Object.values(bare)).toEqual([undefined, undefined]);
  });

  it('SELF_ROLE_ARN is the role the change function runs as', () => {
    const change = resourcesOf(PRODUCTION_DEFAULT.id)[CHANGE] as Resource;
    expect(change.Properties.Environment.Variables.SELF_ROLE_ARN).toEqual({
      'Fn::GetAtt': [roleOfFunction(change), 'Arn'],
    });
  });

  it('ACCOUNT_ID is the account the stack is deployed in', () => {
    const change = resourcesOf(PRODUCTION_DEFAULT.id)[CHANGE] as Resource;
    expect(change.Properties.Environment.Variables.ACCOUNT_ID).toEqual({ Ref: 'AWS::AccountId' });
  });

  it('staging with Slack adds the Slack notifier, reading the one parameter', () => {
    const resources = resourcesOf(STAGING_ENFORCE_SLACK.id);
    const slack = resources[SLACK] as Resource;
    expect(slack.Properties.Handler).toBe('src/handlers/slack-notifier.handler');
    expect(slack.Properties.Environment.Variables.SLACK_WEBHOOK_PARAMETER).toBe(
      '/sgdrift/staging/slack-webhook',
    );
    expect((resources[CHANGE] as Resource).Properties.Environment.Variables).toMatchObject({
      ENVIRONMENT: 'staging',
      AUTO_REVERT: 'enforce',
      ALLOWED_PRINCIPALS: 'arn:aws:iam::*:role/terraform-ci',
    });
  });

  it('every function runs as its own role', () => {
    const functions = Object.values(
      resourcesOfType(resourcesOf(STAGING_ENFORCE_SLACK.id), 'AWS::Lambda::Function'),
    );
    const roles = functions.map(roleOfFunction);
    expect(new Set(roles).size).toBe(functions.length);
  });
});

describe('deploy: events', () => {
  it('the change rule matches the nine CloudTrail security-group calls, except the monitor’s own', () => {
    const resources = resourcesOf(PRODUCTION_DEFAULT.id);
    const rule = ruleTargeting(resources, CHANGE);
    const pattern = rule.Properties.EventPattern;
    expect(pattern.source).toEqual(['aws.ec2']);
    expect(pattern['detail-type']).toEqual(['AWS API Call via CloudTrail']);
    expect(pattern.detail.eventSource).toEqual(['ec2.amazonaws.com']);
    expect([...pattern.detail.eventName].sort()).toEqual([...CHANGE_EVENT_NAMES].sort());
    // Every name the parser's table reads, and no other: the rule delivers what the handler parses.
    expect([...pattern.detail.eventName].sort()).toEqual([...SECURITY_GROUP_EVENT_NAMES].sort());
    // exists:false keeps IAM-user and root calls, which have no session issuer.
    expect(pattern.detail.userIdentity.sessionContext.sessionIssuer.arn).toEqual([
      { 'anything-but': [{ 'Fn::GetAtt': [roleOfFunction(resources[CHANGE] as Resource), 'Arn'] }] },
      { exists: false },
    ]);
    expect(rule.Properties.State).toBe('ENABLED');
  });

  it.each([CHANGE, AUDIT])('%s: the rule target retries and dead-letters explicitly', (fn) => {
    const target = ruleTargeting(resourcesOf(PRODUCTION_DEFAULT.id), fn).Properties.Targets[0];
    expect(target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 10 });
    expect(target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [DEAD_LETTER_QUEUE[fn], 'Arn'] } });
  });

  it('the daily audit runs on the schedule param, default 06:00 UTC', () => {
    const rule = ruleTargeting(resourcesOf(PRODUCTION_DEFAULT.id), AUDIT);
    expect(rule.Properties.ScheduleExpression).toBe(DAILY_AT_SIX);
    expect(rule.Properties.EventPattern).toBeUndefined();
  });

  it('EventBridge may write only its own rules’ failures to the dead-letter queues', () => {
    const resources = resourcesOf(PRODUCTION_DEFAULT.id);
    const policy = resourcesOfType(resources, 'AWS::SQS::QueuePolicy')
      .EventRuleDeadLetterQueuePolicy as Resource;
    const statements = policy.Properties.PolicyDocument.Statement;
    for (const rule of rules(resources)) {
      const queue = rule.Properties.Targets[0].DeadLetterConfig.Arn;
      const statement = statements.find((s: Json) => JSON.stringify(s.Resource) === JSON.stringify(queue));
      expect(statement.Principal).toEqual({ Service: 'events.amazonaws.com' });
      expect(statement.Action).toBe('sqs:SendMessage');
      expect(statement.Condition.ArnEquals['aws:SourceArn']['Fn::Sub']).toMatch(
        new RegExp(`:rule/${rule.Properties.Name}$`),
      );
    }
  });
});

describe('deploy: alert topic and subscriptions', () => {
  it('the topic is encrypted with a rotated customer managed key CloudWatch alarms may use', () => {
    const resources = resourcesOf(PRODUCTION_DEFAULT.id);
    const topic = resources.AlertTopic as Resource;
    expect(topic.Type).toBe('AWS::SNS::Topic');
    const keyId = topic.Properties.KmsMasterKeyId.Ref;
    const key = resources[keyId] as Resource;
    expect(key.Type).toBe('AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    const cloudwatch = key.Properties.KeyPolicy.Statement.find(
      (s: Json) => s.Principal?.Service === 'cloudwatch.amazonaws.com',
    );
    expect(cloudwatch.Action).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
  });

  it('production emails CRITICAL and HIGH alerts, and every alarm (no severity attribute)', () => {
    const subscriptions = Object.values(
      resourcesOfType(resourcesOf(PRODUCTION_DEFAULT.id), 'AWS::SNS::Subscription'),
    );
    expect(subscriptions).toHaveLength(1);
    expect(subscriptions[0]?.Properties).toEqual({
      TopicArn: TOPIC,
      Protocol: 'email',
      Endpoint: ALERT_EMAIL,
      FilterPolicyScope: 'MessageAttributes',
      FilterPolicy: {
        $or: [{ severity: ['CRITICAL', 'HIGH'] }, { severity: [{ exists: false }] }, { kind: ['audit'] }],
      },
    });
  });

  it('staging emails every alert and forwards every message to Slack', () => {
    const subscriptions = Object.values(
      resourcesOfType(resourcesOf(STAGING_ENFORCE_SLACK.id), 'AWS::SNS::Subscription'),
    );
    const email = subscriptions.find((s) => s.Properties.Protocol === 'email');
    const slack = subscriptions.find((s) => s.Properties.Protocol === 'lambda');
    expect(email?.Properties.FilterPolicy).toBeUndefined();
    expect(slack?.Properties).toEqual({
      TopicArn: TOPIC,
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [SLACK, 'Arn'] },
    });
  });

  it('without alertEmail and Slack there is no subscription at all', () => {
    expect(resourcesOfType(resourcesOf(DEV_BARE.id), 'AWS::SNS::Subscription')).toEqual({});
  });
});

describe('deploy: failure handling', () => {
  it.each(ALL_COMBINATIONS.map((c) => c.id))(
    '%s: every async function retries explicitly into its own encrypted DLQ',
    (id) => {
      const resources = resourcesOf(id);
      const configs = Object.values(resourcesOfType(resources, 'AWS::Lambda::EventInvokeConfig'));
      const functions = Object.keys(resourcesOfType(resources, 'AWS::Lambda::Function'));
      expect(configs.map((c) => c.Properties.FunctionName.Ref).sort()).toEqual(functions.sort());
      for (const config of configs) {
        const fn = config.Properties.FunctionName.Ref as string;
        const queue = DEAD_LETTER_QUEUE[fn] as string;
        expect(config.Properties.MaximumRetryAttempts).toEqual(expect.any(Number));
        expect(config.Properties.MaximumEventAgeInSeconds).toBe(3600);
        expect(config.Properties.DestinationConfig.OnFailure.Destination).toEqual({
          'Fn::GetAtt': [queue, 'Arn'],
        });
        expect((resources[queue] as Resource).Properties.SqsManagedSseEnabled).toBe(true);
      }
    },
  );
});

describe('deploy: alarms', () => {
  it.each(ALL_COMBINATIONS.map((c) => c.id))('%s: every alarm notifies the alert topic', (id) => {
    const alarms = alarmsOf(resourcesOf(id));
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([TOPIC]);
  });

  it('any CRITICAL drift alarms at once', () => {
    const alarm = alarmsOf(resourcesOf(PRODUCTION_DEFAULT.id)).find(
      (a) => a.Properties.MetricName === 'DriftDetected',
    );
    expect(alarm?.Properties).toMatchObject({
      Namespace: NAMESPACE,
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(dimensions(alarm as Resource)).toEqual({ Environment: 'production', Severity: 'CRITICAL' });
  });

  it('a daily audit that is not compliant alarms until the next audit reports', () => {
    const alarm = alarmsOf(resourcesOf(PRODUCTION_DEFAULT.id)).find(
      (a) => a.Properties.MetricName === 'ComplianceStatus',
    );
    expect(alarm?.Properties).toMatchObject({
      Namespace: NAMESPACE,
      Statistic: 'Minimum',
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'ignore',
    });
    expect(dimensions(alarm as Resource)).toEqual({ Environment: 'production' });
  });

  it('no audit for 26 hours alarms, missing data counting as breaching', () => {
    const alarm = alarmsOf(resourcesOf(PRODUCTION_DEFAULT.id)).find(
      (a) => a.Properties.MetricName === 'SecurityGroupsScanned',
    ) as Resource;
    const { Period, EvaluationPeriods, DatapointsToAlarm } = alarm.Properties;
    expect(alarm.Properties).toMatchObject({
      Namespace: NAMESPACE,
      TreatMissingData: 'breaching',
      Threshold: 1,
    });
    expect(Period * EvaluationPeriods).toBe(AUDIT_MAX_AGE_SECONDS);
    expect(DatapointsToAlarm).toBe(EvaluationPeriods);
    expect(dimensions(alarm)).toEqual({ Environment: 'production' });
  });

  it.each([PRODUCTION_DEFAULT.id, STAGING_ENFORCE_SLACK.id])('%s: errors of every function alarm', (id) => {
    const resources = resourcesOf(id);
    const errorAlarms = alarmsOf(resources).filter((a) => a.Properties.MetricName === 'Errors');
    const watched = errorAlarms.map((a) => dimensions(a).FunctionName.Ref).sort();
    expect(watched).toEqual(Object.keys(resourcesOfType(resources, 'AWS::Lambda::Function')).sort());
    for (const alarm of errorAlarms) expect(alarm.Properties.Namespace).toBe('AWS/Lambda');
  });

  it.each([PRODUCTION_DEFAULT.id, STAGING_ENFORCE_SLACK.id])('%s: a message in any DLQ alarms', (id) => {
    const resources = resourcesOf(id);
    const dlqAlarms = alarmsOf(resources).filter(
      (a) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible',
    );
    const watched = dlqAlarms.map((a) => dimensions(a).QueueName['Fn::GetAtt'][0]).sort();
    expect(watched).toEqual(Object.keys(resourcesOfType(resources, 'AWS::SQS::Queue')).sort());
    for (const alarm of dlqAlarms) {
      expect(alarm.Properties).toMatchObject({
        Namespace: 'AWS/SQS',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    }
  });

  it.each([
    [PRODUCTION_DEFAULT.id, 0],
    [STAGING_ENFORCE_SLACK.id, 1],
  ])('%s: a misconfigured Slack webhook (not retried, only counted) alarms', (id, expected) => {
    const alarms = alarmsOf(resourcesOf(id)).filter(
      (a) => a.Properties.MetricName === 'SlackWebhookMisconfigured',
    );
    expect(alarms).toHaveLength(expected);
    for (const alarm of alarms) {
      expect(alarm.Properties).toMatchObject({ Namespace: NAMESPACE, Threshold: 0, Statistic: 'Sum' });
      expect(dimensions(alarm)).toEqual({ Environment: 'staging' });
    }
  });
});

describe('deploy: observability', () => {
  it.each(ALL_COMBINATIONS.map((c) => c.id))(
    '%s: every function logs to its own group, kept 90 days',
    (id) => {
      const resources = resourcesOf(id);
      const groups = Object.values(resourcesOfType(resources, 'AWS::Logs::LogGroup'));
      const functions = Object.values(resourcesOfType(resources, 'AWS::Lambda::Function'));
      expect(groups.map((g) => g.Properties.LogGroupName).sort()).toEqual(
        functions.map((fn) => `/aws/lambda/${fn.Properties.FunctionName}`).sort(),
      );
      for (const group of groups) expect(group.Properties.RetentionInDays).toBe(LOG_RETENTION_DAYS);
    },
  );

  it('the dashboard charts drift by severity, compliance, reverts, detection lag, errors and durations', () => {
    const dashboard = resourcesOf(PRODUCTION_DEFAULT.id).Dashboard as Resource;
    const body = JSON.parse(
      dashboard.Properties.DashboardBody['Fn::Sub'].replaceAll('${AWS::Region}', 'eu-west-1'),
    );
    const metricNames = new Set(
      body.widgets.flatMap((w: Json) =>
        w.properties.metrics.flatMap((m: Json[]) => m.filter((x) => typeof x === 'string')),
      ),
    );
    for (const name of ['CRITICAL', 'ComplianceStatus', 'Errors', 'Duration']) {
      expect(metricNames).toContain(name);
    }
    // Every metric the change function emits has its graph (EvaluationMs aside: a timing for benchmarks).
    for (const name of Object.values(ChangeMetric).filter((metric) => metric !== 'EvaluationMs')) {
      expect(metricNames).toContain(name);
    }
  });
});

describe('deploy: conditions and references', () => {
  it.each([
    [
      PRODUCTION_DEFAULT.id,
      {
        AutoRevertEnabled: false,
        HasAlertEmail: true,
        HasEmailSeverityFilter: true,
        HasSlackWebhook: false,
        CreateTrail: false,
      },
    ],
    [
      STAGING_ENFORCE_SLACK.id,
      {
        AutoRevertEnabled: true,
        HasAlertEmail: true,
        HasEmailSeverityFilter: false,
        HasSlackWebhook: true,
        CreateTrail: true,
      },
    ],
    [
      DEV_BARE.id,
      {
        AutoRevertEnabled: false,
        HasAlertEmail: false,
        HasEmailSeverityFilter: false,
        HasSlackWebhook: false,
        CreateTrail: false,
      },
    ],
  ])('%s: conditions follow the stage params', (id, expected) => {
    const template = stacks.get(id)?.template;
    const actual = Object.fromEntries(
      Object.keys(expected).map((name) => [name, evaluateCondition(template, name)]),
    );
    expect(actual).toEqual(expected);
  });

  it.each(ALL_COMBINATIONS.map((c) => c.id))(
    '%s: every Ref, GetAtt, Sub and DependsOn names a resource that is deployed',
    (id) => {
      const resources = resourcesOf(id);
      const outputs = stacks.get(id)?.template.Outputs;
      const checked: Record<string, Resource> = {
        ...resources,
        Outputs: { Type: 'Outputs', Properties: outputs },
      };
      for (const [name, resource] of Object.entries(checked)) {
        const dangling = [...referencedIds(resource), ...[resource.DependsOn ?? []].flat()].filter(
          (ref) => !(ref in resources),
        );
        expect({ name, dangling }).toEqual({ name, dangling: [] });
      }
    },
  );

  it('createTrail adds a multi-region management-event trail writing to a private bucket', () => {
    const trail = Object.values(
      resourcesOfType(resourcesOf(STAGING_ENFORCE_SLACK.id), 'AWS::CloudTrail::Trail'),
    )[0];
    expect(trail?.Properties).toMatchObject({
      IsLogging: true,
      IsMultiRegionTrail: true,
      EnableLogFileValidation: true,
    });
    expect(trail?.Properties.EventSelectors).toEqual([
      { ReadWriteType: 'All', IncludeManagementEvents: true },
    ]);
    expect(resourcesOfType(resourcesOf(PRODUCTION_DEFAULT.id), 'AWS::CloudTrail::Trail')).toEqual({});
  });
});
