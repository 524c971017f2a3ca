/** What the bench watches the system by from outside: loopback TCP targets and a tap on the jobs stream. */
import { createServer } from 'node:net';
import type { Redis } from 'ioredis';
import type { KeyBuilder } from '../lib/store/keys';

/**
 * TCP ports that accept and close, noting when each connection came: a check of Is It Reachable is
 * one connection, so the times say when checks ran, as the watched service sees them.
 */
export async function tcpTargets(count: number) {
  const accepted: number[] = [];
  const servers = await Promise.all(Array.from({ length: count }, async () => {
    const server = createServer((socket) => {
      accepted.push(Date.now());
      socket.on('error', () => undefined);
      socket.destroy();
    });
    server.maxConnections = 1_000_000;
    await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 8192 }, resolve));
    return server;
  }));
  return {
    ports: servers.map((s) => (s.address() as { port: number }).port),
    total: () => accepted.length,
    /** Times (ms) of the connections that came in [from, to). */
    between: (from: number, to: number) => accepted.filter((t) => t >= from && t < to),
    close: () => Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())))),
  };
}

/**
 * Reads every entry of the jobs stream as it is added (plain XREAD, outside the workers' group, so it
 * takes nothing from them): the entry id's time is when Redis dispatched the job, the job names its fire time.
 */
export function tapJobs(redis: Redis, keys: KeyBuilder, isWatched: (fireTime: number) => boolean) {
  const lagMs: number[] = [];
  const dispatches = new Map<string, number>(); // "monitor id fire time" -> times dispatched
  let stopped = false;
  const loop = (async () => {
    let last = '$';
    while (!stopped) {
      const reply = (await redis.xread('COUNT', 20_000, 'BLOCK', 500, 'STREAMS', keys.jobs, last)) as Array<[string, Array<[string, string[]]>]> | null;
      for (const [id, fields] of reply?.[0]?.[1] ?? []) {
        last = id;
        if (fields[0] !== 'j') continue; // a manual job (run now): not scheduled
        const space = fields[1].lastIndexOf(' ');
        const fireTime = Number(fields[1].slice(space + 1));
        if (!isWatched(fireTime)) continue;
        lagMs.push(Number(id.slice(0, id.indexOf('-'))) - fireTime);
        dispatches.set(fields[1], (dispatches.get(fields[1]) ?? 0) + 1);
      }
    }
  })();
  return {
    lagMs,
    dispatches,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
