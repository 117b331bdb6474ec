import { PublishError } from '../errors';
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
  /** How long one request may take. */
  requestTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

// The notifier's Lambda timeout is 10 s: four attempts, at most 5 s of waiting, 2 s per request.
const DEFAULTS = { maxAttempts: 4, maxTotalWaitMs: 5_000, baseDelayMs: 500, requestTimeoutMs: 2_000 };

export interface SlackWebhook {
  post(message: SlackMessage): Promise<void>;
}

/**
 * Posts to a Slack incoming webhook. 429 and 5xx (and network errors) are retried with backoff,
 * honouring Retry-After (seconds); any other answer, or running out of attempts or wait, is a
 * PublishError so the invocation fails and SNS/Lambda retries, then the dead-letter queue, keep
 * the message. The URL is a secret and appears in no error.
 */
export function createSlackWebhook(url: string, options: WebhookOptions = {}): SlackWebhook {
  const { maxAttempts, maxTotalWaitMs, baseDelayMs, requestTimeoutMs } = { ...DEFAULTS, ...options };
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return {
    async post(message) {
      const body = JSON.stringify(message);
      let waited = 0;
      let last = '';
      for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
        let retryAfterMs: number | undefined;
        try {
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json; charset=utf-8' },
            body,
            signal: AbortSignal.timeout(requestTimeoutMs),
          });
          const answer = (await response.text()).slice(0, 200);
          if (response.ok) return;
          last = `HTTP ${response.status} ${answer}`.trim();
          if (response.status !== 429 && response.status < 500) {
            throw new PublishError(`Slack webhook refused the message: ${last}`);
          }
          retryAfterMs = retryAfter(response.headers.get('retry-after'));
        } catch (error) {
          if (error instanceof PublishError) throw error;
          last = `${(error as Error).name}: ${(error as Error).message}`;
        }
        if (attempt === maxAttempts) break;
        const delay = retryAfterMs ?? baseDelayMs * 2 ** (attempt - 1);
        if (waited + delay > maxTotalWaitMs) {
          throw new PublishError(
            `Slack webhook: ${last}; retrying would wait ${delay} ms past the ${maxTotalWaitMs} ms budget`,
          );
        }
        waited += delay;
        await sleep(delay);
      }
      throw new PublishError(`Slack webhook failed after ${maxAttempts} attempts: ${last}`);
    },
  };
}

/** Retry-After in seconds (Slack's form); an HTTP date is also accepted. */
function retryAfter(header: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
