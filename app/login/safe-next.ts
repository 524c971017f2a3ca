/** Any origin will do as the base: only whether `next` stays on it matters. */
const BASE = 'http://imalert.invalid';

/**
 * Where to go after logging in: `next` resolved by the browser's own URL rules (tabs and newlines
 * dropped, backslashes read as slashes, non-ASCII escaped), kept only if it stays on this origin.
 */
export function safeNextPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/')) return '/';
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return '/';
  }
  if (url.origin !== BASE) return '/';
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith('/') && !path.startsWith('//') ? path : '/';
}
