import { describe, expect, it } from 'vitest';
import { fieldErrorsOf, monitorInputSchema } from '../schema';

const schema = monitorInputSchema(1);
const http = (extra: Record<string, unknown>) => schema.safeParse({ kind: 'http', name: 'site', cron: '* * * * *', url: 'https://app.example.com/health', ...extra });
const errorsOf = (extra: Record<string, unknown>) => {
  const parsed = http(extra);
  return parsed.success ? {} : fieldErrorsOf(parsed.error);
};

describe('Check My Health: settings', () => {
  it('defaults to what it always did: GET, 200–299, redirects followed, no other condition', () => {
    const parsed = http({});
    expect(parsed.success && parsed.data).toMatchObject({
      method: 'GET', headers: '', secretHeaders: '', body: '', acceptedStatus: '200-299', expectedText: '', expectedPattern: '', jsonPath: '',
      maxResponseMs: null, redirects: 'follow', watchCertExpiry: false, certExpiryDays: 14, caCert: '', tlsInsecure: false,
    });
  });

  it('takes every condition at once', () => {
    const parsed = http({
      method: 'POST', headers: 'Accept: application/json', secretHeaders: 'Authorization: Bearer x', body: '{}', acceptedStatus: '200-299,301',
      expectedText: 'ok', expectedPattern: 'v\\d+', jsonPath: '$.status', jsonExpected: 'ok', maxResponseMs: 500, redirects: 'none',
      watchCertExpiry: true, certExpiryDays: 30, tlsInsecure: true,
    });
    expect(parsed.success).toBe(true);
  });

  it('refuses header lines that are not Name: value, or headers imalert sets itself', () => {
    expect(errorsOf({ headers: 'Accept application/json' }).headers).toEqual(['Headers, line 1: write each header as Name: value']);
    expect(errorsOf({ headers: 'Accept: */*\nContent-Length: 3' }).headers).toEqual(['Headers, line 2: Content-Length is set by imalert itself']);
    expect(errorsOf({ secretHeaders: 'Bearer abc' }).secretHeaders).toEqual(['Secret headers, line 1: write each header as Name: value']);
    expect(errorsOf({ headers: 'X-Key: a', secretHeaders: 'x-key: b' }).secretHeaders).toEqual(['x-key is in both header lists: keep it in one']);
  });

  it('refuses status codes that are not codes or ranges', () => {
    expect(errorsOf({ acceptedStatus: '2xx' }).acceptedStatus?.[0]).toBe('Accepted status codes: "2xx" is not a code (100–599) or a range like 200-299');
    expect(errorsOf({ acceptedStatus: '299-200' }).acceptedStatus).toHaveLength(1);
    expect(errorsOf({ acceptedStatus: ' ' }).acceptedStatus).toEqual(['Accepted status codes: give codes or ranges, like 200-299,301']);
  });

  it('refuses a regular expression RE2 cannot compile, saying why', () => {
    expect(errorsOf({ expectedPattern: '(ok' }).expectedPattern?.[0]).toMatch(/^Regular expression: missing closing \)/);
    expect(errorsOf({ expectedPattern: '(?=ok)' }).expectedPattern?.[0]).toMatch(/^Regular expression: invalid or unsupported Perl syntax/);
    expect(errorsOf({ expectedPattern: 'x'.repeat(501) }).expectedPattern).toEqual(['Regular expression is at most 500 characters']);
  });

  it('refuses a JSON path that is not valid, or that would run a regular expression', () => {
    expect(errorsOf({ jsonPath: 'status' }).jsonPath).toEqual(['JSON path starts with $, like $.status or $.checks[0].state']);
    expect(errorsOf({ jsonPath: '$.checks[' }).jsonPath).toEqual(['JSON path is not valid at character 10']);
    expect(errorsOf({ jsonPath: '$.a[?match(@.b, "(x+)+")]' }).jsonPath?.[0]).toMatch(/match\(\) and search\(\) are not supported/);
    expect(errorsOf({ jsonExpected: 'ok' }).jsonPath).toEqual(['Give the JSON path whose value is expected']);
  });

  it('refuses what cannot go together', () => {
    expect(errorsOf({ body: 'x=1' }).body).toEqual(['A GET request has no body: choose POST, PUT or PATCH']);
    expect(errorsOf({ url: 'http://app.example.com/', watchCertExpiry: true }).watchCertExpiry).toEqual(['Certificate expiry needs an https:// URL']);
    expect(errorsOf({ tlsInsecure: true, caCert: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' }).tlsInsecure).toEqual(['Choose a CA certificate or no verification, not both']);
    expect(errorsOf({ caCert: 'not a certificate' }).caCert?.[0]).toMatch(/^CA certificate must be PEM text/);
    expect(errorsOf({ method: 'TRACE' }).method?.[0]).toMatch(/^Method is one of GET, HEAD/);
    expect(errorsOf({ maxResponseMs: 0 }).maxResponseMs).toEqual(['Max response time must be at least 1 ms']);
    expect(errorsOf({ certExpiryDays: 0 }).certExpiryDays).toEqual(['Days before expiry must be at least 1']);
  });
});
