import { Ajv2020 } from 'ajv/dist/2020.js';
import type { APIResponse } from '@playwright/test';
import { expect, logIn, test } from './support/fixtures';

/**
 * Every route of the REST API, called on the production build, answers with a status its OpenAPI
 * operation lists and a body the document's schema for that status accepts.
 */
type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: { 'application/json': { schema: { $ref: string } } } }> }>> };

function validatorFor(doc: Doc) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema(doc as object, 'openapi.json');
  const seen = new Set<string>();
  return {
    seen,
    async check(template: string, method: string, response: APIResponse): Promise<unknown> {
      const operation = doc.paths[template]?.[method];
      expect(operation, `${method} ${template} is in the document`).toBeTruthy();
      const status = String(response.status());
      const documented = operation.responses[status];
      expect(documented, `${method.toUpperCase()} ${template} answered ${status}, which the document does not list: ${await response.text()}`).toBeTruthy();
      seen.add(`${method} ${template}`);
      if (!documented.content) return undefined;
      const body = await response.json();
      const validate = ajv.getSchema(`openapi.json${documented.content['application/json'].schema.$ref}`)!;
      expect(validate(body) ? [] : validate.errors, `${method.toUpperCase()} ${template} ${status} matches its schema`).toEqual([]);
      return body;
    },
  };
}

test('every route answers as the OpenAPI document describes', async ({ page }) => {
  const docResponse = await page.request.get('/api/openapi.json');
  expect(docResponse.status()).toBe(200);
  const doc = (await docResponse.json()) as Doc;
  const { check, seen } = validatorFor(doc);
  await logIn(page);
  const api = page.request;
  const json = { 'content-type': 'application/json' };

  await check('/api/health', 'get', await api.get('/api/health'));
  await check('/api/status', 'get', await api.get('/api/status'));
  await check('/api/dashboard', 'get', await api.get('/api/dashboard?limit=5'));
  await check('/api/dashboard', 'get', await api.get('/api/dashboard?limit=zero'));

  const channel = (await check('/api/channels', 'post', await api.post('/api/channels', { headers: json, data: { name: 'rest api channel', url: `${process.env.E2E_SLACK_BASE}/services/T0/B0/rest-api` } }))) as { id: string };
  await check('/api/channels', 'post', await api.post('/api/channels', { headers: json, data: { name: '', url: 'not a url' } }));
  await check('/api/channels', 'get', await api.get('/api/channels'));
  await check('/api/channels/{id}', 'get', await api.get(`/api/channels/${channel.id}`));
  await check('/api/channels/{id}', 'get', await api.get('/api/channels/nope'));
  await check('/api/channels/{id}', 'patch', await api.patch(`/api/channels/${channel.id}`, { headers: json, data: { name: 'rest api channel 2' } }));
  await check('/api/channels/{id}', 'patch', await api.patch(`/api/channels/${channel.id}`, { headers: json, data: { colour: 'red' } }));
  await check('/api/channels/{id}/test', 'post', await api.post(`/api/channels/${channel.id}/test`));

  const monitor = { kind: 'tcp', name: 'rest api tcp', host: '127.0.0.1', port: 9, cron: '0 0 1 1 *', channelIds: [channel.id] };
  const created = (await check('/api/monitors', 'post', await api.post('/api/monitors', { headers: json, data: monitor }))) as { id: string };
  await check('/api/monitors', 'post', await api.post('/api/monitors', { headers: json, data: { ...monitor, port: 99999 } }));
  await check('/api/monitors', 'post', await api.post('/api/monitors', { headers: json, data: monitor }));
  await check('/api/monitors', 'get', await api.get('/api/monitors?limit=2'));
  await check('/api/monitors', 'get', await api.get('/api/monitors?colour=red'));
  await check('/api/monitors/{id}', 'get', await api.get(`/api/monitors/${created.id}`));
  await check('/api/monitors/{id}', 'get', await api.get('/api/monitors/mnope'));
  await check('/api/monitors/{id}', 'put', await api.put(`/api/monitors/${created.id}`, { headers: json, data: { ...monitor, port: 10 } }));
  await check('/api/monitors/{id}', 'patch', await api.patch(`/api/monitors/${created.id}`, { headers: json, data: { enabled: false } }));
  await check('/api/monitors/{id}', 'patch', await api.patch(`/api/monitors/${created.id}`, { headers: json, data: { enabled: 'yes' } }));
  await check('/api/monitors/{id}/run', 'post', await api.post(`/api/monitors/${created.id}/run`));
  await check('/api/monitors/{id}/status', 'get', await api.get(`/api/monitors/${created.id}/status`));
  await check('/api/monitors/{id}/history', 'get', await api.get(`/api/monitors/${created.id}/history?period=7d`));
  await check('/api/monitors/{id}/history', 'get', await api.get(`/api/monitors/${created.id}/history?period=year`));
  await check('/api/monitors/{id}/incidents', 'get', await api.get(`/api/monitors/${created.id}/incidents`));
  await check('/api/monitors/{id}/ping-url', 'get', await api.get(`/api/monitors/${created.id}/ping-url`));

  const job = (await check('/api/monitors', 'post', await api.post('/api/monitors', { headers: json, data: { kind: 'heartbeat', name: 'rest api job', cron: '0 3 * * *', graceSeconds: 600 } }))) as { id: string };
  const { pingUrl } = (await check('/api/monitors/{id}/ping-url', 'get', await api.get(`/api/monitors/${job.id}/ping-url`))) as { pingUrl: string };
  await check('/api/monitors/{id}/ping-url', 'post', await api.post('/api/monitors/mnope/ping-url'));
  const rotated = (await check('/api/monitors/{id}/ping-url', 'post', await api.post(`/api/monitors/${job.id}/ping-url`))) as { pingUrl: string };
  await check('/api/ping/{token}', 'get', await api.get(pingUrl));
  await check('/api/ping/{token}', 'post', await api.post(rotated.pingUrl));
  for (const suffix of ['/start', '/fail']) {
    await check(`/api/ping/{token}${suffix}`, 'get', await api.get(`${rotated.pingUrl}${suffix}`));
    await check(`/api/ping/{token}${suffix}`, 'post', await api.post(`${rotated.pingUrl}${suffix}`));
  }

  await check('/api/alerts', 'get', await api.get('/api/alerts?limit=5'));
  await check('/api/alerts', 'get', await api.get('/api/alerts?limit=0'));
  await check('/api/dead-letters', 'get', await api.get('/api/dead-letters'));
  await check('/api/dead-letters/{id}/redrive', 'post', await api.post('/api/dead-letters/1-0/redrive'));
  await check('/api/dead-letters/{id}', 'delete', await api.delete('/api/dead-letters/1-0'));
  await check('/api/openapi.json', 'get', docResponse);
  const metrics = await api.get('/api/metrics');
  await check('/api/metrics', 'get', metrics);
  expect(await metrics.text()).toContain('# TYPE');

  await check('/api/me', 'get', await api.get('/api/me'));
  const token = (await check('/api/tokens', 'post', await api.post('/api/tokens', { headers: json, data: { name: 'rest api token', role: 'viewer' } }))) as { id: string; token: string };
  await check('/api/tokens', 'post', await api.post('/api/tokens', { headers: json, data: { name: '', role: 'owner' } }));
  await check('/api/tokens', 'get', await api.get('/api/tokens?user=all'));
  const asToken = await api.get('/api/me', { headers: { Authorization: `Bearer ${token.token}`, cookie: '' } });
  expect(((await asToken.json()) as { via: string }).via).toBe('token');
  await check('/api/tokens/{id}', 'delete', await api.delete(`/api/tokens/${token.id}`));
  await check('/api/tokens/{id}', 'delete', await api.delete(`/api/tokens/${token.id}`));
  const invited = (await check('/api/users', 'post', await api.post('/api/users', { headers: json, data: { name: 'restapi', role: 'viewer' } }))) as { user: { id: string } };
  await check('/api/users', 'post', await api.post('/api/users', { headers: json, data: { name: 'x', role: 'root' } }));
  await check('/api/users', 'get', await api.get('/api/users'));
  await check('/api/users/{id}', 'get', await api.get(`/api/users/${invited.user.id}`));
  await check('/api/users/{id}', 'patch', await api.patch(`/api/users/${invited.user.id}`, { headers: json, data: { role: 'editor' } }));
  await check('/api/users/{id}/invite', 'post', await api.post(`/api/users/${invited.user.id}/invite`));
  await check('/api/users/{id}', 'delete', await api.delete(`/api/users/${invited.user.id}`));
  await check('/api/users/{id}', 'get', await api.get(`/api/users/${invited.user.id}`));
  await check('/api/audit', 'get', await api.get('/api/audit?action=monitor&limit=5'));
  await check('/api/audit', 'get', await api.get('/api/audit?action=everything'));

  await check('/api/tags', 'get', await api.get('/api/tags'));
  const oneClick = (await check('/api/monitors/{id}/maintenance', 'post', await api.post(`/api/monitors/${created.id}/maintenance`, { headers: json, data: { minutes: 60 } }))) as { id: string };
  await check('/api/monitors/{id}/maintenance', 'post', await api.post(`/api/monitors/${created.id}/maintenance`, { headers: json, data: { minutes: -1 } }));
  const now = Date.now();
  const window = (await check('/api/maintenance', 'post', await api.post('/api/maintenance', { headers: json, data: { type: 'once', name: 'rest api window', startsAt: now + 3_600_000, endsAt: now + 7_200_000, appliesTo: 'all' } }))) as { id: string };
  await check('/api/maintenance', 'post', await api.post('/api/maintenance', { headers: json, data: { type: 'sometimes' } }));
  await check('/api/maintenance', 'get', await api.get('/api/maintenance'));
  await check('/api/maintenance/{id}', 'get', await api.get(`/api/maintenance/${window.id}`));
  await check('/api/maintenance/{id}', 'put', await api.put(`/api/maintenance/${window.id}`, { headers: json, data: { type: 'recurring', name: 'rest api weekly', cron: '0 3 * * 0', timeZone: 'UTC', durationMinutes: 60, appliesTo: 'all' } }));
  await check('/api/maintenance/{id}', 'delete', await api.delete(`/api/maintenance/${window.id}`));
  await check('/api/maintenance/{id}', 'delete', await api.delete(`/api/maintenance/${oneClick.id}`));
  await check('/api/maintenance/{id}', 'get', await api.get(`/api/maintenance/${window.id}`));
  await check('/api/monitors/{id}', 'delete', await api.delete(`/api/monitors/${created.id}`));
  await check('/api/channels/{id}', 'delete', await api.delete(`/api/channels/${channel.id}`));
  await check('/api/channels/{id}', 'delete', await api.delete(`/api/channels/${channel.id}`));

  const all = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`));
  expect(all.filter((operation) => !seen.has(operation)), 'operations this test did not call').toEqual([]);
});

test('without credentials every route but health, the document and the ping URLs answers 401 in the documented shape', async ({ playwright }) => {
  const anonymous = await playwright.request.newContext({ baseURL: process.env.E2E_BASE_URL });
  const doc = (await (await anonymous.get('/api/openapi.json')).json()) as Doc;
  const { check } = validatorFor(doc);
  for (const [template, ops] of Object.entries(doc.paths)) {
    const path = template.replace('{id}', 'x1').replace('{token}', 'x1');
    for (const method of Object.keys(ops)) {
      const response = await anonymous.fetch(path, { method: method.toUpperCase(), headers: { 'content-type': 'application/json' }, data: method === 'get' || method === 'delete' ? undefined : '{}' });
      if (template === '/api/health' || template === '/api/openapi.json') expect(response.status()).toBe(200);
      else if (template.startsWith('/api/ping/')) expect(response.status(), `${method} ${template}`).toBe(404); // no credentials needed: x1 is no token
      else expect(response.status(), `${method} ${template}`).toBe(401);
      await check(template, method, response);
    }
  }
  await anonymous.dispose();
});
