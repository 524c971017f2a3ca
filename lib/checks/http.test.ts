import { afterEach, describe, expect, it } from 'vitest';
import { freePort, waitFor } from '../../test/support/ports';
import { answer, startHttpTarget, type HttpTarget } from '../../test/support/targets/http-target';
import { monitorOf } from '../../test/support/targets/monitor';
import { runCheck } from './index';

let target: HttpTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

const health = (url: string, expectedText: string, timeoutMs = 2000) => monitorOf('http', { url, expectedText, timeoutMs });

describe('Check My Health', () => {
  it('passes on a 2xx whose body contains the expected text, reporting the status and an excerpt', async () => {
    target = await startHttpTarget(answer(200, 'status: all systems go'));
    const result = await runCheck(health(`${target.url}/health`, 'systems go'));
    expect(result.ok).toBe(true);
    expect(result.message).toContain('HTTP 200');
    expect(result.details).toMatchObject({ status: 200, bodyExcerpt: 'status: all systems go' });
    expect(target.requests[0]).toMatchObject({ method: 'GET', path: '/health' });
  });

  it('passes on any body when no text is expected', async () => {
    target = await startHttpTarget(answer(204, ''));
    const result = await runCheck(health(target.url, ''));
    expect(result.ok).toBe(true);
  });

  it('fails when the body lacks the expected text, and shows what came back', async () => {
    target = await startHttpTarget(answer(200, 'maintenance mode'));
    const result = await runCheck(health(target.url, 'systems go'));
    expect(result.ok).toBe(false);
    expect(result.message).toContain('"systems go" in the body: missing vs is found');
    expect(result.message).toContain('maintenance mode');
  });

  it('fails on a 500 even when its body contains the expected text', async () => {
    target = await startHttpTarget(answer(500, 'systems go? no: database down'));
    const result = await runCheck(health(target.url, 'systems go'));
    expect(result.ok).toBe(false);
    expect(result.message).toContain('HTTP 500');
    expect(result.details).toMatchObject({ status: 500 });
  });

  it('bounds the excerpt and reads at most about 1 MB of a huge body', async () => {
    const huge = `${'x'.repeat(2 * 1024 * 1024)}needle`;
    target = await startHttpTarget(answer(200, huge));
    const result = await runCheck(health(target.url, 'needle'));
    expect(result.ok).toBe(false);
    expect(result.details).toMatchObject({ bodyTruncated: true, bodyBytes: 1024 * 1024 });
    expect(String(result.details.bodyExcerpt).length).toBeLessThanOrEqual(200);
    expect(result.message.length).toBeLessThan(400);
    await waitFor(() => target!.openSockets() === 0, 2000, 20, 'the cut-off connection to close');
  });

  it('follows redirects, and fails on a redirect loop with the status it ended on', async () => {
    target = await startHttpTarget((req, res) => {
      if (req.url === '/health') return answer(200, 'systems go')(req, res);
      res.writeHead(302, { location: req.url === '/old' ? '/health' : '/loop' });
      res.end();
    });
    const moved = await runCheck(health(`${target.url}/old`, 'systems go'));
    expect(moved.ok).toBe(true);
    expect(moved.details).toMatchObject({ finalUrl: `${target.url}/health` });
    const loop = await runCheck(health(`${target.url}/loop`, ''));
    expect(loop.ok).toBe(false);
    expect(loop.message).toContain('HTTP 302');
    expect(target.requests.filter((r) => r.path === '/loop')).toHaveLength(6);
  });

  it('fails on a network error, naming it', async () => {
    const result = await runCheck(health(`http://127.0.0.1:${await freePort()}/`, ''));
    expect(result.ok).toBe(false);
    expect(result.message).toContain('ECONNREFUSED');
  });

  it('gives up on a reply slower than the timeout, on time, and closes the connection', async () => {
    target = await startHttpTarget((_req, res) => setTimeout(() => res.end('systems go'), 3000).unref());
    const result = await runCheck(health(target.url, 'systems go', 300));
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/timed out/);
    expect(result.durationMs).toBeGreaterThanOrEqual(295);
    expect(result.durationMs).toBeLessThan(800);
    await waitFor(() => target!.openSockets() === 0, 1000, 20, 'the server to see the socket closed');
  });

  it('leaves no keep-alive socket behind after a normal answer', async () => {
    target = await startHttpTarget(answer(200, 'ok'));
    expect((await runCheck(health(target.url, 'ok'))).ok).toBe(true);
    await waitFor(() => target!.openSockets() === 0, 1000, 20, 'the socket to close');
  });

  it('never shows the password of a URL with credentials', async () => {
    target = await startHttpTarget((req, res) => {
      res.writeHead(503);
      res.end(`down; you sent ${Buffer.from(String(req.headers.authorization).slice(6), 'base64').toString()}`);
    });
    const result = await runCheck(health(`http://admin:s3cret-pw@127.0.0.1:${target.port}/`, ''));
    expect(result.message).toContain('you sent admin:***');
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('s3cret-pw');
    expect(target.requests[0].authorization).toBe(`Basic ${Buffer.from('admin:s3cret-pw').toString('base64')}`);
  });
});
