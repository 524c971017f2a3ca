import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeCertificates, type TestCertificates } from '../../test/support/certs';
import { answer, startHttpTarget, type HttpTarget } from '../../test/support/targets/http-target';
import { monitorOf } from '../../test/support/targets/monitor';
import { runCheck } from './index';

let target: HttpTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

// Certificates made by openssl for this file: one valid for 90 days, one expiring in 5 days.
let lasting: TestCertificates;
let expiring: TestCertificates;
beforeAll(() => {
  lasting = makeCertificates({ serverDays: 90 });
  expiring = makeCertificates({ serverDays: 5 });
});

type HttpFields = Parameters<typeof monitorOf<'http'>>[1];
const health = (url: string, fields: Partial<HttpFields> = {}) => monitorOf('http', { url, timeoutMs: 10_000, ...fields });
const minute = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

describe('Check My Health over HTTPS: whom to trust', () => {
  it('refuses a certificate from a private CA by default, saying what would change that', async () => {
    target = await startHttpTarget(answer(200, 'ok'), lasting);
    const result = await runCheck(health(target.url));
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/could not be fetched: .*(UNABLE_TO_VERIFY_LEAF_SIGNATURE|unable to verify)/);
    expect(result.message).toContain('(give the CA certificate, or turn verification off)');
  });

  it('trusts the CA given as PEM text, and only that CA', async () => {
    target = await startHttpTarget(answer(200, 'ok'), lasting);
    expect((await runCheck(health(target.url, { caCert: lasting.caPem }))).ok).toBe(true);
    const other = await runCheck(health(target.url, { caCert: expiring.caPem }));
    expect(other.ok).toBe(false);
    expect(other.message).toContain('could not be fetched');
  });

  it('with verification explicitly off, takes any certificate', async () => {
    target = await startHttpTarget(answer(200, 'ok'), lasting);
    expect((await runCheck(health(target.url, { tlsInsecure: true }))).ok).toBe(true);
  });
});

describe('Check My Health over HTTPS: certificate expiry', () => {
  it('alerts 14 days ahead by default: a certificate expiring in 5 days fails, with its expiry date', async () => {
    target = await startHttpTarget(answer(200, 'ok'), expiring);
    const result = await runCheck(health(target.url, { caCert: expiring.caPem, watchCertExpiry: true }));
    expect(result.ok).toBe(false);
    expect(result.message).toContain(`certificate validity on 127.0.0.1: 5 days vs at least 14 days (expires ${minute(expiring.validTo)} UTC)`);
    expect(result.details.certificates).toEqual([{ host: '127.0.0.1', subject: '127.0.0.1', validTo: new Date(expiring.validTo).toISOString() }]);
  });

  it('passes when the certificate outlasts the days asked for, and says when it expires', async () => {
    target = await startHttpTarget(answer(200, 'ok'), expiring);
    const result = await runCheck(health(target.url, { caCert: expiring.caPem, watchCertExpiry: true, certExpiryDays: 3 }));
    expect(result.ok).toBe(true);
    expect(result.message).toContain(`certificate validity on 127.0.0.1: 5 days vs at least 3 days (expires ${minute(expiring.validTo)} UTC)`);
  });

  it('checks expiry with verification off as well', async () => {
    target = await startHttpTarget(answer(200, 'ok'), expiring);
    const result = await runCheck(health(target.url, { tlsInsecure: true, watchCertExpiry: true }));
    expect(result.ok).toBe(false);
    expect(result.message).toContain('5 days vs at least 14 days');
  });

  it('does not look at expiry unless asked', async () => {
    target = await startHttpTarget(answer(200, 'ok'), expiring);
    const result = await runCheck(health(target.url, { caCert: expiring.caPem }));
    expect(result.ok).toBe(true);
    expect(result.message).not.toContain('certificate');
  });
});
