import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';

/** The certificate a TLS server showed, for its expiry. */
export interface PeerCertificate {
  host: string;
  /** When it stops being valid (ms). */
  validTo: number;
  subject: string;
}

export interface CappedResponse {
  status: number;
  /** Where the body came from, after redirects. */
  url: URL;
  body: Buffer;
  /** True when the body was longer than the cap and the rest was not read. */
  truncated: boolean;
  /** The certificate of each HTTPS server on the way, first hop first. */
  certificates: PeerCertificate[];
}

export interface TlsOptions {
  /** PEM: the CAs trusted instead of the system's (as curl --cacert does). */
  ca?: string;
  /** Accept any certificate: the user chose no verification. */
  insecure?: boolean;
}

export interface RequestOptions {
  signal: AbortSignal;
  maxBytes: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Follow up to five redirects (the default), or judge the first answer. */
  followRedirects?: boolean;
  tls?: TlsOptions;
  /** Header names (lower case) that carry credentials: like authorization, never sent to another origin. */
  credentialHeaders?: readonly string[];
}

/** TLS failures a CA certificate or "no verification" would change. */
const CERTIFICATE_ERRORS = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ALTNAME/;

/** What to add to a request error's words: how the user can make a certificate error go away. */
export const certificateHint = (reason: string) => (CERTIFICATE_ERRORS.test(reason) ? ' (give the CA certificate, or turn verification off)' : '');

const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/**
 * A request with the body read up to `maxBytes`, following a few redirects. Each request has its own
 * socket (no agent, no pool) that is destroyed before this returns: global fetch was tried, and
 * after an abort its pool opens a fresh idle connection to the target that outlives the call.
 * Credentials in the URL become a basic auth header and never leave in the URL.
 */
export async function requestCapped(url: URL, options: RequestOptions): Promise<CappedResponse> {
  const headers: Record<string, string> = { 'user-agent': 'imalert', connection: 'close', ...options.headers };
  if (url.username || url.password) {
    headers.authorization ??= basicAuth(decodeURIComponent(url.username), decodeURIComponent(url.password));
    url = new URL(url);
    url.username = '';
    url.password = '';
  }
  let method = options.method ?? 'GET';
  let body = options.body;
  const certificates: PeerCertificate[] = [];
  for (let hop = 0; ; hop += 1) {
    const response = await requestOnce(url, { method, headers, body, signal: options.signal, maxBytes: options.maxBytes, tls: options.tls });
    if (response.certificate) certificates.push(response.certificate);
    const done = { status: response.status, url, body: response.body, truncated: response.truncated, certificates };
    if (options.followRedirects === false || !REDIRECTS.has(response.status) || !response.location || hop >= MAX_REDIRECTS) return done;
    const next = new URL(response.location, url);
    // Credentials go only where the user sent them.
    if (next.origin !== url.origin) for (const name of ['authorization', ...(options.credentialHeaders ?? [])]) deleteHeader(headers, name);
    // As browsers do: 303, and 301/302 after a POST, continue with a GET without the body.
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
      if (method !== 'HEAD') method = 'GET';
      body = undefined;
      deleteHeader(headers, 'content-type');
    }
    url = next;
  }
}

/** GET with the body read up to `maxBytes`. */
export function getCapped(url: URL, options: { signal: AbortSignal; maxBytes: number; headers?: Record<string, string>; tls?: TlsOptions }): Promise<CappedResponse> {
  return requestCapped(url, options);
}

function deleteHeader(headers: Record<string, string>, name: string) {
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name) delete headers[key];
}

interface OnceOptions {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  maxBytes: number;
  tls?: TlsOptions;
}

type OnceResponse = Omit<CappedResponse, 'url' | 'certificates'> & { location?: string; certificate?: PeerCertificate };

function requestOnce(url: URL, { method, headers, body, signal, maxBytes, tls }: OnceOptions): Promise<OnceResponse> {
  signal.throwIfAborted();
  const secure = url.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;
  const sent = body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) };
  const tlsOptions = secure ? { ...(tls?.ca ? { ca: tls.ca } : {}), rejectUnauthorized: !tls?.insecure } : {};
  return new Promise((resolve, reject) => {
    const request = send(url, { method, headers: sent, agent: false, ...tlsOptions });
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
      const certificate = secure ? peerCertificate(response, url.hostname) : undefined;
      const finish = (truncated: boolean) => settle(() => resolve({
        status: response.statusCode ?? 0,
        body: Buffer.concat(chunks, size),
        truncated,
        location: response.headers.location,
        ...(certificate ? { certificate } : {}),
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
    request.end(body);
  });
}

function peerCertificate(response: IncomingMessage, host: string): PeerCertificate | undefined {
  const socket = response.socket as TLSSocket | null;
  const cert = typeof socket?.getPeerCertificate === 'function' ? socket.getPeerCertificate() : undefined;
  const validTo = cert?.valid_to ? Date.parse(cert.valid_to) : NaN;
  if (!cert || !Number.isFinite(validTo)) return undefined;
  const subject = typeof cert.subject?.CN === 'string' ? cert.subject.CN : host;
  return { host: host.replace(/^\[|\]$/g, ''), validTo, subject };
}
