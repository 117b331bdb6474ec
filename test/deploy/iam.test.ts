import { effectiveResources, type Json, type Resource, resourcesOfType } from './cfn';
import {
  ALL_COMBINATIONS,
  DEV_BARE,
  PRODUCTION_DEFAULT,
  SLACK_PARAMETER,
  STAGING_ENFORCE_SLACK,
} from './combinations';
import {
  type AdapterActions,
  declaredAdapterActions,
  type GrantedStatement,
  grantedStatements,
  roleOfFunction,
} from './iam';
import { PACKAGE_TIMEOUT_MS, type PackagedStack, packageStack } from './package-stack';

const CHANGE = 'SecurityGroupChangeLambdaFunction';
const AUDIT = 'DailyAuditLambdaFunction';
const SLACK = 'SlackNotifierLambdaFunction';
const NAMESPACE = 'SecurityGroupDrift';

/**
 * The only actions AWS grants on nothing narrower than `*`: EC2 Describe calls and PutMetricData
 * (the latter narrowed by its namespace condition, checked below).
 */
const STAR_RESOURCE_ACTIONS = new Set([
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSecurityGroupRules',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeRouteTables',
  'cloudwatch:PutMetricData',
]);
const REVERT_ACTIONS = [
  'ec2:AuthorizeSecurityGroupEgress',
  'ec2:AuthorizeSecurityGroupIngress',
  'ec2:RevokeSecurityGroupEgress',
  'ec2:RevokeSecurityGroupIngress',
];
const REVERT_RESOURCE = 'arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:security-group/*';

/**
 * Which adapter modules each function uses. `revert` modules are granted only when auto-revert is
 * on. An adapter that appears in src/aws but not here fails the test: map it before deploying it.
 */
const ADAPTER_USERS: Record<string, { functions: string[]; revert?: boolean; noAwsCalls?: boolean }> = {
  'ec2-reader': { functions: [CHANGE, AUDIT] },
  'ec2-writer': { functions: [CHANGE], revert: true },
  sns: { functions: [CHANGE, AUDIT] },
  cloudwatch: { functions: [CHANGE, AUDIT] },
  ssm: { functions: [SLACK] },
  // Posts to Slack over HTTPS: an adapter, but no AWS API, so it declares no IAM action.
  'slack-webhook': { functions: [SLACK], noAwsCalls: true },
  // Reads the execution role's credentials from the environment: no AWS API either.
  'lambda-credentials': { functions: [CHANGE, AUDIT, SLACK], noAwsCalls: true },
  // Client timeouts and the NextToken walker: helpers of the adapters above, no AWS API of their own.
  'http-timeouts': { functions: [CHANGE, AUDIT, SLACK], noAwsCalls: true },
  pages: { functions: [CHANGE, AUDIT], noAwsCalls: true },
  // The DescribeSecurityGroups answer reader of ec2-reader: parses XML, calls nothing.
  'security-groups-xml': { functions: [CHANGE, AUDIT], noAwsCalls: true },
  'body-buffer': { functions: [CHANGE, AUDIT], noAwsCalls: true },
  'permission-layout': { functions: [CHANGE, AUDIT], noAwsCalls: true },
  // Organization mode: used by `sgdrift audit --accounts` only so far; no single-account function.
  'cross-account': { functions: [] },
  'credential-cache': { functions: [], noAwsCalls: true },
  // The organization audit's (central stack only): test/deploy/central-audit.test.ts checks their grants.
  organizations: { functions: [] },
  's3-results': { functions: [] },
};

/**
 * Actions no adapter calls but the platform needs, and why: Lambda writing its own logs, async
 * invocations failing into the function's DLQ, publishing to the KMS-encrypted topic, reading a
 * SecureString.
 */
const PLATFORM_ACTIONS: Record<string, string[]> = {
  [CHANGE]: [
    'logs:CreateLogStream',
    'logs:PutLogEvents',
    'sqs:SendMessage',
    'kms:GenerateDataKey',
    'kms:Decrypt',
  ],
  [AUDIT]: [
    'logs:CreateLogStream',
    'logs:PutLogEvents',
    'sqs:SendMessage',
    'kms:GenerateDataKey',
    'kms:Decrypt',
  ],
  [SLACK]: ['logs:CreateLogStream', 'logs:PutLogEvents', 'sqs:SendMessage', 'kms:Decrypt'],
};

const stacks = new Map<string, PackagedStack>();
let adapters: AdapterActions[] = [];

beforeAll(() => {
  for (const combination of ALL_COMBINATIONS) stacks.set(combination.id, packageStack(combination));
  adapters = declaredAdapterActions();
}, PACKAGE_TIMEOUT_MS);

const resourcesOf = (id: string): Record<string, Resource> => effectiveResources(stacks.get(id)?.template);

function statementsOfFunction(resources: Record<string, Resource>, fn: string): GrantedStatement[] {
  const role = roleOfFunction(resources[fn] as Resource);
  return grantedStatements(resources).filter((statement) => statement.role === role);
}

function grantedActions(statements: GrantedStatement[]): string[] {
  return [...new Set(statements.flatMap((s) => s.actions))].sort();
}

function expectedActions(fn: string, autoRevert: boolean): string[] {
  const fromAdapters = adapters.flatMap(({ module, actions }) => {
    const users = ADAPTER_USERS[module];
    if (!users?.functions.includes(fn) || (users.revert && !autoRevert)) return [];
    return actions;
  });
  return [...new Set([...fromAdapters, ...(PLATFORM_ACTIONS[fn] ?? [])])].sort();
}

describe('deploy: IAM walker', () => {
  it.each(ALL_COMBINATIONS.map((c) => c.id))(
    '%s: no wildcard action, no "*" resource beyond the AWS-required ones',
    (id) => {
      const statements = grantedStatements(resourcesOf(id));
      expect(statements.length).toBeGreaterThan(0);
      for (const statement of statements) {
        const where = `${statement.source}/${statement.sid}`;
        expect({ where, effect: statement.effect }).toEqual({ where, effect: 'Allow' });
        expect({ where, keys: Object.keys(statement.raw).filter((k) => k.startsWith('Not')) }).toEqual({
          where,
          keys: [],
        });
        expect({ where, wildcards: statement.actions.filter((a) => a.includes('*')) }).toEqual({
          where,
          wildcards: [],
        });
        if (statement.resources.includes('*')) {
          expect({ where, actions: statement.actions.filter((a) => !STAR_RESOURCE_ACTIONS.has(a)) }).toEqual({
            where,
            actions: [],
          });
          expect({ where, resources: statement.resources }).toEqual({ where, resources: ['*'] });
        }
        if (statement.actions.includes('cloudwatch:PutMetricData')) {
          expect(statement.actions).toEqual(['cloudwatch:PutMetricData']);
          expect(statement.condition).toEqual({ StringEquals: { 'cloudwatch:namespace': NAMESPACE } });
        }
      }
    },
  );

  it.each(ALL_COMBINATIONS.map((c) => c.id))('%s: resource policies grant services, never everyone', (id) => {
    const resources = resourcesOf(id);
    const documents: [string, Json][] = [];
    for (const [name, r] of Object.entries(resources)) {
      const document = r.Properties?.PolicyDocument ?? r.Properties?.KeyPolicy;
      if (document && !r.Type.startsWith('AWS::IAM::')) documents.push([name, document]);
    }
    for (const [name, document] of documents) {
      for (const statement of document.Statement) {
        if (statement.Effect === 'Deny') continue;
        expect({ name, principal: statement.Principal }).not.toEqual({ name, principal: '*' });
        expect({ name, principal: statement.Principal?.AWS }).not.toEqual({ name, principal: '*' });
        // The one documented `*` action: the key policy's standard account-administers-key statement.
        if (statement.Sid !== 'AccountAdministersKeyThroughIam') {
          expect({ name, action: [statement.Action].flat().filter((a: string) => a.includes('*')) }).toEqual({
            name,
            action: [],
          });
        }
      }
    }
  });

  it('every adapter in src/aws declares its IAM actions and is mapped to the functions that use it', () => {
    expect(adapters.length).toBeGreaterThan(0);
    for (const { module, actions } of adapters) {
      expect({ module, mapped: module in ADAPTER_USERS }).toEqual({ module, mapped: true });
      const expectsActions = !ADAPTER_USERS[module]?.noAwsCalls;
      expect({ module, declares: actions.length > 0 }).toEqual({ module, declares: expectsActions });
    }
    for (const service of ['ec2:Describe', 'ec2:Revoke', 'sns:', 'cloudwatch:', 'ssm:']) {
      const declared = adapters.some(({ actions }) => actions.some((a) => a.startsWith(service)));
      expect({ service, declared }).toEqual({ service, declared: true });
    }
  });

  it.each([
    [PRODUCTION_DEFAULT.id, [CHANGE, AUDIT], false],
    [STAGING_ENFORCE_SLACK.id, [CHANGE, AUDIT, SLACK], true],
    [DEV_BARE.id, [CHANGE, AUDIT], false],
  ] as const)(
    '%s: each function is granted exactly what its adapters declare',
    (id, functions, autoRevert) => {
      const resources = resourcesOf(id);
      expect(Object.keys(resourcesOfType(resources, 'AWS::Lambda::Function')).sort()).toEqual(
        [...functions].sort(),
      );
      for (const fn of functions) {
        const granted = grantedActions(statementsOfFunction(resources, fn));
        expect({ fn, granted }).toEqual({ fn, granted: expectedActions(fn, autoRevert) });
      }
    },
  );
});

describe('deploy: IAM scoping', () => {
  it('revoke/authorize exist only when auto-revert is on, on tagged security groups of this account', () => {
    for (const id of [PRODUCTION_DEFAULT.id, DEV_BARE.id]) {
      const granted = grantedActions(statementsOfFunction(resourcesOf(id), CHANGE));
      expect(granted.filter((a) => REVERT_ACTIONS.includes(a))).toEqual([]);
    }
    const revert = statementsOfFunction(resourcesOf(STAGING_ENFORCE_SLACK.id), CHANGE).filter((s) =>
      s.actions.some((a) => REVERT_ACTIONS.includes(a)),
    );
    expect(revert).toHaveLength(1);
    expect([...(revert[0]?.actions ?? [])].sort()).toEqual(REVERT_ACTIONS);
    expect(revert[0]?.resources).toEqual([{ 'Fn::Sub': REVERT_RESOURCE }]);
    expect(revert[0]?.condition).toEqual({
      StringEqualsIgnoreCase: { 'aws:ResourceTag/ManagedBy': 'terraform' },
    });
    expect(
      stacks.get(STAGING_ENFORCE_SLACK.id)?.template.Resources[revert[0]?.source as string].Condition,
    ).toBe('AutoRevertEnabled');
  });

  it('sns:Publish only on the alert topic, KMS only through SNS on the topic key', () => {
    const resources = resourcesOf(PRODUCTION_DEFAULT.id);
    for (const fn of [CHANGE, AUDIT]) {
      const statements = statementsOfFunction(resources, fn);
      const publish = statements.filter((s) => s.actions.includes('sns:Publish'));
      expect(publish.map((s) => s.resources)).toEqual([[{ Ref: 'AlertTopic' }]]);
      const kms = statements.filter((s) => s.actions.some((a) => a.startsWith('kms:')));
      expect(kms.map((s) => s.resources)).toEqual([[{ 'Fn::GetAtt': ['AlertTopicKey', 'Arn'] }]]);
      expect(kms[0]?.condition).toEqual({
        StringEquals: { 'kms:ViaService': { 'Fn::Sub': 'sns.${AWS::Region}.amazonaws.com' } },
      });
    }
  });

  it('the Slack notifier reads the one parameter and decrypts only it, through SSM', () => {
    const statements = statementsOfFunction(resourcesOf(STAGING_ENFORCE_SLACK.id), SLACK);
    const parameterArn = `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter${SLACK_PARAMETER}`;
    const read = statements.find((s) => s.actions.includes('ssm:GetParameter'));
    expect(read?.actions).toEqual(['ssm:GetParameter']);
    expect(read?.resources).toEqual([{ 'Fn::Sub': parameterArn }]);
    const decrypt = statements.find((s) => s.actions.includes('kms:Decrypt'));
    expect(decrypt?.condition).toEqual({
      StringEquals: {
        'kms:ViaService': { 'Fn::Sub': 'ssm.${AWS::Region}.amazonaws.com' },
        'kms:EncryptionContext:PARAMETER_ARN': { 'Fn::Sub': parameterArn },
      },
    });
  });

  it.each([CHANGE, AUDIT])('%s: logs only to its own log group, dead-letters only to its own queue', (fn) => {
    const resources = resourcesOf(PRODUCTION_DEFAULT.id);
    const statements = statementsOfFunction(resources, fn);
    const logs = statements.find((s) => s.actions.includes('logs:PutLogEvents'));
    const name = (resources[fn] as Resource).Properties.FunctionName;
    expect(logs?.resources).toEqual([
      {
        'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${name}:*`,
      },
    ]);
    const sqs = statements.find((s) => s.actions.includes('sqs:SendMessage'));
    const destination = Object.values(resourcesOfType(resources, 'AWS::Lambda::EventInvokeConfig')).find(
      (c) => c.Properties.FunctionName.Ref === fn,
    );
    expect(sqs?.resources).toEqual([destination?.Properties.DestinationConfig.OnFailure.Destination]);
  });
});
