import type { Result } from 'ioredis';
import type { ScriptTable } from '../types';

/** Scripts of lib/ itself (heartbeat), defined on every connection (lib/lua/define.ts). */
export const coreScripts = {
  imalertHeartbeat: { file: 'lua/core/heartbeat.lua', keys: 2 },
  imalertHeartbeatStop: { file: 'lua/core/heartbeat-stop.lua', keys: 2 },
  imalertLiveHeartbeats: { file: 'lua/core/live-heartbeats.lua', keys: 1 },
} satisfies ScriptTable;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    imalertHeartbeat(heartbeat: string, heartbeats: string, info: string, ttlMs: number, name: string, pruneAfterMs: number): Result<number, Context>;
    imalertHeartbeatStop(heartbeat: string, heartbeats: string, name: string): Result<number, Context>;
    imalertLiveHeartbeats(heartbeats: string): Result<string[], Context>;
  }
}
