import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSlackWebhook } from '../../src/aws/slack-webhook';
import { PublishError } from '../../src/errors';

const MESSAGE = { text: 'CRITICAL production thebot-database-sg', blocks: [{ type: 'divider' as const }] };
const WEBHOOK_PATH = '/services/T000/B000/secret-token';

interface Received {
  body: unknown;
  contentType: string | undefined;
}

/** A Slack stand-in on 127.0.0.1: answers each POST with the next scripted status (the last repeats). */
async function slackServer(script: { status: number; headers?: Record<string, string> }[]) {
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
      response.end(answer.status === 200 ? 'ok' : 'rate_limited');
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
    await createSlackWebhook(server.url, { sleep }).post(MESSAGE);
    expect(server.received).toEqual([{ body: MESSAGE, contentType: 'application/json; charset=utf-8' }]);
    expect(sleeps).toEqual([]);
  });

  it('waits as long as Retry-After says after a 429, then delivers once', async () => {
    server = await slackServer([{ status: 429, headers: { 'Retry-After': '1' } }, { status: 200 }]);
    await createSlackWebhook(server.url, { sleep }).post(MESSAGE);
    expect(sleeps).toEqual([1000]);
    expect(server.received).toHaveLength(2);
  });

  it('really sleeps on Retry-After: 0 with the default sleep', async () => {
    server = await slackServer([{ status: 429, headers: { 'Retry-After': '0' } }, { status: 200 }]);
    await createSlackWebhook(server.url).post(MESSAGE);
    expect(server.received).toHaveLength(2);
  });

  it('backs off exponentially on 5xx and fails after the last attempt, without the URL in the error', async () => {
    server = await slackServer([{ status: 500 }]);
    const post = createSlackWebhook(server.url, { sleep, maxAttempts: 4, baseDelayMs: 100 }).post(MESSAGE);
    await expect(post).rejects.toThrow(PublishError);
    await expect(post).rejects.toThrow(/failed after 4 attempts: HTTP 500/);
    await expect(post).rejects.not.toThrow(/secret-token/);
    expect(server.received).toHaveLength(4);
    expect(sleeps).toEqual([100, 200, 400]);
  });

  it('does not retry a message Slack refuses (4xx other than 429)', async () => {
    server = await slackServer([{ status: 400 }]);
    await expect(createSlackWebhook(server.url, { sleep }).post(MESSAGE)).rejects.toThrow(
      /refused the message: HTTP 400/,
    );
    expect(server.received).toHaveLength(1);
  });

  it('fails at once when Retry-After would pass the total wait budget', async () => {
    server = await slackServer([{ status: 429, headers: { 'Retry-After': '30' } }]);
    const post = createSlackWebhook(server.url, { sleep, maxTotalWaitMs: 5_000 }).post(MESSAGE);
    await expect(post).rejects.toThrow(/past the 5000 ms budget/);
    expect(server.received).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('retries when nothing listens, then fails', async () => {
    server = await slackServer([{ status: 200 }]);
    server.close();
    const post = createSlackWebhook(server.url, { sleep, maxAttempts: 2 }).post(MESSAGE);
    await expect(post).rejects.toThrow(/failed after 2 attempts/);
    expect(sleeps).toEqual([500]);
  });
});
