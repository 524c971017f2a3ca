import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parser } from '@prometheus-io/lezer-promql';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { AlertMetrics } from '../lib/metrics/alert-metrics';
import { DispatchMetrics } from '../lib/metrics/dispatch-metrics';
import { RedisMetrics } from '../lib/metrics/redis-metrics';
import { createRegistry } from '../lib/metrics/registry';
import { registerSystemGauges } from '../lib/metrics/system-gauges';
import { WorkerMetrics } from '../lib/metrics/worker-metrics';
import { createKeys } from '../lib/store/keys';

// The alert rules and the Grafana dashboard in docs/ are what an operator loads as they are: every
// expression must be valid PromQL and name only metrics the processes really expose.
const root = fileURLToPath(new URL('..', import.meta.url));
const read = (file: string) => readFileSync(`${root}/${file}`, 'utf8');

// A client that never connects: the registries are only asked for their metrics' names.
const idle = new Redis({ lazyConnect: true });
afterAll(() => idle.disconnect());

function exposedNames(): Set<string> {
  const registry = createRegistry({ processMetrics: true });
  new DispatchMetrics(registry);
  new WorkerMetrics(registry);
  new AlertMetrics(registry);
  new RedisMetrics(registry, idle);
  registerSystemGauges(registry, { redis: idle, keys: createKeys('docs') });
  const names = new Set<string>();
  for (const metric of registry.getMetricsAsArray() as unknown as Array<{ name: string; type: string }>) {
    names.add(metric.name);
    if (metric.type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(metric.name + suffix);
  }
  return names;
}

function promqlErrors(expr: string): string[] {
  const errors: string[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) errors.push(`at ${node.from}: ${expr.slice(Math.max(0, node.from - 10), node.to + 10)}`);
    },
  });
  return errors;
}

const metricNamesIn = (expr: string) => [...expr.matchAll(/\bimalert_[a-z0-9_]+/g)].map((m) => m[0]);

function checkExpressions(exprs: string[]): void {
  const names = exposedNames();
  expect(exprs.length).toBeGreaterThan(0);
  for (const expr of exprs) {
    expect(promqlErrors(expr), expr).toEqual([]);
    expect(metricNamesIn(expr).length, expr).toBeGreaterThan(0);
    expect(metricNamesIn(expr).filter((name) => !names.has(name)), expr).toEqual([]);
  }
}

describe('docs/prometheus-rules.yml', () => {
  const rules = (parseYaml(read('docs/prometheus-rules.yml')) as { groups: Array<{ rules: Array<{ alert: string; expr: string; annotations: Record<string, string> }> }> }).groups.flatMap((g) => g.rules);

  it('alerts on no live worker, dispatch lag, the outbox backing up and dead letters, each with a summary', () => {
    expect(rules.map((r) => r.alert)).toEqual(expect.arrayContaining(['ImalertNoLiveWorker', 'ImalertDispatchLagging', 'ImalertAlertOutboxBackingUp', 'ImalertDeadLetters']));
    for (const rule of rules) expect(rule.annotations.summary, rule.alert).toBeTruthy();
  });

  it('has only valid PromQL over metrics imalert exposes', () => {
    checkExpressions(rules.map((r) => r.expr));
  });
});

describe('docs/grafana-dashboard.json', () => {
  it('has only valid PromQL over metrics imalert exposes ($__rate_interval as Grafana fills it in)', () => {
    const dashboard = JSON.parse(read('docs/grafana-dashboard.json')) as { panels: Array<{ targets?: Array<{ expr: string }> }> };
    const exprs = dashboard.panels.flatMap((p) => p.targets ?? []).map((t) => t.expr.replaceAll('$__rate_interval', '5m'));
    checkExpressions(exprs);
  });
});
