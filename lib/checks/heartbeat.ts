import { graceText } from '../monitors/kinds/heartbeat';
import { failed } from './result';
import type { Check } from './types';

/**
 * Did It Run: this runs at a deadline (fire time + grace) and reports the miss. Its job carries the
 * fire time, so the result script drops the miss as stale when a ping (a result at the ping's time)
 * arrived since that fire time: the last ping is judged where every result is ordered.
 */
export const checkHeartbeat: Check<'heartbeat'> = async (monitor) =>
  failed(`No ping within ${graceText(monitor.graceSeconds)} of the scheduled run`, { missed: true, graceSeconds: monitor.graceSeconds });
