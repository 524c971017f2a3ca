import type { Result } from 'ioredis';
import { scriptsIn } from '../../lua/types';

/** The API token scripts, defined on every connection (lib/lua/define.ts). */
export const tokensScripts = scriptsIn('tokens/lua', {
  imalertCreateToken: { file: 'create-token.lua', keys: 5 },
  imalertAuthenticateToken: { file: 'authenticate-token.lua', keys: 1 },
  imalertRevokeToken: { file: 'revoke-token.lua', keys: 3 },
});

declare module 'ioredis' {
  interface RedisCommander<Context> {
    imalertCreateToken(
      user: string, token: string, tokenHashes: string, userTokens: string, tokens: string,
      id: string, userId: string, name: string, role: string, hash: string, createdAt: number, expiresAt: number,
    ): Result<'OK' | 'MISSING', Context>;
    imalertAuthenticateToken(tokenHashes: string, hash: string, now: number, tokenPrefix: string, userPrefix: string, lastUsedEveryMs: number): Result<[string, string, string, string, string] | null, Context>;
    imalertRevokeToken(token: string, tokenHashes: string, tokens: string, id: string, userTokensPrefix: string): Result<number, Context>;
  }
}
