import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { waitFor } from '../../test/support/ports';
import { startRedis, type TestRedis } from '../../test/support/redis-server';
import { redisMonitorOf } from '../../test/support/targets/monitor';
import type { Condition } from './conditions';
import { runCheck } from './index';

// A real primary and replica. The primary pings its replica every second, so a link that is quiet
// for longer than that is a blocked one.
let primary: TestRedis;
let replica: TestRedis;
let primaryClient: Redis;
let replicaClient: Redis;
beforeAll(async () => {
  primary = await startRedis({ args: ['--repl-ping-replica-period', '1', '--enable-debug-command', 'local'] });
  replica = await startRedis({ args: ['--replicaof', '127.0.0.1', String(primary.port)] });
  primaryClient = primary.client();
  replicaClient = replica.client();
  await waitFor(async () => /master_link_status:up/.test(await replicaClient.info('replication')), 20_000, 50, 'the replica linked');
});
afterAll(async () => {
  await Promise.all([replica?.stop(), primary?.stop()]);
});

type Fields = Parameters<typeof redisMonitorOf>[0];
const watching = (server: TestRedis, fields: Partial<Fields>) =>
  redisMonitorOf({ host: '127.0.0.1', port: server.port, watchReplication: true, timeoutMs: 4000, ...fields });
const named = (details: Record<string, unknown>, name: string) => (details.conditions as Condition[]).filter((c) => c.name === name);

describe('I Watch Redis: replication', () => {
  it('on a healthy replica: the role, the link, the last contact and the offset behind the primary, each met', async () => {
    const result = await runCheck(watching(replica, { expectedRole: 'replica' }));
    expect(result.ok).toBe(true);
    const names = (result.details.conditions as Condition[]).map((c) => c.name);
    expect(names).toEqual(['role', 'link to the primary', 'seconds since the last contact with the primary', 'replication offset behind the primary']);
    expect(named(result.details, 'replication offset behind the primary')[0]).toMatchObject({ comparison: 'at most', threshold: 1_000_000, unit: ' bytes', ok: true });
    expect(typeof named(result.details, 'replication offset behind the primary')[0].measured).toBe('number');
  });

  it('fails when the role is not the expected one', async () => {
    const result = await runCheck(watching(replica, { expectedRole: 'primary' }));
    expect(result.ok).toBe(false);
    expect(result.message).toBe('role: replica vs is primary');
  });

  it('fails when the replica is behind the primary by more offset than allowed, under writes', async () => {
    let writing = true;
    const load = (async () => {
      while (writing) {
        const batch = primaryClient.pipeline();
        for (let i = 0; i < 50; i += 1) batch.set(`load:${i}`, 'x'.repeat(1000));
        await batch.exec();
      }
    })();
    try {
      // The primary is asked after the replica, so with writes flowing its offset is ahead by then.
      const behind = await waitFor(async () => {
        const result = await runCheck(watching(replica, { maxOffsetLag: 0 }));
        return !result.ok && result;
      }, 20_000, 0, 'a run that sees the replica behind');
      expect(behind.message).toMatch(/^replication offset behind the primary: \d+ bytes vs at most 0 bytes$/);
      expect(named(behind.details, 'replication offset behind the primary')[0].measured).toBeGreaterThan(0);
    } finally {
      writing = false;
      await load;
    }
  });

  it('fails when the primary is silent on the link longer than allowed (DEBUG SLEEP on the primary)', async () => {
    const sleeping = primary.client();
    const slept = sleeping.call('DEBUG', 'SLEEP', '5');
    try {
      await waitFor(async () => Number(/master_last_io_seconds_ago:(\d+)/.exec(await replicaClient.info('replication'))?.[1]) >= 3, 10_000, 100, 'a quiet link');
      const result = await runCheck(watching(replica, { maxLinkIdleSeconds: 2 }));
      expect(result.ok).toBe(false);
      expect(result.message).toMatch(/^seconds since the last contact with the primary: \d+ s vs at most 2 s$/);
      // The sleeping primary cannot tell its offset: said so, not counted as a failure.
      expect(named(result.details, 'replication offset behind the primary')[0]).toMatchObject({ ok: true, measured: expect.stringMatching(/^not measured: the primary 127\.0\.0\.1:\d+ did not answer in time$/) });
    } finally {
      await slept;
    }
  });

  it('on the primary: fails when fewer replicas are connected than the minimum (the replica stopped)', async () => {
    const healthy = await runCheck(watching(primary, { expectedRole: 'primary', minReplicas: 1 }));
    expect(healthy.ok).toBe(true);
    expect(named(healthy.details, 'connected replicas')[0]).toMatchObject({ measured: 1, threshold: 1 });
    const wanting = await runCheck(watching(primary, { minReplicas: 2 }));
    expect(wanting.message).toBe('connected replicas: 1 vs at least 2');

    await replica.kill();
    try {
      await waitFor(async () => /connected_slaves:0/.test(await primaryClient.info('replication')), 10_000, 50, 'the replica gone');
      const alone = await runCheck(watching(primary, { minReplicas: 1 }));
      expect(alone.ok).toBe(false);
      expect(alone.message).toBe('connected replicas: 0 vs at least 1');
    } finally {
      await replica.restart();
    }
  });

  it('fails on a replica whose primary is gone: the link is down', async () => {
    await primary.kill();
    await waitFor(async () => /master_link_status:down/.test(await replicaClient.info('replication')), 10_000, 50, 'the link down');
    const result = await runCheck(watching(replica, {}));
    expect(result.ok).toBe(false);
    expect(result.message).toBe('link to the primary: down vs is up');
  });
});
