import type { AppContext } from '../context';

/**
 * Minimal readers of what the result script writes (state hash, runs), for the dashboard page only.
 * The results helper's lib/results/read.ts is the real API; these stay small and per-page.
 */
type Ctx = Pick<AppContext, 'redis' | 'keys'>;

export type StateFields = Record<string, string>;

/** The state hash of each id, in one round trip (auto-pipelined). */
export async function readStates(ctx: Ctx, ids: string[]): Promise<StateFields[]> {
  const pipeline = ctx.redis.pipeline();
  for (const id of ids) pipeline.hgetall(ctx.keys.state(id));
  const replies = (await pipeline.exec()) ?? [];
  return replies.map(([error, value]) => (error ? {} : (value as StateFields)));
}

// KEYS: runs of each monitor. ARGV: since (ms). Returns per monitor: checks, failures (counted in
// Redis so only two numbers per monitor cross the wire).
const COUNT_RUNS = `
local out = {}
for i, key in ipairs(KEYS) do
  local runs = redis.call('ZRANGE', key, ARGV[1], '+inf', 'BYSCORE')
  local failed = 0
  for _, r in ipairs(runs) do
    if string.find(r, '"ok":false', 1, true) then failed = failed + 1 end
  end
  out[#out + 1] = #runs
  out[#out + 1] = failed
end
return out
`;

/** Uptime % over the last 24 h of each id from its runs, or null when it has not run. */
export async function readUptime24h(ctx: Ctx, ids: string[], now = Date.now()): Promise<(number | null)[]> {
  if (!ids.length) return [];
  const counts = (await ctx.redis.eval(COUNT_RUNS, ids.length, ...ids.map((id) => ctx.keys.runs(id)), String(now - 86_400_000))) as number[];
  return ids.map((_, i) => {
    const checks = counts[2 * i];
    const failed = counts[2 * i + 1];
    return checks ? Math.round(((checks - failed) / checks) * 10_000) / 100 : null;
  });
}
