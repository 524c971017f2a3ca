import { loadConfig } from '@/lib/config';

interface HeaderSource {
  get(name: string): string | null;
}

/**
 * The address of a one-time link: under IMALERT_PUBLIC_URL when it is set, else under the host the
 * admin's browser used (behind a proxy, its X-Forwarded-Host and -Proto).
 */
export function inviteLink(headers: HeaderSource, token: string): string {
  const base = loadConfig().IMALERT_PUBLIC_URL ?? originOf(headers);
  return new URL(`/invite/${token}`, base).toString();
}

function originOf(headers: HeaderSource): string {
  const first = (name: string) => headers.get(name)?.split(',')[0]?.trim();
  const host = first('x-forwarded-host') ?? first('host') ?? 'localhost';
  const proto = first('x-forwarded-proto') === 'https' ? 'https' : 'http';
  return `${proto}://${host}`;
}
