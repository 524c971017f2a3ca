import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../test/support/ports';
import { answer, startHttpTarget, type Handler, type HttpTarget } from '../../test/support/targets/http-target';
import { monitorOf } from '../../test/support/targets/monitor';
import { healthUrl } from './elastic';
import { runCheck } from './index';

let target: HttpTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

const health = (fields: Record<string, unknown>) =>
  JSON.stringify({ cluster_name: 'logs', status: 'green', number_of_nodes: 3, unassigned_shards: 0, ...fields });

const elastic = (url: string, auth: { user?: string; password?: string } = {}) =>
  monitorOf('elastic', { url, user: auth.user ?? '', password: auth.password ?? '', authRequired: Boolean(auth.user), watchHealth: true, timeoutMs: 2000 });

async function serve(handler: Handler) {
  target = await startHttpTarget(handler);
  return target;
}

describe('I Watch Elastic', () => {
  it('passes on a green cluster with no unassigned shards, asking {url}/_cluster/health', async () => {
    const t = await serve(answer(200, health({}), 'application/json'));
    const result = await runCheck(elastic(t.url));
    expect(result.ok).toBe(true);
    expect(result.message).toBe('Cluster logs is green, no unassigned shards; 3 nodes');
    expect(result.details).toMatchObject({ status: 'green', unassignedShards: 0, numberOfNodes: 3, httpStatus: 200 });
    expect(t.requests[0].path).toBe('/_cluster/health');
  });

  it('works with and without a trailing slash, keeping a path prefix', async () => {
    const t = await serve(answer(200, health({}), 'application/json'));
    expect((await runCheck(elastic(`${t.url}/`))).ok).toBe(true);
    expect((await runCheck(elastic(`${t.url}/es`))).ok).toBe(true);
    expect((await runCheck(elastic(`${t.url}/es/`))).ok).toBe(true);
    expect(t.requests.map((r) => r.path)).toEqual(['/_cluster/health', '/es/_cluster/health', '/es/_cluster/health']);
    expect(healthUrl('http://h:9200').toString()).toBe('http://h:9200/_cluster/health');
  });

  it('fails on a yellow cluster, saying so', async () => {
    const t = await serve(answer(200, health({ status: 'yellow' })));
    const result = await runCheck(elastic(t.url));
    expect(result.ok).toBe(false);
    expect(result.message).toBe('Cluster logs: 1 condition failed:\ncluster status: yellow vs is green');
  });

  it('fails on a red cluster with unassigned shards, saying both', async () => {
    const t = await serve(answer(200, health({ status: 'red', unassigned_shards: 7 })));
    const result = await runCheck(elastic(t.url));
    expect(result.ok).toBe(false);
    expect(result.message).toBe('Cluster logs: 2 conditions failed:\ncluster status: red vs is green\nunassigned shards: 7 vs at most 0');
  });

  it('fails on a green cluster that has unassigned shards', async () => {
    const t = await serve(answer(200, health({ unassigned_shards: 3 })));
    const result = await runCheck(elastic(t.url));
    expect(result.ok).toBe(false);
    expect(result.message).toContain('unassigned shards: 3 vs at most 0');
    expect(result.details).toMatchObject({ unassignedShards: 3 });
  });

  it('sends basic auth when required: a wrong password is an authentication failure, the right one passes', async () => {
    const expected = `Basic ${Buffer.from('elastic:changeme').toString('base64')}`;
    const t = await serve((req, res) => {
      if (req.headers.authorization !== expected) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="security"' });
        res.end('{"error":"unauthorized"}');
        return;
      }
      answer(200, health({}))(req, res);
    });
    const wrong = await runCheck(elastic(t.url, { user: 'elastic', password: 'not-it-9' }));
    expect(wrong.ok).toBe(false);
    expect(wrong.message).toContain('Authentication failed');
    expect(wrong.message).toContain('401');
    expect(JSON.stringify(wrong)).not.toContain('not-it-9');
    const right = await runCheck(elastic(t.url, { user: 'elastic', password: 'changeme' }));
    expect(right.ok).toBe(true);
  });

  it('fails on a 500, giving the status', async () => {
    const t = await serve(answer(500, 'internal error'));
    const result = await runCheck(elastic(t.url));
    expect(result.ok).toBe(false);
    expect(result.message).toContain('HTTP 500');
    expect(result.details).toMatchObject({ httpStatus: 500 });
  });

  it('fails on an answer that is not JSON', async () => {
    const t = await serve(answer(200, '{"status": "green", '));
    const result = await runCheck(elastic(t.url));
    expect(result.ok).toBe(false);
    expect(result.message).toContain('did not answer with cluster health JSON');
  });

  it('fails when the cluster cannot be reached', async () => {
    const result = await runCheck(elastic(`http://127.0.0.1:${await freePort()}`));
    expect(result.ok).toBe(false);
    expect(result.message).toContain('could not be reached');
    expect(result.message).toContain('ECONNREFUSED');
  });

  it('with health monitoring off, only asks that the cluster answers', async () => {
    const t = await serve(answer(200, health({ status: 'yellow' })));
    const result = await runCheck({ ...elastic(t.url), watchHealth: false });
    expect(result.ok).toBe(true);
    expect(result.details).toMatchObject({ status: 'yellow' });
  });
});
