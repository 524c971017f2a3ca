import type { Result } from 'ioredis';
import { scriptsIn } from '../../lua/types';

/** The user scripts, defined on every connection (lib/lua/define.ts). */
export const usersScripts = scriptsIn('users/lua', {
  imalertCreateUser: { file: 'create-user.lua', keys: 4 },
  imalertSetUserRole: { file: 'set-role.lua', keys: 2 },
  imalertSetUserDisabled: { file: 'set-disabled.lua', keys: 5 },
  imalertDeleteUser: { file: 'delete-user.lua', keys: 7 },
  imalertSetInvite: { file: 'set-invite.lua', keys: 2 },
  imalertRedeemInvite: { file: 'redeem-invite.lua', keys: 2 },
  imalertSetUserPassword: { file: 'set-password.lua', keys: 2 },
});

export type UserChangeOutcome = 'OK' | 'MISSING' | 'LAST_ADMIN';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    imalertCreateUser(
      user: string, users: string, names: string, admins: string,
      id: string, name: string, role: string, passwordHash: string, createdAt: number, createdBy: string, onlyFirst: '1' | '0',
    ): Result<'OK' | 'TAKEN' | 'NOT_FIRST', Context>;
    imalertSetUserRole(user: string, admins: string, id: string, role: string): Result<UserChangeOutcome, Context>;
    imalertSetUserDisabled(
      user: string, admins: string, userTokens: string, tokenHashes: string, tokens: string,
      id: string, disabled: '1' | '0', tokenPrefix: string, invitePrefix: string,
    ): Result<UserChangeOutcome, Context>;
    imalertDeleteUser(
      user: string, users: string, names: string, admins: string, userTokens: string, tokenHashes: string, tokens: string,
      id: string, tokenPrefix: string, invitePrefix: string,
    ): Result<UserChangeOutcome, Context>;
    imalertSetInvite(user: string, invite: string, id: string, hash: string, ttlMs: number, expiresAt: number, invitePrefix: string): Result<'OK' | 'MISSING' | 'DISABLED', Context>;
    imalertRedeemInvite(invite: string, admins: string, hash: string, passwordHash: string, userPrefix: string): Result<string | null, Context>;
    imalertSetUserPassword(user: string, admins: string, id: string, passwordHash: string): Result<'OK' | 'MISSING', Context>;
  }
}
