import { connect } from 'node:net';

/** Shared network helpers for the checks: each one stops at once when its signal aborts. */

export interface TcpTiming {
  /** The address connected to. */
  address: string;
  /** Name resolution, 0 for an IP address. */
  dnsMs: number;
  /** From the first SYN (after name resolution) to the established connection: "latency" here. */
  connectMs: number;
}

/**
 * Opens a TCP connection, times it, and closes it: the socket is destroyed whatever happens. Node
 * resolves the name and tries each address family in turn (happy eyeballs); the clock for the
 * connect starts once the name is resolved.
 */
export function timeTcpConnect(host: string, port: number, signal: AbortSignal): Promise<TcpTiming> {
  signal.throwIfAborted();
  return new Promise<TcpTiming>((resolve, reject) => {
    const started = performance.now();
    let resolved = started;
    const socket = connect({ host, port });
    const finish = (outcome: () => void) => {
      socket.destroy();
      signal.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = () => finish(() => reject(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('lookup', () => (resolved = performance.now()));
    socket.once('connect', () => {
      const timing = { address: socket.remoteAddress ?? host, dnsMs: round(resolved - started), connectMs: round(performance.now() - resolved) };
      finish(() => resolve(timing));
    });
    socket.on('error', (error) => finish(() => reject(error)));
  });
}

export const round = (ms: number) => Math.round(ms * 10) / 10;

/** The start of a text for a message: whitespace folded, at most `max` characters. */
export function excerpt(text: string, max = 200): string {
  const folded = text.replace(/\s+/g, ' ').trim();
  return folded.length <= max ? folded : `${folded.slice(0, max - 1)}…`;
}

/**
 * A network error in words (Node puts the reason in `code`, fetch in `cause`). Never a stack.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  if (error.message === 'fetch failed' && cause) return describeError(cause);
  if (error instanceof AggregateError && error.errors.length > 0) return describeError(error.errors[0]);
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && !error.message.includes(code)) return `${code}: ${error.message}`;
  return error.message || error.name;
}
