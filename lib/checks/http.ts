import { stripCredentials } from '../monitors/target';
import { describeError, excerpt, getCapped } from './net';
import { failed, passed } from './result';
import type { Check } from './types';

/** Enough for any health page; a bigger body is searched only in its first megabyte. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Check My Health: GET the url; a 2xx answer whose body contains the expected text. */
export const checkHttp: Check<'http'> = async (monitor, signal) => {
  const shown = stripCredentials(monitor.url);
  let response;
  try {
    response = await getCapped(new URL(monitor.url), { signal, maxBytes: MAX_BODY_BYTES });
  } catch (error) {
    if (signal.aborted) throw error;
    return failed(`${shown} could not be fetched: ${describeError(error)}`, { url: shown, error: describeError(error) });
  }
  const body = response.body.toString('utf8');
  const details = {
    url: shown,
    status: response.status,
    bodyExcerpt: excerpt(body),
    bodyBytes: response.body.length,
    bodyTruncated: response.truncated,
    ...(response.url.href !== new URL(monitor.url).href ? { finalUrl: stripCredentials(response.url.href) } : {}),
  };
  const said = details.bodyExcerpt ? `: ${details.bodyExcerpt}` : ' (empty body)';
  if (response.status < 200 || response.status > 299) {
    return failed(`${shown} answered HTTP ${response.status}${said}`, details);
  }
  const expected = monitor.expectedText;
  if (expected && !body.includes(expected)) {
    const where = response.truncated ? ` in the first ${MAX_BODY_BYTES / 1024 / 1024} MB of the body` : ' in the body';
    return failed(`${shown} answered HTTP ${response.status} without "${excerpt(expected, 100)}"${where}${said}`, details);
  }
  const found = expected ? `, body contains "${excerpt(expected, 100)}"` : '';
  return passed(`${shown} answered HTTP ${response.status}${found}`, details);
};
