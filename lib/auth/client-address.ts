import type { Config } from '../config';

/** The header scripts/ui-server.mjs sets from the socket (or the trusted proxy chain). */
const SERVER_MARK = Symbol.for('imalert.clientHeader');
/** The one bucket of every client whose address nobody vouches for. */
export const UNKNOWN_CLIENT = 'unknown';

interface HeaderSource {
  get(name: string): string | null;
}

/**
 * The client's address for the login limit, from a source a client cannot forge: Vercel's x-real-ip
 * on Vercel, else the header our own server sets. Without either every client shares one bucket, so
 * no header a client sends picks its bucket.
 */
export function clientAddressFrom(headers: HeaderSource, config: Pick<Config, 'VERCEL'>): string {
  const vouched = config.VERCEL ? 'x-real-ip' : (globalThis as Record<symbol, unknown>)[SERVER_MARK];
  const address = typeof vouched === 'string' ? headers.get(vouched)?.trim() : undefined;
  return (address || UNKNOWN_CLIENT).slice(0, 64);
}
