import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Whether an Authorization header carries METRICS_TOKEN as a bearer token: the one check of who may
 * read metrics without a session (the daemons' endpoints and the UI's /api/metrics). Compared in
 * constant time; no token configured accepts nothing.
 */
export function metricsTokenAccepted(authorization: string | null | undefined, token: string | undefined): boolean {
  if (!token || !authorization) return false;
  const presented = /^Bearer +(\S+) *$/i.exec(authorization)?.[1];
  return presented !== undefined && timingSafeEqual(digest(presented), digest(token));
}

/** Whether clients on other machines can reach an endpoint bound to this host. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
