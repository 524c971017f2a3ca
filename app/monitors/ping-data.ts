import { headers } from 'next/headers';
import { publicBaseUrl } from '@/app/lib/public-url';
import { sharedContext } from '@/lib/context';
import { pingUrl, readPingDetails } from '@/lib/pings';

/** A Did It Run's ping URL (null when it has none yet), for its page. */
export async function loadPingUrl(id: string): Promise<string | null> {
  const ctx = sharedContext();
  const [{ token }, asked] = await Promise.all([readPingDetails(ctx, id), headers()]);
  return token === null ? null : pingUrl(publicBaseUrl(asked, ctx.config.IMALERT_PUBLIC_URL), token);
}
