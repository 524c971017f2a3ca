import type { MonitorKind } from '../monitors/registry';
import { checkElastic } from './elastic';
import { checkHeartbeat } from './heartbeat';
import { checkHttp } from './http';
import { checkLatency } from './latency';
import { checkRedis } from './redis';
import { checkRemind } from './remind';
import { checkTcp } from './tcp';
import type { Check } from './types';

/** Every check kind's check. A new kind adds a file and one line here (the type makes it required). */
export const CHECKS: { readonly [K in MonitorKind]: Check<K> } = {
  redis: checkRedis,
  elastic: checkElastic,
  remind: checkRemind,
  http: checkHttp,
  tcp: checkTcp,
  latency: checkLatency,
  heartbeat: checkHeartbeat,
};

export function checkFor<K extends MonitorKind>(kind: K): Check<K> {
  return CHECKS[kind];
}
