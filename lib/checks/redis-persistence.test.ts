import { describe, expect, it } from 'vitest';
import { redisMonitorOf } from '../../test/support/targets/monitor';
import { nodeConditions } from './redis-conditions';
import { parseInfo } from './redis-node';

// A day-old save and a failed AOF write cannot be brought about in a test's time (or as root, whom no
// file permission stops): these read INFO as Redis 7 writes it, with those two figures set.
const NOW_S = 1_800_000_000;
const info = (fields: Record<string, string | number>) => parseInfo([
  '# Server', 'redis_version:7.0.15', `server_time_usec:${NOW_S * 1e6}`,
  '# Persistence', 'loading:0', 'rdb_changes_since_last_save:12', `rdb_last_save_time:${NOW_S - 3600}`, 'rdb_last_bgsave_status:ok',
  'aof_enabled:0', 'aof_last_write_status:ok',
  ...Object.entries(fields).map(([name, value]) => `${name}:${value}`),
].join('\r\n'));
const monitor = redisMonitorOf({ host: '127.0.0.1', port: 6379, watchPersistence: true, maxRdbAgeHours: 24 });

describe('I Watch Redis: persistence', () => {
  it('fails when the last successful RDB save is older than the maximum', () => {
    const fresh = nodeConditions(monitor, { info: info({}), rdbOn: true }, {});
    expect(fresh.find((c) => c.name === 'hours since the last RDB save')).toMatchObject({ measured: 1, ok: true });
    const stale = nodeConditions(monitor, { info: info({ rdb_last_save_time: NOW_S - 25 * 3600 }), rdbOn: true }, {});
    expect(stale.filter((c) => !c.ok).map((c) => `${c.name} ${c.measured}`)).toEqual(['hours since the last RDB save 25']);
  });

  it('judges no RDB save when snapshots are off', () => {
    const off = nodeConditions(monitor, { info: info({ rdb_last_save_time: NOW_S - 99 * 3600 }), rdbOn: false }, {});
    expect(off.map((c) => c.name)).toEqual([]);
  });

  it('fails when AOF is on and its last write failed', () => {
    const written = nodeConditions(monitor, { info: info({ aof_enabled: 1 }), rdbOn: false }, {});
    expect(written).toMatchObject([{ name: 'last AOF write', measured: 'ok', ok: true }]);
    const failedWrite = nodeConditions(monitor, { info: info({ aof_enabled: 1, aof_last_write_status: 'err' }), rdbOn: false }, {});
    expect(failedWrite).toMatchObject([{ name: 'last AOF write', measured: 'err', comparison: 'is', threshold: 'ok', ok: false }]);
  });
});
