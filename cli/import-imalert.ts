import { createRedis } from '../lib/redis';
import { kindDisplayName } from '../lib/monitors';
import { mapInstance, readOriginal, type OriginalInstance } from '../lib/imalert-import';
import { describeApiError, isApiError, type ApiClient } from './api-client';
import type { Output } from './commands';

export interface ImportOptions {
  from: string;
  password?: string;
  dryRun?: boolean;
  timeZone: string;
}

const label = (o: OriginalInstance) => `${o.kind}|${o.instance}`;

/**
 * Moves the monitors of an original imAlert over: reads its Redis (read only), maps each instance to a
 * monitor and creates it through the API; one line an instance says what became of it.
 */
export async function importImalert(api: ApiClient, options: ImportOptions, io: Output): Promise<number> {
  const source = createRedis(options.from, 'ui', options.password ? { password: options.password } : {});
  let originals: OriginalInstance[];
  try {
    originals = await readOriginal(source);
  } catch (error) {
    io.err(`Cannot read the imAlert Redis at ${new URL(options.from).host}: ${(error as Error).message}`);
    return 1;
  } finally {
    source.disconnect();
  }
  const existing = await api.listMonitors();
  const byName = new Map(existing.map((m) => [m.name.toLowerCase(), m]));
  const counts = { created: 0, skipped: 0, unmapped: 0, failed: 0 };
  for (const original of originals) {
    const mapped = mapInstance(original);
    if ('problem' in mapped) {
      counts.unmapped += 1;
      io.out(`${label(original)}: could not map: ${mapped.problem}`);
      continue;
    }
    const input: Record<string, unknown> = { ...mapped.input, timeZone: options.timeZone };
    // Names are unique across kinds here; the original's were unique per kind only.
    const taken = byName.get(String(input.name).toLowerCase());
    if (taken && taken.kind !== input.kind) input.name = `${input.name} (${kindDisplayName(String(input.kind))})`;
    const same = byName.get(String(input.name).toLowerCase());
    if (same && same.kind === input.kind) {
      counts.skipped += 1;
      io.out(`${label(original)}: skipped, already there (${same.id})`);
      continue;
    }
    if (options.dryRun) {
      counts.created += 1;
      io.out(`${label(original)}: would create "${input.name}" (${input.cron})`);
      continue;
    }
    try {
      const created = await api.createMonitor(input);
      byName.set(created.name.toLowerCase(), created);
      counts.created += 1;
      io.out(`${label(original)}: created "${created.name}" (${created.id})`);
    } catch (error) {
      if (!isApiError(error)) throw error;
      counts.failed += 1;
      io.out(`${label(original)}: could not create: ${describeApiError(error)}`);
    }
  }
  const verb = options.dryRun ? 'would create' : 'created';
  io.out(`${originals.length} instances: ${counts.created} ${verb}, ${counts.skipped} skipped, ${counts.unmapped} could not be mapped, ${counts.failed} failed.`);
  return counts.unmapped || counts.failed ? 1 : 0;
}
