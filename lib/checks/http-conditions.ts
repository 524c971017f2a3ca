import { acceptsStatus, compilePattern, describeStatusRanges, parseStatusRanges, queryJsonPath } from '../monitors/http-parts';
import type { MonitorOf } from '../monitors/schema';
import { condition, type Condition } from './conditions';
import type { CappedResponse } from './http-client';
import { excerpt } from './net';

type HttpMonitor = MonitorOf<'http'>;

const DAY_MS = 86_400_000;

/** Each condition the monitor sets, judged on one answer. */
export function httpConditions(monitor: HttpMonitor, response: CappedResponse, body: string, elapsedMs: number, now: number): Condition[] {
  const conditions = [statusCondition(monitor, response.status)];
  if (monitor.expectedText) {
    const found = body.includes(monitor.expectedText);
    conditions.push(condition(`"${excerpt(monitor.expectedText, 100)}" in the body`, found ? 'found' : 'missing', 'is', 'found'));
  }
  if (monitor.expectedPattern) conditions.push(patternCondition(monitor.expectedPattern, body));
  if (monitor.jsonPath) conditions.push(jsonPathCondition(monitor.jsonPath, monitor.jsonExpected, body, response.truncated));
  if (monitor.maxResponseMs !== null) conditions.push(condition('response time', Math.round(elapsedMs), 'at most', monitor.maxResponseMs, { unit: ' ms' }));
  if (monitor.watchCertExpiry) conditions.push(...certificateConditions(response, monitor.certExpiryDays, now));
  return conditions;
}

function statusCondition(monitor: HttpMonitor, status: number): Condition {
  const { ranges } = parseStatusRanges(monitor.acceptedStatus);
  const accepted = ranges.length === 0 ? acceptsStatus([[200, 299]], status) : acceptsStatus(ranges, status);
  return { ...condition('HTTP status', status, 'is', describeStatusRanges(ranges.length ? ranges : [[200, 299]])), ok: accepted };
}

function patternCondition(pattern: string, body: string): Condition {
  const { regex, problem } = compilePattern(pattern);
  const name = `/${excerpt(pattern, 100)}/ in the body`;
  if (!regex) return { ...condition(name, problem ?? 'invalid pattern', 'is', 'a match'), ok: false };
  return condition(name, regex.matcher(body).find() ? 'a match' : 'no match', 'is', 'a match');
}

/** How a JSON value is shown and compared: as JSON text, at most 100 characters. */
const shown = (value: unknown) => excerpt(JSON.stringify(value) ?? 'undefined', 100);

/**
 * Every value the path selects must equal the expected one (a string value also equals the same text
 * typed without quotes); with nothing expected, the path must select something.
 */
function jsonPathCondition(path: string, expectedText: string, body: string, truncated: boolean): Condition {
  const name = excerpt(path, 100);
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch {
    const measured = truncated ? 'body is not JSON (cut at the size limit)' : 'body is not JSON';
    return { ...condition(name, measured, 'is', expectedText ? normalized(expectedText) : 'present'), ok: false };
  }
  let values: unknown[];
  try {
    values = queryJsonPath(document as never, path);
  } catch {
    return { ...condition(name, 'path is not valid', 'is', 'a valid JSON path'), ok: false };
  }
  if (!expectedText) return { ...condition(name, values.length > 0 ? shown(values[0]) : 'nothing', 'is', 'present'), ok: values.length > 0 };
  const expected = normalized(expectedText);
  const differing = values.find((value) => !(shown(value) === expected || (typeof value === 'string' && value === expectedText)));
  if (values.length === 0) return { ...condition(name, 'nothing', 'is', expected), ok: false };
  return { ...condition(name, differing === undefined ? shown(values[0]) : shown(differing), 'is', expected), ok: differing === undefined };
}

/** Typed JSON (3, true, "ok", {"a":1}) in its compact form; plain text as a JSON string. */
function normalized(text: string): string {
  try {
    return shown(JSON.parse(text));
  } catch {
    return shown(text);
  }
}

/** Days each HTTPS server's certificate is still valid, against the days of warning wanted. */
function certificateConditions(response: CappedResponse, days: number, now: number): Condition[] {
  if (response.certificates.length === 0) return [{ ...condition('certificate', 'none (not HTTPS)', 'is', 'present'), ok: false }];
  const seen = new Set<string>();
  return response.certificates.filter((cert) => !seen.has(cert.host) && seen.add(cert.host)).map((cert) => ({
    ...condition('certificate validity', Math.round(((cert.validTo - now) / DAY_MS) * 10) / 10, 'at least', days, { unit: ' days', node: cert.host }),
    expires: cert.validTo,
  }));
}

/** "expires 2026-03-01 12:00 UTC", as a failure message adds it after a certificate's condition. */
export function expiryNote(c: Condition): string {
  const expires = (c as Condition & { expires?: number }).expires;
  return typeof expires === 'number' ? ` (expires ${new Date(expires).toISOString().slice(0, 16).replace('T', ' ')} UTC)` : '';
}
