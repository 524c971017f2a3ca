import type { Result } from 'ioredis';
import { scriptsIn } from '../types';

/** Scripts of lib/ itself (heartbeat, clock, stream info), defined on every connection (lib/lua/define.ts). */
export const coreScripts = scriptsIn('lua/core', {
  imalertHeartbeat: { file: 'heartbeat.lua', keys: 2 },
  imalertHeartbeatStop: { file: 'heartbeat-stop.lua', keys: 2 },
  imalertLiveHeartbeats: { file: 'live-heartbeats.lua', keys: 1 },
  // Commands a Cluster client cannot route (they name no key it knows of), run by a script on a key.
  imalertNow: { file: 'now.lua', keys: 1 },
  imalertStreamGroups: { file: 'stream-groups.lua', keys: 1 },
  imalertStreamConsumers: { file: 'stream-consumers.lua', keys: 1 },
});

declare module 'ioredis' {
  interface RedisCommander<Context> {
    imalertHeartbeat(heartbeat: string, heartbeats: string, info: string, ttlMs: number, name: string, pruneAfterMs: number): Result<number, Context>;
    imalertHeartbeatStop(heartbeat: string, heartbeats: string, name: string): Result<number, Context>;
    imalertLiveHeartbeats(heartbeats: string): Result<string[], Context>;
    imalertNow(anyKey: string): Result<number, Context>;
    imalertStreamGroups(stream: string): Result<unknown[][], Context>;
    imalertStreamConsumers(stream: string, group: string): Result<unknown[][], Context>;
  }
}
