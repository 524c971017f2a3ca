import { headers } from 'next/headers';
import { sharedContext } from '@/lib/context';
import { pingUrl, readPingDetails } from '@/lib/pings';

/** The UI's address as the jobs should call it: IMALERT_PUBLIC_URL, else the address this page was asked on. */
export async function publicBaseUrl(): Promise<string> {
  const configured = sharedContext().config.IMALERT_PUBLIC_URL;
  if (configured) return configured;
  const asked = await headers();
  const host = asked.get('x-forwarded-host') ?? asked.get('host') ?? 'localhost:3000';
  const proto = asked.get('x-forwarded-proto') === 'https' ? 'https' : 'http';
  return `${proto}://${host}`;
}

/** A Did It Run's ping URL (null when it has none yet), for its page. */
export async function loadPingUrl(id: string): Promise<string | null> {
  const [{ token }, base] = await Promise.all([readPingDetails(sharedContext(), id), publicBaseUrl()]);
  return token === null ? null : pingUrl(base, token);
}
