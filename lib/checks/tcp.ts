import { describeError, timeTcpConnect } from './net';
import { failed, passed } from './result';
import type { Check } from './types';

/** Is It Reachable: a TCP connection to host:port within the timeout (runCheck enforces it). */
export const checkTcp: Check<'tcp'> = async (monitor, signal) => {
  const target = `${monitor.host}:${monitor.port}`;
  try {
    const timing = await timeTcpConnect(monitor.host, monitor.port, signal);
    return passed(`${target} accepted a TCP connection in ${Math.round(timing.connectMs)} ms`, { ...timing });
  } catch (error) {
    if (signal.aborted) throw error;
    return failed(`${target} is not reachable: ${describeError(error)}`, { error: describeError(error) });
  }
};
