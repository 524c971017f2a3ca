import { z } from 'zod';
import { checkbox, httpUrl, optionalLimit, secretText, text, timeoutMs, wholeNumber, MAX_TIMEOUT_MS } from '../fields';
import { compilePattern, jsonPathProblem, parseHeaderLines, parseStatusRanges } from '../http-parts';
import { stripCredentials } from '../target';
import { refineTls, tlsFields } from '../tls';

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

const headerLines = (label: string) =>
  text(label, 8000, { multiLine: true }).superRefine((value, ctx) => {
    const problem = parseHeaderLines(value, label).problem;
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/**
 * Check My Health: a request (GET by default) whose answer must have an accepted status and, each when
 * set, the expected text, a match of the pattern, the expected value at a JSON path, a response time
 * under the maximum, and a certificate that does not expire within the days given.
 */
export const httpFields = z.object({
  kind: z.literal('http'),
  url: httpUrl('URL'),
  method: z.enum(HTTP_METHODS, { error: `Method is one of ${HTTP_METHODS.join(', ')}` }).default('GET'),
  headers: headerLines('Headers').default(''),
  secretHeaders: secretText('Secret headers', 8000, { multiLine: true }),
  body: text('Body', 16_000, { multiLine: true, trim: false }).default(''),
  acceptedStatus: text('Accepted status codes', 200)
    .superRefine((value, ctx) => {
      const problem = parseStatusRanges(value).problem;
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .default('200-299'),
  expectedText: text('Expected text', 1000, { trim: false }).default(''),
  expectedPattern: text('Regular expression', 500, { trim: false })
    .superRefine((value, ctx) => {
      const problem = value === '' ? undefined : compilePattern(value).problem;
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .default(''),
  jsonPath: text('JSON path', 500)
    .superRefine((value, ctx) => {
      const problem = value === '' ? undefined : jsonPathProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .default(''),
  jsonExpected: text('Expected value', 1000, { trim: false }).default(''),
  maxResponseMs: optionalLimit('Max response time', { min: 1, max: MAX_TIMEOUT_MS, unit: ' ms' }),
  redirects: z.enum(['follow', 'none'], { error: 'Redirects: follow or none' }).default('follow'),
  watchCertExpiry: checkbox,
  certExpiryDays: wholeNumber('Days before expiry').min(1, 'Days before expiry must be at least 1').max(365, 'Days before expiry must be at most 365').default(14),
  ...tlsFields,
  timeoutMs: timeoutMs(10_000),
});

type HttpMonitor = z.infer<typeof httpFields>;

export const httpKind = {
  kind: 'http',
  displayName: 'Check My Health',
  fields: httpFields,
  secretFields: ['secretHeaders'] as const,
  /** Each secret header's value, and a token after its scheme word ("Bearer …"): a target may echo either. */
  secretParts: (m: { secretHeaders: string }) =>
    parseHeaderLines(m.secretHeaders).headers.flatMap(([, value]) => [value, ...(/^\S+\s+(\S{6,})$/.exec(value)?.slice(1) ?? [])]),
  target: (m: { url: string }) => stripCredentials(m.url),
  refine(m: HttpMonitor, issue: (path: string, message: string) => void) {
    if (m.body && (m.method === 'GET' || m.method === 'HEAD')) issue('body', `A ${m.method} request has no body: choose POST, PUT or PATCH`);
    if (m.jsonExpected && !m.jsonPath) issue('jsonPath', 'Give the JSON path whose value is expected');
    const secret = parseHeaderLines(m.secretHeaders, 'Secret headers');
    if (secret.problem) issue('secretHeaders', secret.problem);
    const plain = new Set(parseHeaderLines(m.headers).headers.map(([name]) => name.toLowerCase()));
    const both = secret.headers.find(([name]) => plain.has(name.toLowerCase()));
    if (both) issue('secretHeaders', `${both[0]} is in both header lists: keep it in one`);
    if (m.watchCertExpiry && !m.url.toLowerCase().startsWith('https:')) issue('watchCertExpiry', 'Certificate expiry needs an https:// URL');
    refineTls(m, issue);
  },
} as const;
