import 'aws-sdk-client-mock-jest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { createSecretReader } from '../../src/aws/ssm';
import { ConfigError, PublishError } from '../../src/errors';
import { createLogger } from '../../src/logger';
import { snsMessageBody } from '../../src/notify/sns-message';

const PARAMETER = '/sgdrift/production/slack-webhook';
const WEBHOOK_PATH = '/services/T000/B000/secret-token';
const INJECTION = 'opened for a demo <!channel>';
const TOKEN = /secret-token|T000|B000/;
// allowLoopbackHttp: the Slack stand-in below is http://127.0.0.1, which production never admits.
const FAST = { sleep: async () => {}, maxAttempts: 3, allowLoopbackHttp: true };

Object.assign(process.env, {
  ENVIRONMENT: 'production',
  SLACK_WEBHOOK_PARAMETER: PARAMETER,
  LOG_LEVEL: 'error',
});
const { createSlackNotifierHandler, loadSlackRuntime } = require('../../src/handlers/slack-notifier');

/** The change alert's JSON: what the Lambda protocol receives as `Sns.Message` (the `lambda` key). */
const CHANGE_ALERT = {
  kind: 'change',
  environment: 'production',
  severity: 'CRITICAL',
  eventId: 'evt-open-1',
  eventName: 'AuthorizeSecurityGroupIngress',
  eventTime: '2026-01-15T09:12:00Z',
  detectedAt: '2026-01-15T09:12:03.000Z',
  actor: {
    type: 'IAMUser',
    arn: 'arn:aws:iam::123456789012:user/ryan',
    userName: 'ryan',
    sourceIp: '198.51.100.7',
  },
  groups: [{ groupId: 'sg-0a1b2c3d4e5f60004', groupName: 'thebot-database-sg', role: 'database' }],
  changes: [
    {
      action: 'added',
      groupId: 'sg-0a1b2c3d4e5f60004',
      direction: 'ingress',
      rule: {
        direction: 'ingress',
        protocol: 'tcp',
        fromPort: 5432,
        toPort: 5432,
        peer: { kind: 'cidr4', value: '0.0.0.0/0' },
        description: INJECTION,
      },
      ruleId: null,
    },
  ],
  findings: [],
  omittedFindings: 0,
  outcome: null,
};

function snsEvent(message: string, subject: string | null = 'CRITICAL production thebot-database-sg') {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        Sns: { MessageId: 'm-1', Subject: subject, Message: message, TopicArn: 'arn:aws:sns:eu-west-1:1:t' },
      },
    ],
  };
}

/** The `lambda` value of the SNS message the change handler publishes. */
function lambdaCopy(alert: unknown): string {
  return JSON.parse(snsMessageBody({ subject: 's', text: 'for people', json: alert, attributes: {} })).lambda;
}

const ssm = mockClient(SSMClient);
let server: Server;
let received: unknown[];
let statuses: number[];
let logLines: string[];
let url: string;

beforeEach(async () => {
  ssm.reset();
  received = [];
  statuses = [200];
  logLines = [];
  server = createServer((request, response) => {
    let data = '';
    request.on('data', (chunk) => {
      data += chunk;
    });
    request.on('end', () => {
      received.push(JSON.parse(data));
      response.writeHead(statuses[Math.min(received.length - 1, statuses.length - 1)] ?? 200);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${WEBHOOK_PATH}`;
  ssm.on(GetParameterCommand).resolves({ Parameter: { Name: PARAMETER, Value: url } });
});
afterEach(() => server.close());

function notifier() {
  const runtime = {
    environment: 'production',
    webhookParameter: PARAMETER,
    metricsNamespace: 'SecurityGroupDrift',
    logger: createLogger('debug', {}, (line) => logLines.push(line)),
  };
  return createSlackNotifierHandler(runtime, {
    readSecret: createSecretReader(new SSMClient({})),
    webhookOptions: FAST,
  });
}

describe('handler: slackNotifier', () => {
  it('posts the change alert as Block Kit with the description escaped', async () => {
    await notifier()(snsEvent(lambdaCopy(CHANGE_ALERT)), {} as never);

    expect(received).toHaveLength(1);
    const posted = received[0] as { text: string; blocks: { type: string; text?: { text: string } }[] };
    expect(posted.blocks[0]).toMatchObject({
      type: 'header',
      text: { text: ':rotating_light: CRITICAL · production · thebot-database-sg changed' },
    });
    const body = JSON.stringify(posted);
    expect(body).toContain('opened for a demo &lt;!channel&gt;');
    expect(body).not.toContain('<!channel>');
  });

  it('reads the webhook URL once, decrypted, across invocations, and never logs it', async () => {
    const handler = notifier();
    await handler(snsEvent(lambdaCopy(CHANGE_ALERT)), {} as never);
    await handler(snsEvent(lambdaCopy(CHANGE_ALERT)), {} as never);

    expect(ssm).toHaveReceivedCommandTimes(GetParameterCommand, 1);
    expect(ssm).toHaveReceivedCommandWith(GetParameterCommand, { Name: PARAMETER, WithDecryption: true });
    expect(received).toHaveLength(2);
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain('secret-token');
  });

  it('reads SSM again on the next invocation when the first read failed', async () => {
    ssm
      .on(GetParameterCommand)
      .rejectsOnce(new Error('ThrottlingException'))
      .resolves({ Parameter: { Value: url } });
    const handler = notifier();
    await expect(handler(snsEvent(lambdaCopy(CHANGE_ALERT)), {} as never)).rejects.toThrow(
      'ThrottlingException',
    );
    await handler(snsEvent(lambdaCopy(CHANGE_ALERT)), {} as never);
    expect(ssm).toHaveReceivedCommandTimes(GetParameterCommand, 2);
    expect(received).toHaveLength(1);
  });

  it('delivers once after a 429, then 200', async () => {
    statuses = [429, 200];
    await notifier()(snsEvent(lambdaCopy(CHANGE_ALERT)), {} as never);
    expect(received).toHaveLength(2);
    expect(received[1]).toEqual(received[0]);
  });

  it('rejects when Slack keeps answering 500, so Lambda retries and the DLQ keeps the message', async () => {
    statuses = [500];
    await expect(notifier()(snsEvent(lambdaCopy(CHANGE_ALERT)), {} as never)).rejects.toBeInstanceOf(
      PublishError,
    );
    expect(received).toHaveLength(FAST.maxAttempts);
  });

  it('posts a message that is not a JSON alert as escaped plain text', async () => {
    await notifier()(snsEvent('Test message from the SNS console <!everyone>', null), {} as never);
    expect(received).toEqual([{ text: 'Test message from the SNS console &lt;!everyone&gt;' }]);
  });

  it('a network failure fails the invocation without the URL in the error or the logs', async () => {
    server.close();
    const invocation = notifier()(snsEvent(lambdaCopy(CHANGE_ALERT)), {} as never);
    await expect(invocation).rejects.toBeInstanceOf(PublishError);
    await expect(invocation).rejects.not.toThrow(TOKEN);
    expect(logLines.join('\n')).not.toMatch(TOKEN);
  });

  it("stops posting before the invocation's own timeout", async () => {
    const context = { getRemainingTimeInMillis: () => 900 };
    await expect(notifier()(snsEvent(lambdaCopy(CHANGE_ALERT)), context as never)).rejects.toThrow(
      /no time left in the invocation/,
    );
    expect(received).toEqual([]);
  });

  it.each([
    ['saved without https://', { Parameter: { Value: `hooks.slack.com${WEBHOOK_PATH}` } }, 'not a URL'],
    ['not a Slack URL', { Parameter: { Value: `https://example.com${WEBHOOK_PATH}` } }, 'the host is not'],
  ])(
    'a stored URL %s is one configuration error naming the parameter: logged, counted, not retried',
    async (_, answer, problem) => {
      ssm.on(GetParameterCommand).resolves(answer);
      const handler = notifier();
      await expect(handler(snsEvent(lambdaCopy(CHANGE_ALERT)), {} as never)).resolves.toEqual({
        posted: 0,
        undelivered: 1,
      });

      expect(received).toEqual([]);
      expect(logLines.join('\n')).not.toMatch(TOKEN);
      const errors = logLines.map((line) => JSON.parse(line)).filter((line) => line.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0].error).toEqual({
        name: ConfigError.name,
        message: expect.stringContaining(`SLACK_WEBHOOK_PARAMETER: SSM parameter ${PARAMETER} does not hold`),
      });
      expect(errors[0].error.message).toContain(problem);
      // The log line is also the metric (CloudWatch embedded metric format): no IAM, no extra call.
      expect(errors[0]).toMatchObject({
        Environment: 'production',
        SlackWebhookMisconfigured: 1,
        _aws: {
          CloudWatchMetrics: [
            {
              Namespace: 'SecurityGroupDrift',
              Dimensions: [['Environment']],
              Metrics: [{ Name: 'SlackWebhookMisconfigured', Unit: 'Count' }],
            },
          ],
        },
      });
      // Not kept: once the parameter is fixed, the next message is delivered.
      ssm.on(GetParameterCommand).resolves({ Parameter: { Value: url } });
      await handler(snsEvent(lambdaCopy(CHANGE_ALERT)), {} as never);
      expect(received).toHaveLength(1);
    },
  );

  it('a missing parameter is the same configuration error: logged with the parameter, not retried', async () => {
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));
    await expect(notifier()(snsEvent(lambdaCopy(CHANGE_ALERT)), {} as never)).resolves.toEqual({
      posted: 0,
      undelivered: 1,
    });
    const [line] = logLines.map((text) => JSON.parse(text)).filter((text) => text.level === 'error');
    expect(line.error.message).toBe(`SLACK_WEBHOOK_PARAMETER: SSM parameter ${PARAMETER} does not exist`);
    expect(line.SlackWebhookMisconfigured).toBe(1);
  });

  it('handles an event without records', async () => {
    await expect(notifier()({}, {} as never)).resolves.toEqual({ posted: 0 });
    expect(received).toEqual([]);
  });
});

describe('handler: slackNotifier configuration', () => {
  it('needs ENVIRONMENT and SLACK_WEBHOOK_PARAMETER, not the topic or baseline', () => {
    const silence = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(
        loadSlackRuntime({
          ENVIRONMENT: 'production',
          SLACK_WEBHOOK_PARAMETER: PARAMETER,
          LOG_LEVEL: 'INFO',
        }),
      ).toMatchObject({ environment: 'production', webhookParameter: PARAMETER });
      expect(() => loadSlackRuntime({ ENVIRONMENT: 'production' })).toThrow(
        /^SLACK_WEBHOOK_PARAMETER: required/,
      );
      expect(() => loadSlackRuntime({ SLACK_WEBHOOK_PARAMETER: PARAMETER })).toThrow(
        /^ENVIRONMENT: required/,
      );
      expect(() =>
        loadSlackRuntime({
          ENVIRONMENT: 'production',
          SLACK_WEBHOOK_PARAMETER: PARAMETER,
          LOG_LEVEL: 'loud',
        }),
      ).toThrow(/^LOG_LEVEL/);
    } finally {
      silence.mockRestore();
    }
  });
});
