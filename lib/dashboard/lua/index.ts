import type { Result } from 'ioredis';
import { scriptsIn } from '../../lua/types';

/** The dashboard scripts, defined on every connection (lib/lua/define.ts). */
export const dashboardScripts = scriptsIn('dashboard/lua', {
  imalertWalkNames: { file: 'walk-names.lua', keys: 4 },
});

declare module 'ioredis' {
  interface RedisCommander<Context> {
    imalertWalkNames(
      namesLex: string, firstFilter: string, secondFilter: string, thirdFilter: string,
      start: string, limit: number, chunk: number, maxScan: number, filterCount: number, ...words: string[]
    ): Result<[string[], string], Context>;
  }
}
