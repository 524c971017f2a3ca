import type { Result } from 'ioredis';
import { scriptsIn } from '../../lua/types';

/** The ping scripts, defined on every connection (lib/lua/define.ts). */
export const pingsScripts = scriptsIn('pings/lua', {
  imalertFindPing: { file: 'find-ping.lua', keys: 1 },
  imalertNotePing: { file: 'note-ping.lua', keys: 1 },
  imalertSetPingToken: { file: 'set-ping-token.lua', keys: 3 },
});

export type PingEvent = 'success' | 'start' | 'fail';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    imalertFindPing(tokens: string, tokenHash: string, monitorKeyPrefix: string, pingKeyPrefix: string): Result<[string, string, string, string] | null, Context>;
    imalertNotePing(ping: string, event: PingEvent, at: string, runMs: string): Result<0 | 1, Context>;
    imalertSetPingToken(ping: string, tokens: string, monitor: string, monitorId: string, tokenHash: string, sealedToken: string,
      mode: 'rotate' | 'if-none'): Result<'OK' | 'KEPT' | 'GONE', Context>;
  }
}
