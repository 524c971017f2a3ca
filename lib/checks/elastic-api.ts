import type { MonitorOf } from '../monitors/schema';
import { stripCredentials } from '../monitors/target';
import { basicAuth, certificateHint, getCapped } from './http-client';
import { describeError, excerpt } from './net';
import { failed } from './result';
import type { CheckResult } from './types';

type ElasticMonitor = MonitorOf<'elastic'>;

/** `{url}/{path}`, keeping any path prefix of the cluster URL and tolerating a trailing slash. */
export function apiUrl(base: string, path: string): URL {
  return new URL(path, base.endsWith('/') ? base : `${base}/`);
}

/** The Authorization header the monitor asks for; an API key typed as "id:key" is encoded as Elasticsearch expects. */
export function authorization(monitor: ElasticMonitor): { header?: string; problem?: string } {
  if (!monitor.authRequired) return {};
  if (monitor.authMethod === 'basic') return { header: basicAuth(monitor.user, monitor.password) };
  if (!monitor.apiKey) return { problem: 'no API key is stored: enter it in the monitor\'s settings' };
  const key = monitor.apiKey.includes(':') ? Buffer.from(monitor.apiKey).toString('base64') : monitor.apiKey;
  return { header: `ApiKey ${key}` };
}

export type ApiAnswer = { json: Record<string, unknown>; status: number } | { failure: CheckResult };

/**
 * GET one API of the cluster as JSON. Unreachable, 401/403, another non-2xx or an answer that is not
 * a JSON object is a failed result that says which API (`what`) and why.
 */
export async function getJson(monitor: ElasticMonitor, path: string, what: string, signal: AbortSignal, maxBytes: number): Promise<ApiAnswer> {
  const url = apiUrl(monitor.url, path);
  const shown = stripCredentials(url.toString()).replace(/\?.*$/, '');
  const auth = authorization(monitor);
  if (auth.problem) return { failure: failed(`${shown}: ${auth.problem}`, { url: shown }) };
  const headers: Record<string, string> = { accept: 'application/json', ...(auth.header ? { authorization: auth.header } : {}) };
  let response;
  try {
    response = await getCapped(url, { signal, maxBytes, headers, tls: { ca: monitor.caCert || undefined, insecure: monitor.tlsInsecure } });
  } catch (error) {
    if (signal.aborted) throw error;
    const reason = describeError(error);
    return { failure: failed(`${shown} could not be reached: ${reason}${certificateHint(reason)}`, { url: shown, error: reason }) };
  }
  const text = response.body.toString('utf8');
  const base = { url: shown, httpStatus: response.status };
  if (response.status === 401) return { failure: failed(`Authentication failed at ${shown} (HTTP 401)`, base) };
  if (response.status === 403) return { failure: failed(`The user may not read ${what} at ${shown} (HTTP 403)`, base) };
  if (response.status < 200 || response.status > 299) {
    return { failure: failed(`${shown} answered HTTP ${response.status}: ${excerpt(text) || '(empty body)'}`, { ...base, bodyExcerpt: excerpt(text) }) };
  }
  try {
    const json: unknown = JSON.parse(text);
    if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error('not an object');
    return { json: json as Record<string, unknown>, status: response.status };
  } catch {
    return { failure: failed(`${shown} did not answer with ${what} JSON: ${excerpt(text, 100) || '(empty body)'}`, { ...base, bodyExcerpt: excerpt(text) }) };
  }
}
