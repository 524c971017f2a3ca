import type { Redis } from 'ioredis';

/** The six kinds of the original, as its Redis names them, and ours. */
export const ORIGINAL_KINDS = {
  IWATCHREDIS: 'redis',
  IWATCHELASTIC: 'elastic',
  REMINDME: 'remind',
  CHECKMYHEALTH: 'http',
  ISITREACHABLE: 'tcp',
  WHYLATENCY: 'latency',
} as const;

export type OriginalKind = keyof typeof ORIGINAL_KINDS;

/** One instance of the original: its job entry and its config and credential hashes, as stored. */
export interface OriginalInstance {
  kind: OriginalKind;
  instance: string;
  /** The job's cron, or undefined when H:IMALERT:JOB_HASH has no (readable) entry for it. */
  cron?: string;
  config: Record<string, string>;
  creds: Record<string, string>;
}

/**
 * Reads the original's layout: the per-kind instance sets S:IMALERT:<KIND>:INSTANCES, the job hash
 * H:IMALERT:JOB_HASH (<KIND>|<instance> → {"job","instance","cron"}), configs H:IMALERT:<KIND>:<instance>
 * and credentials H:IMALERT:<KIND>:CREDS:<instance>. Read only; nothing is written there.
 */
export async function readOriginal(redis: Redis): Promise<OriginalInstance[]> {
  const kinds = Object.keys(ORIGINAL_KINDS) as OriginalKind[];
  const sets = await Promise.all(kinds.map((kind) => redis.smembers(`S:IMALERT:${kind}:INSTANCES`)));
  const jobs = await redis.hgetall('H:IMALERT:JOB_HASH');
  const found: OriginalInstance[] = [];
  for (const [i, kind] of kinds.entries()) {
    for (const instance of sets[i].sort()) {
      const [config, creds] = await Promise.all([redis.hgetall(`H:IMALERT:${kind}:${instance}`), redis.hgetall(`H:IMALERT:${kind}:CREDS:${instance}`)]);
      found.push({ kind, instance, cron: cronOf(jobs[`${kind}|${instance}`]), config, creds });
    }
  }
  return found;
}

function cronOf(job: string | undefined): string | undefined {
  if (!job) return undefined;
  try {
    const parsed = JSON.parse(job) as { cron?: unknown };
    return typeof parsed.cron === 'string' ? parsed.cron : undefined;
  } catch {
    return undefined;
  }
}
