export { authenticateToken, createToken, getToken, LAST_USED_EVERY_MS, listTokens, revokeToken, TOKEN_PREFIX, type TokenCaller, type TokenOwner } from './tokens';
export { tokenInputSchema, type TokenInput, type TokenView } from './schema';
