import type { ChannelOption } from '@/ui/monitors/monitor-form';

/** Alert channels a monitor can name (ids and names only; a channel's URL never leaves the server). */
export async function channelOptions(): Promise<ChannelOption[]> {
  return [];
}
