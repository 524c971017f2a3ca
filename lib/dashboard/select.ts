import type { AppContext } from '../context';
import { nameKey, nameWords } from '../store';
import { idOfMember } from './cursor';
import type { DashboardQuery } from './types';

/**
 * Chooses the monitors of one dashboard page, in name order, reading only indexes:
 * - no filter: ZRANGE on the name index from the cursor (cost = page size);
 * - filters whose intersection is small (SINTERCARD with a LIMIT says so cheaply): SINTER, then
 *   sort those few by name;
 * - filters matching many: walk the name index from the cursor inside Redis (one script), testing
 *   set membership, until the page is full or a bound is reached (then the page ends early and the
 *   cursor goes on from there);
 * - search: when the rarest word starts few names (ZLEXCOUNT on the word index), those ids
 *   (ZRANGE BYLEX), filtered and sorted; when every word is common, the same bounded walk of the
 *   name index, matching the words inside Redis.
 */
export const SMALL_SET = 1000;
export const SEARCH_CAP = 1000;
const WALK_CHUNK = 500;
const WALK_MAX_SCAN = 20_000;
const WALK_BUDGET = 100_000;

/**
 * Walks the name index from `after` in script calls of at most walkMaxScan members each (so Redis is
 * never blocked long), until the page is full, the index ends, or walkBudget members were read; then
 * the page ends early and its cursor continues from where the walk stopped.
 */
async function walkNames(ctx: Ctx, filters: string[], words: string[], limit: number, after: string | undefined, tuning: SelectTuning) {
  const names = ctx.keys.indexNames;
  const members: string[] = [];
  let cursor: string | undefined = after;
  for (let scanned = 0; scanned < tuning.walkBudget; scanned += tuning.walkMaxScan) {
    // The script takes three filter keys; one not filtering repeats the name index.
    const [found, next] = await ctx.redis.imalertWalkNames(
      names, filters[0] ?? names, filters[1] ?? names, filters[2] ?? names,
      cursor ? `(${cursor}` : '-', limit - members.length, tuning.walkChunk, tuning.walkMaxScan, filters.length, ...words,
    );
    members.push(...found);
    if (!next) return { members, next: null };
    cursor = next;
    if (members.length >= limit) break;
  }
  return { members, next: cursor ?? null };
}

export interface Selection {
  /** Name index members ("lower-cased name\0id") of the page, in order. */
  members: string[];
  /** Where the next page starts, or null when there is none. */
  next: string | null;
  matching: number | null;
}

type Ctx = Pick<AppContext, 'redis' | 'keys'>;

export function filterSets(ctx: Ctx, query: Pick<DashboardQuery, 'status' | 'kind' | 'tag'>): string[] {
  const sets: string[] = [];
  if (query.status === 'paused') sets.push(ctx.keys.indexPaused);
  else if (query.status) sets.push(ctx.keys.indexByStatus(query.status));
  if (query.kind) sets.push(ctx.keys.indexByKind(query.kind));
  if (query.tag) sets.push(ctx.keys.indexByTag(query.tag));
  return sets;
}

/** Thresholds, adjustable so tests reach every path with a few hundred monitors. */
export interface SelectTuning {
  smallSet: number;
  searchCap: number;
  walkChunk: number;
  walkMaxScan: number;
  walkBudget: number;
}
const DEFAULT_TUNING: SelectTuning = { smallSet: SMALL_SET, searchCap: SEARCH_CAP, walkChunk: WALK_CHUNK, walkMaxScan: WALK_MAX_SCAN, walkBudget: WALK_BUDGET };

export async function selectPage(ctx: Ctx, query: DashboardQuery, after: string | undefined, tuning: SelectTuning = DEFAULT_TUNING): Promise<Selection> {
  const sets = filterSets(ctx, query);
  const words = query.search ? searchWords(query.search) : [];
  if (words.length) return selectBySearch(ctx, words, sets, query.limit, after, tuning);
  if (!sets.length) {
    const start = after ? `(${after}` : '-';
    const members = await ctx.redis.zrange(ctx.keys.indexNames, start, '+', 'BYLEX', 'LIMIT', 0, query.limit + 1);
    const page = members.slice(0, query.limit);
    return { members: page, next: members.length > query.limit ? page[page.length - 1] : null, matching: null };
  }
  const small = await ctx.redis.sintercard(sets.length, ...sets, 'LIMIT', String(tuning.smallSet + 1));
  if (small <= tuning.smallSet) {
    const ids = sets.length === 1 ? await ctx.redis.smembers(sets[0]) : await ctx.redis.sinter(...sets);
    return pageOfIds(ctx, ids, query.limit, after, ids.length);
  }
  const walked = await walkNames(ctx, sets, [], query.limit, after, tuning);
  const matching = sets.length === 1 ? await ctx.redis.scard(sets[0]) : null;
  return { ...walked, matching };
}

/** The words of a search, as the name index holds them (lower-cased, split like names). */
export function searchWords(search: string): string[] {
  return [...new Set(search.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean))].slice(0, 8);
}

async function selectBySearch(ctx: Ctx, words: string[], sets: string[], limit: number, after: string | undefined, tuning: SelectTuning): Promise<Selection> {
  const key = ctx.keys.indexNameWords;
  // Byte 0xff sorts after every UTF-8 byte, so [w, w\xff] is exactly "starts with w".
  const range = (w: string) => [Buffer.from(`[${w}`), Buffer.concat([Buffer.from(`[${w}`), Buffer.from([0xff])])] as const;
  // The rarest word bounds the candidates; ZLEXCOUNT is O(log n).
  const counts = await Promise.all(words.map((w) => ctx.redis.zlexcount(key, ...range(w))));
  const rarest = words[counts.indexOf(Math.min(...counts))];
  // Common words (every name starts with "prod"): walk the name index instead, in name order.
  if (Math.min(...counts) > tuning.searchCap) return { ...(await walkNames(ctx, sets, words, limit, after, tuning)), matching: null };
  const hits = await ctx.redis.zrange(key, ...range(rarest), 'BYLEX', 'LIMIT', 0, tuning.searchCap);
  let ids = [...new Set(hits.map(idOfMember))];
  for (const set of sets) {
    if (!ids.length) break;
    const member = await ctx.redis.smismember(set, ...ids);
    ids = ids.filter((_, i) => member[i] === 1);
  }
  // Other words: the candidate's name must have a word starting with each of them.
  const others = words.filter((w) => w !== rarest);
  if (!ids.length) return { members: [], next: null, matching: 0 };
  const records = await ctx.redis.mget(ids.map((id) => ctx.keys.monitor(id)));
  const named: { id: string; name: string }[] = [];
  ids.forEach((id, i) => {
    const json = records[i];
    if (!json) return;
    const name = (JSON.parse(json) as { name?: string }).name ?? '';
    const nameParts = nameWords(name);
    if (others.every((w) => nameParts.some((p) => p.startsWith(w)))) named.push({ id, name });
  });
  return pageOfNamed(named, limit, after, named.length);
}

/** A page from a small set of ids: read their names (one MGET), sort, cut at the cursor. */
async function pageOfIds(ctx: Ctx, ids: string[], limit: number, after: string | undefined, matching: number): Promise<Selection> {
  if (!ids.length) return { members: [], next: null, matching };
  const records = await ctx.redis.mget(ids.map((id) => ctx.keys.monitor(id)));
  const named = ids.flatMap((id, i) => (records[i] ? [{ id, name: (JSON.parse(records[i]!) as { name?: string }).name ?? '' }] : []));
  return pageOfNamed(named, limit, after, matching);
}

function pageOfNamed(named: { id: string; name: string }[], limit: number, after: string | undefined, matching: number): Selection {
  const members = named.map(({ id, name }) => `${nameKey(name)}\0${id}`).sort(compareBytes);
  const start = after ? members.findIndex((m) => compareBytes(m, after) > 0) : 0;
  const rest = start < 0 ? [] : members.slice(start);
  const page = rest.slice(0, limit);
  return { members: page, next: rest.length > limit ? page[page.length - 1] : null, matching };
}

/** Redis orders the name index by bytes; sort the same way so cursors agree. */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
