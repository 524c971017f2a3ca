import { afterEach, describe, expect, it } from 'vitest';
import { elasticFixture, startElasticStandIn, type ElasticStandInOptions } from '../../test/support/targets/elastic-stand-in';
import type { HttpTarget } from '../../test/support/targets/http-target';
import { monitorOf } from '../../test/support/targets/monitor';
import { runCheck } from './index';

let target: HttpTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

type ElasticFields = Parameters<typeof monitorOf<'elastic'>>[1];
async function check(answers: ElasticStandInOptions, fields: Partial<ElasticFields>) {
  target = await startElasticStandIn({ health: 'cluster-health-green', nodeStats: 'nodes-stats', settings: 'cluster-settings-defaults', ...answers });
  return runCheck(monitorOf('elastic', { url: target.url, timeoutMs: 10_000, ...fields }));
}
const failedLines = (message: string) => message.split('\n').slice(1);
type Judged = { name: string; node?: string; measured: unknown; threshold: unknown; ok: boolean };
const conditionsOf = (details: Record<string, unknown>) => details.conditions as Judged[];

describe('I Watch Elastic: cluster-wide conditions from _cluster/health', () => {
  const busy = { maxRelocatingShards: 2, maxInitializingShards: 4, maxPendingTasks: 10, minNodes: 4, minDataNodes: 3 };

  it('passes on a quiet cluster with every threshold set', async () => {
    const result = await check({}, { watchHealth: true, ...busy });
    expect(result.ok).toBe(true);
    expect(result.message).toBe('Cluster logs is green, no unassigned shards; 4 nodes');
    expect(conditionsOf(result.details).map((c) => [c.name, c.measured, c.threshold])).toEqual([
      ['cluster status', 'green', 'green'], ['unassigned shards', 0, 0], ['relocating shards', 0, 2], ['initializing shards', 0, 4],
      ['pending tasks', 0, 10], ['nodes', 4, 4], ['data nodes', 3, 3],
    ]);
    expect(target!.requests.map((r) => r.path)).toEqual(['/_cluster/health']);
  });

  it('lists each failed one as measured vs threshold', async () => {
    const result = await check({ health: 'cluster-health-yellow' }, busy);
    expect(result.ok).toBe(false);
    expect(result.message.split('\n')[0]).toBe('Cluster logs: 4 conditions failed:');
    expect(failedLines(result.message)).toEqual([
      'relocating shards: 3 vs at most 2',
      'pending tasks: 12 vs at most 10',
      'nodes: 3 vs at least 4',
      'data nodes: 2 vs at least 3',
    ]);
  });

  it.each([
    ['maxRelocatingShards', { maxRelocatingShards: 0 }, 'relocating shards: 3 vs at most 0'],
    ['maxInitializingShards', { maxInitializingShards: 3 }, 'initializing shards: 4 vs at most 3'],
    ['maxPendingTasks', { maxPendingTasks: 0 }, 'pending tasks: 12 vs at most 0'],
    ['minNodes', { minNodes: 5 }, 'nodes: 3 vs at least 5'],
    ['minDataNodes', { minDataNodes: 3 }, 'data nodes: 2 vs at least 3'],
  ])('%s alone', async (_name, fields, line) => {
    const result = await check({ health: 'cluster-health-yellow' }, fields);
    expect(result.ok).toBe(false);
    expect(failedLines(result.message)).toEqual([line]);
  });

  it('reports a worse failure with a higher severity: yellow, then red, then more conditions failing', async () => {
    const yellow = await check({ health: 'cluster-health-yellow' }, { watchHealth: true });
    await target!.close();
    const red = await check({ health: 'cluster-health-red' }, { watchHealth: true });
    await target!.close();
    const redAndSmall = await check({ health: 'cluster-health-red' }, { watchHealth: true, minDataNodes: 2 });
    expect(yellow.severity!).toBeLessThan(red.severity!);
    expect(red.severity!).toBeLessThan(redAndSmall.severity!);
  });
});

describe('I Watch Elastic: per-node conditions from _nodes/stats', () => {
  it('JVM heap used above the maximum, naming the node', async () => {
    const result = await check({}, { maxHeapPercent: 85 });
    expect(result.ok).toBe(false);
    expect(failedLines(result.message)).toEqual(['JVM heap used on es-data-2: 91% vs at most 85%']);
    expect(target!.requests.map((r) => r.path)).toContain('/_nodes/stats/jvm,fs?filter_path=_nodes,nodes.*.name,nodes.*.roles,nodes.*.jvm.mem.heap_used_percent,nodes.*.fs.total,nodes.*.fs.data');
    expect(conditionsOf(result.details).map((c) => [c.node, c.measured, c.ok])).toEqual([
      ['es-data-1', 64, true], ['es-data-2', 91, false], ['es-data-3', 70, true], ['es-master-1', 35, true],
    ]);
  });

  it('disk used above the maximum on any node, master-only nodes included', async () => {
    const result = await check({}, { maxDiskPercent: 90 });
    expect(failedLines(result.message)).toEqual([
      'disk used on es-data-2: 93% vs at most 90%',
      'disk used on es-data-3: 95% vs at most 90%',
      'disk used on es-master-1: 92% vs at most 90%',
    ]);
  });

  it('passes, saying the highest heap and disk and where, when every node is under its limits', async () => {
    const result = await check({}, { maxHeapPercent: 95, maxDiskPercent: 99 });
    expect(result.ok).toBe(true);
    expect(result.message).toBe('Cluster logs answered; 4 nodes; highest JVM heap 91% (es-data-2); highest disk 95% (es-data-3)');
  });

  it('fails when the stats leave a node\'s figure out, instead of passing it over', async () => {
    const stats = elasticFixture('nodes-stats');
    const nodes = stats.nodes as Record<string, { jvm?: unknown }>;
    delete nodes['Q3bJmR2uS6mO1lNd8gHfZw'].jvm;
    const result = await check({ nodeStats: stats }, { maxHeapPercent: 95 });
    expect(failedLines(result.message)).toEqual(['JVM heap used on es-data-2: not reported vs is reported']);
  });
});

describe("I Watch Elastic: the cluster's own high disk watermark", () => {
  it('default 90% with its 150 GB max headroom: a 1 TB disk at 93% is past it, a 4 TB disk at 95% is not; master-only nodes are not judged', async () => {
    const result = await check({}, { watchDiskWatermark: true });
    expect(result.ok).toBe(false);
    expect(failedLines(result.message)).toEqual(['disk used (high watermark 90%) on es-data-2: 93% vs at most 90%']);
    const judged = conditionsOf(result.details).map((c) => [c.node, c.threshold, c.ok]);
    expect(judged).toEqual([['es-data-1', 90, true], ['es-data-2', 90, false], ['es-data-3', 96.3, true]]);
    expect(result.details.highWatermark).toBe('90%');
    expect(target!.requests.map((r) => r.path)).toContain('/_cluster/settings?include_defaults=true&filter_path=*.cluster.routing.allocation.disk');
  });

  it('a persistent setting overrides the default, and a transient one overrides both (free space: 500gb)', async () => {
    const persistent = await check({ settings: 'cluster-settings-persistent' }, { watchDiskWatermark: true });
    expect(failedLines(persistent.message)).toEqual([
      'disk used (high watermark 55%) on es-data-1: 60% vs at most 55%',
      'disk used (high watermark 55%) on es-data-2: 93% vs at most 55%',
      'disk used (high watermark 55%) on es-data-3: 95% vs at most 55%',
    ]);
    await target!.close();
    const transient = await check({ settings: 'cluster-settings-transient' }, { watchDiskWatermark: true });
    // 500 GiB must stay free: 51.2% of a 1 TiB disk, 87.8% of a 4 TiB one.
    expect(failedLines(transient.message)).toEqual([
      'disk used (high watermark 500gb) on es-data-1: 60% vs at most 51.2%',
      'disk used (high watermark 500gb) on es-data-2: 93% vs at most 51.2%',
      'disk used (high watermark 500gb) on es-data-3: 95% vs at most 87.8%',
    ]);
  });

  it('with disk thresholds turned off in the cluster, there is no watermark to pass', async () => {
    const result = await check({ settings: 'cluster-settings-disabled' }, { watchDiskWatermark: true });
    expect(result.ok).toBe(true);
    expect(result.details.highWatermark).toBe('disk thresholds off');
  });
});
