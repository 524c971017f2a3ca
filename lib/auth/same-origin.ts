interface HeaderSource {
  get(name: string): string | null;
}

/**
 * Whether a state-changing request comes from our own pages: a browser sends Origin (and
 * Sec-Fetch-Site) with every POST, so a page on another origin is told apart; a request with neither
 * header is no browser's and carries no ambient cookie from one.
 */
export function isSameOrigin(headers: HeaderSource): boolean {
  const site = headers.get('sec-fetch-site');
  if (site && site !== 'same-origin') return false;
  const origin = headers.get('origin');
  if (origin === null) return true;
  const host = (headers.get('x-forwarded-host') ?? headers.get('host'))?.split(',')[0]?.trim().toLowerCase();
  try {
    return host !== undefined && new URL(origin).host.toLowerCase() === host;
  } catch {
    return false;
  }
}

export const FOREIGN_ORIGIN_MESSAGE = 'Refused: this request came from another site. Use imalert from its own pages.';
