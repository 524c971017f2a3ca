import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monitorOf } from '../../test/support/targets/monitor';
import { startSlowAcceptor, type SlowAcceptor } from '../../test/support/targets/slow-acceptor';
import { runCheck } from './index';

let acceptor: SlowAcceptor;
beforeAll(async () => {
  acceptor = await startSlowAcceptor();
});
afterAll(async () => {
  await acceptor?.stop();
});

describe('Why Latency, against a slow connect', () => {
  it('fails when the connect takes longer than the max, reporting the measured milliseconds', async () => {
    await acceptor.slowDownNextConnect();
    // The retransmitted SYN gets in after ~1 s (~3 s if this busy machine delayed the listener).
    const result = await runCheck(monitorOf('latency', { host: '127.0.0.1', port: acceptor.port, maxLatencyMs: 300, timeoutMs: 5000 }));
    expect(result.ok).toBe(false);
    const latency = result.details.latencyMs as number;
    expect(latency).toBeGreaterThan(300);
    expect(latency).toBeLessThan(5000);
    expect(result.message).toBe(`Connecting to 127.0.0.1:${acceptor.port} took ${Math.round(latency)} ms, more than the max of 300 ms`);
  });

  it('passes the same slow connect under a larger max', async () => {
    await acceptor.slowDownNextConnect();
    const result = await runCheck(monitorOf('latency', { host: '127.0.0.1', port: acceptor.port, maxLatencyMs: 4500, timeoutMs: 5000 }));
    expect(result.ok).toBe(true);
    expect(result.details.latencyMs as number).toBeGreaterThan(300);
  });

  it('gives up at the timeout when the connect takes longer still', async () => {
    await acceptor.slowDownNextConnect();
    const started = performance.now();
    const result = await runCheck(monitorOf('latency', { host: '127.0.0.1', port: acceptor.port, maxLatencyMs: 100, timeoutMs: 400 }));
    expect(performance.now() - started).toBeLessThan(900);
    expect(result.ok).toBe(false);
    expect(result.message).toBe(`No answer from 127.0.0.1:${acceptor.port} within 400 ms (timed out)`);
  });
});

describe('Is It Reachable, against a slow connect', () => {
  it('fails when no connection is made within the timeout', async () => {
    await acceptor.slowDownNextConnect();
    const result = await runCheck(monitorOf('tcp', { host: '127.0.0.1', port: acceptor.port, timeoutMs: 400 }));
    expect(result.ok).toBe(false);
    expect(result.message).toContain('within 400 ms (timed out)');
  });
});
