import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeCertificates, type TestCertificates } from '../../test/support/certs';
import { startElasticStandIn } from '../../test/support/targets/elastic-stand-in';
import { startHttpTarget, type HttpTarget } from '../../test/support/targets/http-target';
import { monitorOf } from '../../test/support/targets/monitor';
import { runCheck } from './index';

let target: HttpTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

let certificates: TestCertificates;
beforeAll(() => {
  certificates = makeCertificates({ serverDays: 30 });
});

type ElasticFields = Parameters<typeof monitorOf<'elastic'>>[1];
const elastic = (url: string, fields: Partial<ElasticFields> = {}) => monitorOf('elastic', { url, watchHealth: true, timeoutMs: 10_000, ...fields });

// An API key as Elasticsearch hands it out: its id, the key, and base64 of "id:key" (the encoded form).
const KEY_ID = 'VuaCfGcBCdbkQm-e5aOx';
const KEY = 'ui2lp2axTNmsyakw9tvNnw';
const ENCODED = Buffer.from(`${KEY_ID}:${KEY}`).toString('base64');

describe('I Watch Elastic: API key', () => {
  it('sends Authorization: ApiKey with the encoded key, typed encoded or as id:key', async () => {
    target = await startElasticStandIn({ health: 'cluster-health-green', authorization: `ApiKey ${ENCODED}` });
    expect((await runCheck(elastic(target.url, { authRequired: true, authMethod: 'apiKey', apiKey: ENCODED }))).ok).toBe(true);
    expect((await runCheck(elastic(target.url, { authRequired: true, authMethod: 'apiKey', apiKey: `${KEY_ID}:${KEY}` }))).ok).toBe(true);
  });

  it('a wrong key is an authentication failure; no key stored says so', async () => {
    target = await startElasticStandIn({ health: 'cluster-health-green', authorization: `ApiKey ${ENCODED}` });
    const wrong = await runCheck(elastic(target.url, { authRequired: true, authMethod: 'apiKey', apiKey: Buffer.from(`${KEY_ID}:nope`).toString('base64') }));
    expect(wrong.message).toBe(`Authentication failed at ${target.url}/_cluster/health (HTTP 401)`);
    const none = await runCheck(elastic(target.url, { authRequired: true, authMethod: 'apiKey' }));
    expect(none.message).toBe(`${target.url}/_cluster/health: no API key is stored: enter it in the monitor's settings`);
  });

  it('never lets the key, in any of its forms, into the message or the details', async () => {
    target = await startHttpTarget((req, res) => {
      const sent = String(req.headers.authorization).replace(/^ApiKey /, '');
      res.writeHead(500);
      res.end(`bad key ${sent} = ${Buffer.from(sent, 'base64').toString()}`);
    });
    const result = await runCheck(elastic(target.url, { authRequired: true, authMethod: 'apiKey', apiKey: ENCODED }));
    expect(result.message).toContain('bad key *** = ***');
    expect(JSON.stringify(result)).not.toMatch(new RegExp(`${ENCODED.replace(/=+$/, '')}|${KEY}`));
  });

  it('tells a user without the monitor privilege which API it may not read', async () => {
    target = await startHttpTarget((req, res) => {
      if (req.url?.startsWith('/_cluster/health')) return void res.end(JSON.stringify({ cluster_name: 'logs', status: 'green' }));
      res.writeHead(403);
      res.end('{"error":{"type":"security_exception"},"status":403}');
    });
    const result = await runCheck(elastic(target.url, { maxHeapPercent: 90 }));
    expect(result.message).toBe(`The user may not read node stats at ${target.url}/_nodes/stats/jvm,fs (HTTP 403)`);
  });
});

describe('I Watch Elastic over HTTPS', () => {
  it('refuses a private CA by default, trusts the CA given, or with verification explicitly off, any certificate', async () => {
    target = await startElasticStandIn({ health: 'cluster-health-green', tls: certificates });
    const refused = await runCheck(elastic(target.url));
    expect(refused.ok).toBe(false);
    expect(refused.message).toContain('(give the CA certificate, or turn verification off)');
    expect((await runCheck(elastic(target.url, { caCert: certificates.caPem }))).ok).toBe(true);
    expect((await runCheck(elastic(target.url, { tlsInsecure: true }))).ok).toBe(true);
  });
});
