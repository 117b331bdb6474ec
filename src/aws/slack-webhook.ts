import { ConfigError, PublishError } from '../errors';
import type { SlackMessage } from '../notify/slack-blocks';

/**
 * No AWS permission: an HTTPS POST to Slack. Declared (empty) so the deployment test's rule "every
 * adapter declares its actions" has an answer for this module.
 */
export const IAM_ACTIONS = [] as const;

export interface WebhookOptions {
  /** Attempts in all, the first included. */
  maxAttempts?: number;
  /** The most time spent waiting between attempts; past it the post fails instead of waiting. */
  maxTotalWaitMs?: number;
  /** First backoff; doubled on each retry unless Slack says how long with Retry-After. */
  baseDelayMs?: number;
  /** How long one request may take, connection, answer and body included. */
  requestTimeoutMs?: number;
  /** What errors call the URL's origin (the SSM parameter); the URL itself is never shown. */
  urlSource?: string;
  /** Tests only: also admit `http://127.0.0.1:PORT/services/…`, the local Slack stand-in. */
  allowLoopbackHttp?: boolean;
  sleep?: (ms: number) => Promise<void>;
}

export interface PostOptions {
  /** Milliseconds the invocation may still spend on this post; no request or wait goes past it. */
  timeLeftMs?: () => number;
}

// The notifier's Lambda timeout is 20 s: four attempts, at most 5 s of waiting, 2 s per request
// (13 s); the invocation's own remaining time (PostOptions) bounds it further.
const DEFAULTS = { maxAttempts: 4, maxTotalWaitMs: 5_000, baseDelayMs: 500, requestTimeoutMs: 2_000 };
const SLACK_HOST = 'hooks.slack.com';
const INCOMING_WEBHOOK_PATH = /^\/services\/[^/]+\/[^/]+\/[^/]+$/;
// Slack answers errors with a bare code (`invalid_payload`, `no_service`); anything else is dropped
// rather than echoed, since a proxy's page could quote the URL.
const SLACK_ERROR_CODE = /^[a-z_]{1,64}$/;
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;
const ERROR_NAME = /^[A-Za-z]{1,64}$/;

export interface SlackWebhook {
  post(message: SlackMessage, options?: PostOptions): Promise<void>;
}

/**
 * Posts to a Slack incoming webhook. A value that is not an incoming-webhook URL is one ConfigError,
 * before any request. 429 and 5xx (and network errors) are retried with backoff, honouring
 * Retry-After (seconds); any other answer, or running out of attempts, wait or time, is a
 * PublishError so the invocation fails and SNS/Lambda retries, then the dead-letter queue, keep
 * the message. The URL is a secret: no error quotes it, nor any free text fetch or the server gave.
 */
export function createSlackWebhook(value: string, options: WebhookOptions = {}): SlackWebhook {
  const { maxAttempts, maxTotalWaitMs, baseDelayMs, requestTimeoutMs } = { ...DEFAULTS, ...options };
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const url = webhookUrl(value, options);
  return {
    async post(message, { timeLeftMs = () => Number.POSITIVE_INFINITY } = {}) {
      const body = JSON.stringify(message);
      let waited = 0;
      let last = 'not sent';
      for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
        const left = timeLeftMs();
        if (left <= 0) throw new PublishError(`Slack webhook: ${last}; no time left in the invocation`);
        let retryAfterMs: number | undefined;
        try {
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json; charset=utf-8' },
            body,
            signal: AbortSignal.timeout(Math.min(requestTimeoutMs, left)),
          });
          const answer = (await response.text()).trim();
          if (response.ok) return;
          last = `HTTP ${response.status}${SLACK_ERROR_CODE.test(answer) ? ` ${answer}` : ''}`;
          if (response.status !== 429 && response.status < 500) {
            throw new PublishError(`Slack webhook refused the message: ${last}`);
          }
          retryAfterMs = retryAfter(response.headers.get('retry-after'));
        } catch (error) {
          if (error instanceof PublishError) throw error;
          last = failure(error);
        }
        if (attempt === maxAttempts) break;
        const delay = retryAfterMs ?? baseDelayMs * 2 ** (attempt - 1);
        if (waited + delay > maxTotalWaitMs) {
          throw new PublishError(
            `Slack webhook: ${last}; retrying would wait ${delay} ms past the ${maxTotalWaitMs} ms budget`,
          );
        }
        if (delay >= timeLeftMs()) {
          throw new PublishError(
            `Slack webhook: ${last}; retrying would wait ${delay} ms, past the time left`,
          );
        }
        waited += delay;
        await sleep(delay);
      }
      throw new PublishError(`Slack webhook failed after ${maxAttempts} attempts: ${last}`);
    },
  };
}

/** The URL to post to, or a ConfigError that names where it came from and why, never the value. */
function webhookUrl(value: string, options: WebhookOptions): URL {
  const parsed = URL.canParse(value.trim()) ? new URL(value.trim()) : null;
  const problem = parsed ? urlProblem(parsed, options.allowLoopbackHttp === true) : 'not a URL';
  if (parsed && problem === null) return parsed;
  throw new ConfigError(
    `${options.urlSource ?? 'the Slack webhook setting'} does not hold a Slack incoming-webhook URL ` +
      `(https://${SLACK_HOST}/services/…): ${problem}; the value is not shown`,
  );
}

function urlProblem(url: URL, allowLoopbackHttp: boolean): string | null {
  const loopback = allowLoopbackHttp && url.protocol === 'http:' && url.hostname === '127.0.0.1';
  if (!loopback && url.protocol !== 'https:') return 'the scheme is not https';
  if (!loopback && url.hostname !== SLACK_HOST) return `the host is not ${SLACK_HOST}`;
  if (!loopback && url.port !== '') return 'it names a port';
  if (url.username !== '' || url.password !== '') return 'it carries credentials';
  if (!INCOMING_WEBHOOK_PATH.test(url.pathname)) return 'the path is not /services/T…/B…/…';
  if (url.search !== '' || url.hash !== '') return 'it has a query or fragment';
  return null;
}

/**
 * A network failure as its error name and system code (`TypeError (ECONNREFUSED)`,
 * `TimeoutError`): fetch's messages and causes may quote the URL, so no free text is kept.
 */
function failure(error: unknown): string {
  const { name, cause } = (error ?? {}) as { name?: unknown; cause?: { code?: unknown } };
  const code = cause?.code;
  const label = typeof name === 'string' && ERROR_NAME.test(name) ? name : 'Error';
  return typeof code === 'string' && ERROR_CODE.test(code) ? `${label} (${code})` : label;
}

/** Retry-After in seconds (Slack's form); an HTTP date is also accepted. */
function retryAfter(header: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
