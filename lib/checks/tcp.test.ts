import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../test/support/ports';
import { monitorOf } from '../../test/support/targets/monitor';
import { runCheck } from './index';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function listening(): Promise<{ port: number; accepted: () => number }> {
  let accepted = 0;
  server = createServer((socket) => {
    accepted += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, accepted: () => accepted };
}

describe('Is It Reachable', () => {
  it('passes when the port accepts a connection, and hangs up', async () => {
    const { port, accepted } = await listening();
    const result = await runCheck(monitorOf('tcp', { host: '127.0.0.1', port, timeoutMs: 1000 }));
    expect(result.ok).toBe(true);
    expect(result.message).toContain(`127.0.0.1:${port} accepted a TCP connection`);
    expect(result.details).toMatchObject({ address: '127.0.0.1' });
    expect(accepted()).toBe(1);
  });

  it('fails on a closed port, naming the reason', async () => {
    const port = await freePort();
    const result = await runCheck(monitorOf('tcp', { host: '127.0.0.1', port, timeoutMs: 1000 }));
    expect(result.ok).toBe(false);
    expect(result.message).toBe(`127.0.0.1:${port} is not reachable: connect ECONNREFUSED 127.0.0.1:${port}`);
  });

  it('resolves host names, trying each address family', async () => {
    const { port } = await listening();
    const result = await runCheck(monitorOf('tcp', { host: 'localhost', port, timeoutMs: 1000 }));
    expect(result.ok).toBe(true);
    expect(result.message).toContain(`localhost:${port} accepted`);
    expect(result.details).toMatchObject({ address: '127.0.0.1', dnsMs: expect.any(Number) });
  });

  it('fails on a name that does not resolve', async () => {
    const result = await runCheck(monitorOf('tcp', { host: 'no-such-host.invalid', port: 80, timeoutMs: 1000 }));
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/^(no-such-host\.invalid:80 is not reachable: .*ENOTFOUND|No answer from no-such-host\.invalid:80 within 1000 ms)/);
  });
});

describe('Why Latency', () => {
  it('passes on a fast local port and reports the measured milliseconds', async () => {
    const { port } = await listening();
    const result = await runCheck(monitorOf('latency', { host: '127.0.0.1', port, maxLatencyMs: 500, timeoutMs: 1000 }));
    expect(result.ok).toBe(true);
    expect(result.details.latencyMs).toEqual(expect.any(Number));
    expect(result.details.latencyMs as number).toBeLessThan(500);
    expect(result.message).toMatch(/took \d+ ms \(max 500 ms\)/);
  });

  it('fails when the connect fails', async () => {
    const port = await freePort();
    const result = await runCheck(monitorOf('latency', { host: '127.0.0.1', port, maxLatencyMs: 500, timeoutMs: 1000 }));
    expect(result.ok).toBe(false);
    expect(result.message).toContain('ECONNREFUSED');
  });
});
