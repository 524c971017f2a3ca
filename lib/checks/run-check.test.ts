import { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MONITOR_KINDS } from '../monitors/registry';
import type { Monitor } from '../monitors/schema';
import { waitFor } from '../../test/support/ports';
import { startHttpTarget, type HttpTarget } from '../../test/support/targets/http-target';
import { monitorOf, redisMonitorOf } from '../../test/support/targets/monitor';
import { startSilentServer, type SilentServer } from '../../test/support/targets/silent-server';
import { CHECKS, runCheck } from './index';

let silent: SilentServer | undefined;
let target: HttpTarget | undefined;
afterEach(async () => {
  await silent?.close();
  await target?.close();
  silent = undefined;
  target = undefined;
});

const activeHandles = () => (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
/** Our own sockets to `port` that are still open (the server's side has localPort === port). */
const clientSocketsTo = (port: number) => activeHandles().filter((h) => h instanceof Socket && h.remotePort === port && !h.destroyed);

const LIMIT = 300;
/** Returning on time: the limit, plus a little for a loaded two-core machine. */
const MARGIN = 400;

describe('runCheck', () => {
  it('has a check for every monitor kind', () => {
    expect(Object.keys(CHECKS).sort()).toEqual([...MONITOR_KINDS].sort());
  });

  it('Remind Me passes and carries the message', async () => {
    const result = await runCheck(monitorOf('remind', { message: 'Rotate the on-call pager' }));
    expect(result).toMatchObject({ ok: true, message: 'Rotate the on-call pager' });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  const hanging: [string, (port: number) => Monitor, (port: number) => string][] = [
    ['http', (port) => monitorOf('http', { url: `http://127.0.0.1:${port}/health`, expectedText: '', timeoutMs: LIMIT }), (port) => `http://127.0.0.1:${port}/health`],
    ['elastic', (port) => monitorOf('elastic', { url: `http://127.0.0.1:${port}`, user: '', password: '', authRequired: false, watchHealth: true, timeoutMs: LIMIT }), (port) => `http://127.0.0.1:${port}/`],
    ['redis', (port) => redisMonitor(port, 'standalone', ''), (port) => `127.0.0.1:${port}`],
    ['redis with a password', (port) => redisMonitor(port, 'standalone', 'pw-123'), (port) => `127.0.0.1:${port}`],
    ['redis cluster', (port) => redisMonitor(port, 'cluster', ''), (port) => `127.0.0.1:${port}`],
  ];

  it.each(hanging)('gives up on a %s target that accepts and never answers, on time, closing every socket', async (_name, build, shown) => {
    silent = await startSilentServer();
    const server = silent;
    const started = performance.now();
    const result = await runCheck(build(server.port));
    const elapsed = performance.now() - started;
    expect(clientSocketsTo(server.port)).toEqual([]);
    expect(result.ok).toBe(false);
    expect(result.message).toBe(`No answer from ${shown(server.port)} within ${LIMIT} ms (timed out)`);
    expect(result.details).toMatchObject({ timedOut: true, timeoutMs: LIMIT });
    expect(elapsed).toBeGreaterThanOrEqual(LIMIT - 5);
    expect(elapsed).toBeLessThan(LIMIT + MARGIN);
    expect(server.accepted()).toBeGreaterThanOrEqual(1);
    await waitFor(() => server.openSockets() === 0, 1000, 10, 'the target to see its sockets closed');
    // Nothing left retrying or reconnecting in the background: no socket of ours to it shows up.
    // (Counting the server's accepts would not do: other test files may connect to a port they
    // took for closed that this server has since been given.)
    for (let i = 0; i < 30; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(clientSocketsTo(server.port)).toEqual([]);
    }
  });

  it.each(hanging)('closes its sockets before returning even when a frozen %s target never reads the goodbye', async (_name, build) => {
    silent = await startSilentServer({ frozen: true });
    const result = await runCheck(build(silent.port));
    expect(result.ok).toBe(false);
    expect(clientSocketsTo(silent.port)).toEqual([]);
  });

  it("caps the monitor's own timeout with maxTimeoutMs", async () => {
    silent = await startSilentServer();
    const started = performance.now();
    const result = await runCheck(redisMonitor(silent.port, 'standalone', '', 5000), { maxTimeoutMs: LIMIT });
    expect(performance.now() - started).toBeLessThan(LIMIT + MARGIN);
    expect(result.message).toContain(`within ${LIMIT} ms`);
  });

  it('resolves with a failed result when a check throws', async () => {
    const broken = monitorOf('elastic', { url: 'not a url', user: '', password: '', authRequired: false, watchHealth: true, timeoutMs: LIMIT });
    const result = await runCheck(broken);
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/^Check failed on not a url: /);
  });

  it('resolves with a failed result for a kind it does not know', async () => {
    const result = await runCheck({ ...monitorOf('remind', { message: 'x' }), kind: 'ftp' } as unknown as Monitor);
    expect(result).toMatchObject({ ok: false, message: 'Unknown check kind "ftp"' });
  });

  it('bounds the message length', async () => {
    const result = await runCheck(monitorOf('remind', { message: 'word '.repeat(2000) }));
    expect(result.message.length).toBeLessThanOrEqual(2000);
    expect(result.message.endsWith('…')).toBe(true);
  });

  it('never lets a password into the message or the details, even when the target echoes it', async () => {
    target = await startHttpTarget((req, res) => {
      const decoded = Buffer.from(String(req.headers.authorization).split(' ')[1], 'base64').toString();
      res.writeHead(500);
      res.end(`rejected credentials ${decoded} "quoted"`);
    });
    const password = 'hunter2"quoted';
    const result = await runCheck(monitorOf('elastic', { url: target.url, user: 'ops', password, authRequired: true, watchHealth: true, timeoutMs: 2000 }));
    expect(result.ok).toBe(false);
    expect(result.message).toContain('rejected credentials ops:***');
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });
});

function redisMonitor(port: number, mode: 'standalone' | 'cluster', password: string, timeoutMs = LIMIT) {
  return redisMonitorOf({
    host: '127.0.0.1', port, password, mode, otherNodes: [], tls: false,
    watchHealth: true, watchKeys: true, minKeys: 0, maxKeys: 10, watchIops: true, minIops: 0, maxIops: 1000, timeoutMs,
  });
}
