import slack, { type IncomingWebhookSendArguments } from '@slack/webhook';
import type { SlackPayload } from './render';

/**
 * One POST to an incoming webhook, classified for the delivery loop. @slack/webhook does not retry
 * (retries are ours, from the outbox) and does not expose Retry-After, so a thin fetch wrapper reads it.
 * Error texts never contain the webhook URL: it is a secret.
 */
export type SendOutcome =
  | { ok: true }
  | { ok: false; kind: 'transient' | 'rate' | 'rejected'; error: string; status?: number; retryAfterMs?: number };

const MAX_RETRY_AFTER_MS = 10 * 60_000;

export async function postToSlack(url: string, payload: SlackPayload, timeoutMs: number): Promise<SendOutcome> {
  let retryAfter: string | null = null;
  const webhook = new slack.IncomingWebhook(url, {
    timeout: timeoutMs,
    fetch: async (input, init) => {
      const response = await fetch(input, init as RequestInit);
      retryAfter = response.headers.get('retry-after');
      return response;
    },
  });
  try {
    await webhook.send(payload as unknown as IncomingWebhookSendArguments); // our blocks are plain Block Kit JSON
    return { ok: true };
  } catch (error) {
    return classify(error, retryAfter);
  }
}

function classify(error: unknown, retryAfter: string | null): SendOutcome {
  const e = error as { code?: string; statusCode?: number; body?: string; original?: Error; message?: string };
  if (e.code === 'slack_webhook_http_error' && typeof e.statusCode === 'number') {
    const status = e.statusCode;
    const detail = (e.body ?? '').replace(/\s+/g, ' ').trim().slice(0, 120);
    const error = `Slack answered ${status}${detail ? ` (${detail})` : ''}`;
    if (status === 429) {
      const seconds = Number(retryAfter);
      const retryAfterMs = Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds * 1000, MAX_RETRY_AFTER_MS) : 1000;
      return { ok: false, kind: 'rate', error, status, retryAfterMs };
    }
    return { ok: false, kind: status >= 500 ? 'transient' : 'rejected', error, status };
  }
  return { ok: false, kind: 'transient', error: `Could not reach Slack: ${describeNetworkError(e.original ?? (error as Error))}` };
}

function describeNetworkError(error: Error | undefined): string {
  if (!error) return 'unknown error';
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'no answer within the time limit';
  // fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, "bad port", …) is its cause.
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return cause.code;
  if (cause?.message) return cause.message.replace(/https?:\/\/\S+/g, '<url>').slice(0, 120);
  return error.message.replace(/https?:\/\/\S+/g, '<url>').slice(0, 120);
}
