import { parseHeaderLines } from '../monitors/http-parts';
import { stripCredentials } from '../monitors/target';
import { describeCondition } from './conditions';
import { certificateHint, requestCapped, type CappedResponse } from './http-client';
import { expiryNote, httpConditions } from './http-conditions';
import { describeError, excerpt, round } from './net';
import { failed, passed } from './result';
import type { Check } from './types';

/** Enough for any health page; a bigger body is searched only in its first megabyte. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Check My Health: the request the monitor describes; the answer must meet every condition it sets
 * (an accepted status always). A failure lists each failed condition as measured vs threshold.
 */
export const checkHttp: Check<'http'> = async (monitor, signal) => {
  const shown = stripCredentials(monitor.url);
  const { headers: secret, problem } = parseHeaderLines(monitor.secretHeaders);
  // A stored value that no longer reads as headers is not sent half-read.
  if (problem) return failed(`${shown}: the secret headers are not valid header lines; enter them again`, { url: shown });
  const headers = Object.fromEntries([...parseHeaderLines(monitor.headers).headers, ...secret]);
  const started = performance.now();
  let response: CappedResponse;
  try {
    response = await requestCapped(new URL(monitor.url), {
      signal,
      maxBytes: MAX_BODY_BYTES,
      method: monitor.method,
      headers,
      body: monitor.body || undefined,
      followRedirects: monitor.redirects === 'follow',
      tls: { ca: monitor.caCert || undefined, insecure: monitor.tlsInsecure },
      credentialHeaders: secret.map(([name]) => name.toLowerCase()),
    });
  } catch (error) {
    if (signal.aborted) throw error;
    const reason = describeError(error);
    return failed(`${shown} could not be fetched: ${reason}${certificateHint(reason)}`, { url: shown, error: reason });
  }
  const elapsedMs = performance.now() - started;
  const body = response.body.toString('utf8');
  const conditions = httpConditions(monitor, response, body, elapsedMs, Date.now());
  const details = {
    url: shown,
    status: response.status,
    responseMs: round(elapsedMs),
    bodyExcerpt: excerpt(body),
    bodyBytes: response.body.length,
    bodyTruncated: response.truncated,
    ...(response.url.href !== new URL(monitor.url).href ? { finalUrl: stripCredentials(response.url.href) } : {}),
    ...(response.certificates.length ? { certificates: response.certificates.map((c) => ({ ...c, validTo: new Date(c.validTo).toISOString() })) } : {}),
    conditions,
  };
  const answered = `${shown} answered HTTP ${response.status} in ${Math.round(elapsedMs)} ms`;
  const failures = conditions.filter((c) => !c.ok);
  if (failures.length > 0) {
    const lines = failures.map((c) => `${describeCondition(c)}${expiryNote(c)}`);
    const said = details.bodyExcerpt ? `body: ${details.bodyExcerpt}` : 'body: (empty)';
    const where = response.truncated && failures.some((c) => c.name.endsWith('in the body')) ? ` (only the first ${MAX_BODY_BYTES / 1024 / 1024} MB is read)` : '';
    return failed(`${answered}; ${failedCount(failures.length)}:\n${lines.join('\n')}\n${said}${where}`, details);
  }
  const certificate = conditions.find((c) => c.name === 'certificate validity');
  return passed(`${answered}${certificate ? `; ${describeCondition(certificate)}${expiryNote(certificate)}` : ''}`, details);
};

const failedCount = (n: number) => (n === 1 ? '1 condition failed' : `${n} conditions failed`);
