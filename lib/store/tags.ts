import type { AppContext } from '../context';

export interface TagCount {
  tag: string;
  monitors: number;
}

/** Tags listed at most: the most used ones, so a filter list stays short. */
export const TAGS_LISTED = 500;

/** The tags monitors carry, with how many carry each, in name order (the store keeps the counts). */
export async function listTags(ctx: Pick<AppContext, 'redis' | 'keys'>, limit = TAGS_LISTED): Promise<TagCount[]> {
  const flat = await ctx.redis.zrange(ctx.keys.indexTags, 0, limit - 1, 'REV', 'WITHSCORES');
  const tags: TagCount[] = [];
  for (let i = 0; i < flat.length; i += 2) tags.push({ tag: flat[i], monitors: Number(flat[i + 1]) });
  return tags.sort((a, b) => (a.tag < b.tag ? -1 : 1));
}
