import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
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

export interface CappedResponse {
  status: number;
  /** Where the body came from, after redirects. */
  url: URL;
  body: Buffer;
  /** True when the body was longer than the cap and the rest was not read. */
  truncated: boolean;
}

const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * GET with the body read up to `maxBytes`, following a few redirects. Each request has its own
 * socket (no agent, no pool) that is destroyed before this returns: global fetch was tried, and
 * after an abort its pool opens a fresh idle connection to the target that outlives the call.
 * Credentials in the URL become a basic auth header and never leave in the URL.
 */
export async function getCapped(url: URL, options: { signal: AbortSignal; maxBytes: number; headers?: Record<string, string> }): Promise<CappedResponse> {
  const headers: Record<string, string> = { 'user-agent': 'imalert', connection: 'close', ...options.headers };
  if (url.username || url.password) {
    headers.authorization ??= basicAuth(decodeURIComponent(url.username), decodeURIComponent(url.password));
    url = new URL(url);
    url.username = '';
    url.password = '';
  }
  for (let hop = 0; ; hop += 1) {
    const response = await getOnce(url, headers, options.signal, options.maxBytes);
    if (!REDIRECTS.has(response.status) || !response.location || hop >= MAX_REDIRECTS) return response;
    const next = new URL(response.location, url);
    // Credentials go only where the user sent them.
    if (next.origin !== url.origin) delete headers.authorization;
    url = next;
  }
}

function getOnce(url: URL, headers: Record<string, string>, signal: AbortSignal, maxBytes: number): Promise<CappedResponse & { location?: string }> {
  signal.throwIfAborted();
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(url, { method: 'GET', headers, agent: false });
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (outcome: () => void) => {
      signal.removeEventListener('abort', onAbort);
      request.destroy();
      outcome();
    };
    const onAbort = () => settle(() => reject(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    request.on('error', (error) => settle(() => reject(error)));
    request.once('response', (response) => {
      const finish = (truncated: boolean) => settle(() => resolve({
        status: response.statusCode ?? 0,
        url,
        body: Buffer.concat(chunks, size),
        truncated,
        location: response.headers.location,
      }));
      response.on('data', (chunk: Buffer) => {
        const room = maxBytes - size;
        chunks.push(chunk.subarray(0, room));
        size += Math.min(chunk.length, room);
        if (chunk.length > room || size >= maxBytes) finish(chunk.length > room);
      });
      response.once('end', () => finish(false));
      response.on('error', (error) => settle(() => reject(error)));
      response.once('close', () => settle(() => reject(new Error('the connection closed before the whole body arrived'))));
    });
    request.end();
  });
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

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
