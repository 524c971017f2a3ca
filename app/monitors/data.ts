import { listChannels } from '@/lib/alerts';
import { sharedContext } from '@/lib/context';
import type { ChannelOption } from '@/ui/monitors/monitor-form';

/** Alert channels a monitor can name (ids and names only; a channel's URL never leaves the server). */
export async function channelOptions(): Promise<ChannelOption[]> {
  const channels = await listChannels(sharedContext());
  return channels.map((c) => ({ id: c.id, name: c.isDefault ? `${c.name} (default)` : c.name }));
}
