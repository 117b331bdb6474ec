import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSlackWebhook, type WebhookOptions } from '../../src/aws/slack-webhook';
import { ConfigError, PublishError } from '../../src/errors';

const MESSAGE = { text: 'CRITICAL production thebot-database-sg', blocks: [{ type: 'divider' as const }] };
const WEBHOOK_PATH = '/services/T000/B000/secret-token';
const TOKEN = /secret-token|T000|B000/;
// The stand-ins below listen on http://127.0.0.1, which only this test-only option admits.
const LOCAL: WebhookOptions = { allowLoopbackHttp: true };

interface Received {
  body: unknown;
  contentType: string | undefined;
}

/** A Slack stand-in on 127.0.0.1: answers each POST with the next scripted status (the last repeats). */
async function slackServer(script: { status: number; headers?: Record<string, string>; body?: string }[]) {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    let data = '';
    request.on('data', (chunk) => {
      data += chunk;
    });
    request.on('end', () => {
      received.push({ body: JSON.parse(data), contentType: request.headers['content-type'] });
      const answer = script[Math.min(received.length - 1, script.length - 1)] ?? { status: 200 };
      response.writeHead(answer.status, answer.headers ?? {});
      response.end(answer.body ?? (answer.status === 200 ? 'ok' : 'rate_limited'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}${WEBHOOK_PATH}`, received, close: () => server.close() };
}

describe('aws: Slack webhook', () => {
  const sleeps: number[] = [];
  const sleep = async (ms: number) => {
    sleeps.push(ms);
  };
  let server: Awaited<ReturnType<typeof slackServer>>;
  beforeEach(() => {
    sleeps.length = 0;
  });
  afterEach(() => server.close());

  it('POSTs the message as JSON', async () => {
    server = await slackServer([{ status: 200 }]);
    await createSlackWebhook(server.url, { ...LOCAL, sleep }).post(MESSAGE);
    expect(server.received).toEqual([{ body: MESSAGE, contentType: 'application/json; charset=utf-8' }]);
    expect(sleeps).toEqual([]);
  });

  it('waits as long as Retry-After says after a 429, then delivers once', async () => {
    server = await slackServer([{ status: 429, headers: { 'Retry-After': '1' } }, { status: 200 }]);
    await createSlackWebhook(server.url, { ...LOCAL, sleep }).post(MESSAGE);
    expect(sleeps).toEqual([1000]);
    expect(server.received).toHaveLength(2);
  });

  it('really sleeps on Retry-After: 0 with the default sleep', async () => {
    server = await slackServer([{ status: 429, headers: { 'Retry-After': '0' } }, { status: 200 }]);
    await createSlackWebhook(server.url, LOCAL).post(MESSAGE);
    expect(server.received).toHaveLength(2);
  });

  it('backs off exponentially on 5xx and fails after the last attempt, without the URL in the error', async () => {
    server = await slackServer([{ status: 500 }]);
    const post = createSlackWebhook(server.url, { ...LOCAL, sleep, maxAttempts: 4, baseDelayMs: 100 }).post(
      MESSAGE,
    );
    await expect(post).rejects.toThrow(PublishError);
    await expect(post).rejects.toThrow(/failed after 4 attempts: HTTP 500/);
    await expect(post).rejects.not.toThrow(/secret-token/);
    expect(server.received).toHaveLength(4);
    expect(sleeps).toEqual([100, 200, 400]);
  });

  it('does not retry a message Slack refuses (4xx other than 429)', async () => {
    server = await slackServer([{ status: 400 }]);
    await expect(createSlackWebhook(server.url, { ...LOCAL, sleep }).post(MESSAGE)).rejects.toThrow(
      /refused the message: HTTP 400/,
    );
    expect(server.received).toHaveLength(1);
  });

  it('fails at once when Retry-After would pass the total wait budget', async () => {
    server = await slackServer([{ status: 429, headers: { 'Retry-After': '30' } }]);
    const post = createSlackWebhook(server.url, { ...LOCAL, sleep, maxTotalWaitMs: 5_000 }).post(MESSAGE);
    await expect(post).rejects.toThrow(/past the 5000 ms budget/);
    expect(server.received).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('retries when nothing listens, then fails', async () => {
    server = await slackServer([{ status: 200 }]);
    server.close();
    const post = createSlackWebhook(server.url, { ...LOCAL, sleep, maxAttempts: 2 }).post(MESSAGE);
    await expect(post).rejects.toThrow(/failed after 2 attempts: TypeError \(ECONNREFUSED\)/);
    await expect(post).rejects.not.toThrow(TOKEN);
    expect(sleeps).toEqual([500]);
  });

  it('keeps only a Slack error code from the answer, never free text', async () => {
    server = await slackServer([{ status: 404, body: `no_service at ${WEBHOOK_PATH}\n` }]);
    const post = createSlackWebhook(server.url, { ...LOCAL, sleep }).post(MESSAGE);
    await expect(post).rejects.toThrow(/^Slack webhook refused the message: HTTP 404$/);
  });
});

describe('aws: Slack webhook against a server that drops or stalls', () => {
  let server: Awaited<ReturnType<typeof silentServer>>;
  afterEach(() => server.close());
  // Short, but not so short that a loaded machine times out before connecting (the test asserts why).
  const fast = { ...LOCAL, sleep: async () => {}, requestTimeoutMs: 200 };

  it('reports a dropped connection by its code, never with the URL', async () => {
    server = await silentServer((request) => request.socket.destroy());
    const post = createSlackWebhook(server.url, { ...LOCAL, sleep: async () => {}, maxAttempts: 2 }).post(
      MESSAGE,
    );
    await expect(post).rejects.toThrow(
      /failed after 2 attempts: TypeError \((UND_ERR_SOCKET|ECONNRESET|EPIPE)\)$/,
    );
    await expect(post).rejects.not.toThrow(TOKEN);
  });

  it('gives up on a server that accepts the connection and never answers', async () => {
    server = await silentServer();
    const started = Date.now();
    const post = createSlackWebhook(server.url, { ...fast, maxAttempts: 2 }).post(MESSAGE);
    await expect(post).rejects.toThrow(/failed after 2 attempts: TimeoutError$/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('gives up on an answer whose body never ends', async () => {
    server = await silentServer((_request, response) => {
      response.writeHead(200);
      response.write('o');
    });
    const post = createSlackWebhook(server.url, { ...fast, maxAttempts: 1 }).post(MESSAGE);
    await expect(post).rejects.toThrow(/failed after 1 attempts: TimeoutError/);
  });

  it('sends nothing when the invocation has no time left, and says so', async () => {
    server = await silentServer();
    const post = createSlackWebhook(server.url, fast).post(MESSAGE, { timeLeftMs: () => 0 });
    await expect(post).rejects.toThrow(PublishError);
    await expect(post).rejects.toThrow(/no time left in the invocation/);
    expect(server.requests()).toBe(0);
  });

  it('cuts a request to the time left, and never waits past it to retry', async () => {
    server = await silentServer();
    const webhook = createSlackWebhook(server.url, { ...fast, requestTimeoutMs: 60_000, baseDelayMs: 500 });
    const started = Date.now();
    const post = webhook.post(MESSAGE, { timeLeftMs: () => 100 });
    await expect(post).rejects.toThrow(/TimeoutError; retrying would wait 500 ms, past the time left/);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(server.requests()).toBeLessThanOrEqual(1);
  });
});

describe('aws: Slack webhook URL', () => {
  const SOURCE = 'SLACK_WEBHOOK_PARAMETER: SSM parameter /sgdrift/production/slack-webhook';

  it.each([
    ['hooks.slack.com/services/T000/B000/secret-token', 'not a URL'],
    ['http://hooks.slack.com/services/T000/B000/secret-token', 'the scheme is not https'],
    [
      'https://hooks.slack.com.evil.example/services/T000/B000/secret-token',
      'the host is not hooks.slack.com',
    ],
    ['https://hooks.slack.com:8443/services/T000/B000/secret-token', 'it names a port'],
    ['https://T000:secret-token@hooks.slack.com/services/T000/B000/secret-token', 'it carries credentials'],
    ['https://hooks.slack.com/api/T000/B000/secret-token', 'the path is not /services/T…/B…/…'],
    ['https://hooks.slack.com/services/T000/B000/secret-token?x=1', 'it has a query or fragment'],
    ['http://127.0.0.1:9/services/T000/B000/secret-token', 'the scheme is not https'],
  ])('refuses %s with one configuration error naming the source, never the value', (url, problem) => {
    const create = () => createSlackWebhook(url, { urlSource: SOURCE });
    expect(create).toThrow(ConfigError);
    expect(create).toThrow(
      `${SOURCE} does not hold a Slack incoming-webhook URL (https://hooks.slack.com/services/…): ${problem}; the value is not shown`,
    );
    expect(create).not.toThrow(TOKEN);
  });

  it('accepts an incoming-webhook URL, a trailing newline from a paste included', () => {
    expect(() =>
      createSlackWebhook('https://hooks.slack.com/services/T000/B000/secret-token\n'),
    ).not.toThrow();
  });
});

/** A server on 127.0.0.1 that counts requests and, unless told otherwise, never answers. */
async function silentServer(
  onRequest: (
    request: import('node:http').IncomingMessage,
    response: import('node:http').ServerResponse,
  ) => void = () => {},
) {
  let count = 0;
  const server: Server = createServer((request, response) => {
    count += 1;
    onRequest(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${WEBHOOK_PATH}`,
    requests: () => count,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}
