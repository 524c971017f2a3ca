import { describeError, timeTcpConnect } from './net';
import { failed, passed } from './result';
import type { Check } from './types';

/** Why Latency: the TCP connect time against the monitor's maximum; fails when slower or refused. */
export const checkLatency: Check<'latency'> = async (monitor, signal) => {
  const target = `${monitor.host}:${monitor.port}`;
  const max = monitor.maxLatencyMs;
  let timing;
  try {
    timing = await timeTcpConnect(monitor.host, monitor.port, signal);
  } catch (error) {
    if (signal.aborted) throw error;
    return failed(`Could not connect to ${target}: ${describeError(error)}`, { error: describeError(error), maxLatencyMs: max });
  }
  const ms = Math.round(timing.connectMs);
  const details = { latencyMs: timing.connectMs, maxLatencyMs: max, address: timing.address, dnsMs: timing.dnsMs };
  return timing.connectMs > max
    ? failed(`Connecting to ${target} took ${ms} ms, more than the max of ${max} ms`, details)
    : passed(`Connecting to ${target} took ${ms} ms (max ${max} ms)`, details);
};
