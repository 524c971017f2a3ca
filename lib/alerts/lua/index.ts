import type { Result } from 'ioredis';
import { scriptsIn } from '../../lua/types';

/** The alert scripts, defined on every connection (lib/lua/define.ts). */
export const alertsScripts = scriptsIn('alerts/lua', {
  imalertTakeToken: { file: 'take-token.lua', keys: 1 },
  imalertRenewLease: { file: 'renew-lease.lua', keys: 1 },
  imalertReleaseLease: { file: 'release-lease.lua', keys: 1 },
  imalertReleaseIfIdle: { file: 'release-if-idle.lua', keys: 3 },
  imalertAddChannel: { file: 'add-channel.lua', keys: 4 },
  imalertSetChannelUrl: { file: 'set-channel-url.lua', keys: 2 },
  imalertRemoveChannel: { file: 'remove-channel.lua', keys: 6 },
  imalertSetChannelTags: { file: 'set-channel-tags.lua', keys: 2 },
  imalertRenameChannel: { file: 'rename-channel.lua', keys: 1 },
  imalertSetDefaultChannel: { file: 'set-default-channel.lua', keys: 2 },
  imalertMarkChannelOk: { file: 'mark-channel-ok.lua', keys: 1 },
  imalertMarkChannelFailing: { file: 'mark-channel-failing.lua', keys: 1 },
  imalertRouteAlerts: { file: 'route-alerts.lua', keys: 5 },
  imalertCompleteAlerts: { file: 'complete-alerts.lua', keys: 4 },
  imalertFailAlerts: { file: 'fail-alerts.lua', keys: 2 },
  imalertArmMemoryAlert: { file: 'arm-memory-alert.lua', keys: 1 },
});

/** How route-alerts.lua finds its entries: new ones, or ones pending too long (a sender died). */
export type RouteMode = 'new' | 'idle';
/** complete-alerts.lua: 'ok' when Slack took the alerts, so the channel is healthy again. */
export type ChannelOutcome = 'ok' | 'unchanged';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    imalertTakeToken(bucket: string, rate: number, burst: number): Result<[number, number], Context>;
    imalertRenewLease(lease: string, token: string, ttlMs: number): Result<number, Context>;
    imalertReleaseLease(lease: string, token: string): Result<number, Context>;
    imalertReleaseIfIdle(queue: string, channelsWithWork: string, lease: string, channelId: string, token: string): Result<number, Context>;
    imalertAddChannel(
      channel: string, fingerprints: string, channelIds: string, defaultChannel: string,
      id: string, name: string, encryptedUrl: string, fingerprint: string, maskedUrl: string, now: number,
    ): Result<string | null, Context>;
    imalertSetChannelUrl(channel: string, fingerprints: string, id: string, encryptedUrl: string, fingerprint: string, maskedUrl: string): Result<string, Context>;
    imalertRemoveChannel(channel: string, fingerprints: string, channelIds: string, defaultChannel: string, queue: string, channelTags: string, id: string): Result<[number, string[]], Context>;
    imalertSetChannelTags(channel: string, channelTags: string, id: string, tagsJson: string): Result<number, Context>;
    imalertRenameChannel(channel: string, name: string): Result<number, Context>;
    imalertSetDefaultChannel(channel: string, defaultChannel: string, id: string): Result<number, Context>;
    imalertMarkChannelOk(channel: string): Result<number, Context>;
    imalertMarkChannelFailing(channel: string, error: string): Result<number, Context>;
    imalertRouteAlerts(
      outbox: string, defaultChannel: string, channelsWithWork: string, alertLog: string, channelTags: string,
      mode: RouteMode, group: string, consumer: string, count: number, alertPrefix: string, channelPrefix: string,
      queuePrefix: string, byMonitorPrefix: string, logMaxLen: number, finalTtlMs: number, minIdleMs: number, tagPrefix: string,
    ): Result<number, Context>;
    imalertCompleteAlerts(
      outbox: string, queue: string, channel: string, lease: string,
      group: string, channelId: string, status: string, alertPrefix: string, finalTtlMs: number, digestId: string,
      channelOk: ChannelOutcome, leaseToken: string, ...alertIds: string[]
    ): Result<number, Context>;
    imalertFailAlerts(
      channel: string, lease: string,
      alertPrefix: string, channelId: string, error: string, retryAtMs: number, kind: string, failingAfter: number,
      leaseToken: string, ...alertIds: string[]
    ): Result<number, Context>;
    imalertArmMemoryAlert(memoryAlert: string): Result<number, Context>;
  }
}
