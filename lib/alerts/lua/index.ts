import type { Result } from 'ioredis';
import type { ScriptTable } from '../../lua/types';

/** The alert scripts, defined on every connection (lib/lua/define.ts). */
export const alertsScripts = {
  imalertTakeToken: { file: 'alerts/lua/take-token.lua', keys: 1 },
  imalertRenewLease: { file: 'alerts/lua/renew-lease.lua', keys: 1 },
  imalertReleaseLease: { file: 'alerts/lua/release-lease.lua', keys: 1 },
  imalertReleaseIfIdle: { file: 'alerts/lua/release-if-idle.lua', keys: 3 },
} satisfies ScriptTable;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    imalertTakeToken(bucket: string, rate: number, burst: number): Result<[number, number], Context>;
    imalertRenewLease(lease: string, token: string, ttlMs: number): Result<number, Context>;
    imalertReleaseLease(lease: string, token: string): Result<number, Context>;
    imalertReleaseIfIdle(queue: string, channelsWithWork: string, lease: string, channelId: string, token: string): Result<number, Context>;
  }
}
