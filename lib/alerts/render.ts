import { kindDisplayName } from '../monitors/registry';
import { stripCredentials } from '../monitors/target';
import type { OutboxAlert } from './types';

/**
 * Slack messages: Block Kit with fallback text. Every piece of user text (names, messages, targets)
 * is escaped (&, <, >) so a monitor name cannot mention @channel or hide a link, and every piece is
 * bounded to Slack's limits (header 150 characters, fields 2,000, sections 3,000, fewer than 50 blocks).
 */
export type SlackBlock = Record<string, unknown>;
export interface SlackPayload {
  text: string;
  blocks: SlackBlock[];
}

export const HEADER_MAX = 150;
export const FIELD_MAX = 2000;
const SECTION_MAX = 3000;
const FALLBACK_MAX = 3000;

export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts to max characters (by code point, so an emoji is never split), ending with an ellipsis. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Escaped and bounded: escaping first, so the bound holds for what Slack receives. */
const safe = (text: string, max: number) => truncate(escapeSlack(text), max);

export function alertHeadline(alert: Pick<OutboxAlert, 'type' | 'monitorName' | 'systemState'>): string {
  const name = alert.monitorName || 'imalert';
  switch (alert.type) {
    case 'down': return `🔴 DOWN — ${name}`;
    case 'worse': return `🔺 WORSE — ${name}`;
    case 'resolved': return `✅ RESOLVED — ${name}`;
    case 'reminder': return `⏰ Reminder — ${name}`;
    case 'renotify': return `🔁 Still down — ${name}`;
    case 'system': return alert.systemState === 'resolved' ? `✅ ${name}` : `⚠️ ${name}`;
    case 'test': return '🧪 Test message from imalert';
    default: return name;
  }
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h${m % 60 ? ` ${m % 60} min` : ''}`;
  return `${Math.floor(h / 24)} d${h % 24 ? ` ${h % 24} h` : ''}`;
}

/** Slack shows the date in each reader's time zone; the text after | is the fallback (UTC). */
function slackDate(ms: number): string {
  const iso = new Date(ms).toISOString().replace('T', ' ').slice(0, 16);
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} at {time}|${iso} UTC>`;
}

function field(label: string, value: string): SlackBlock {
  return { type: 'mrkdwn', text: truncate(`*${label}*\n${value}`, FIELD_MAX) };
}

function link(publicUrl: string | undefined, path: string, label: string): SlackBlock | undefined {
  if (!publicUrl) return undefined;
  const url = `${publicUrl.replace(/\/+$/, '')}${path}`;
  return { type: 'context', elements: [{ type: 'mrkdwn', text: `<${escapeSlack(url).replace(/\|/g, '%7C')}|${label}>` }] };
}

export function renderAlert(alert: OutboxAlert, options: { publicUrl?: string } = {}): SlackPayload {
  const headline = alertHeadline(alert);
  const blocks: SlackBlock[] = [{ type: 'header', text: { type: 'plain_text', text: safe(headline, HEADER_MAX), emoji: true } }];
  const fields: SlackBlock[] = [];
  if (alert.kind) fields.push(field('Check', safe(kindDisplayName(alert.kind), 200)));
  // Remind Me's target is a dash placeholder: it watches nothing, so the field would say nothing.
  if (alert.target.trim() && alert.target.trim() !== '—') fields.push(field('Target', safe(stripCredentials(alert.target), 500)));
  const since = Number(alert.since);
  if (since > 0) fields.push(field(alert.type === 'resolved' ? 'Down since' : 'Since', slackDate(since)));
  const downFor = Number(alert.downForMs);
  if (alert.type === 'resolved' && alert.downForMs !== '' && Number.isFinite(downFor)) fields.push(field('Down for', formatDuration(downFor)));
  // A repeated alert, or a DOWN sent well after the first failure (a failure threshold, a mute), says how
  // long the outage has lasted; a fresh DOWN's few seconds (the check's own time) would only be noise.
  const soFar = alert.at - since;
  if (since > 0 && (((alert.type === 'renotify' || alert.type === 'worse') && soFar >= 1000) || (alert.type === 'down' && soFar >= 60_000))) {
    fields.push(field('Down for', `${formatDuration(soFar)} so far`));
  }
  if (alert.at && alert.type !== 'test') fields.push(field('At', slackDate(alert.at)));
  if (fields.length) blocks.push({ type: 'section', fields });
  if (alert.message) {
    const label = alert.type === 'reminder' || alert.type === 'system' || alert.type === 'test' ? '' : alert.type === 'resolved' ? '*Last check*\n' : alert.type === 'worse' ? '*What fails now*\n' : '*What failed*\n';
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `${label}${safe(alert.message, FIELD_MAX)}` } });
  }
  const monitorLink = alert.monitorId ? link(options.publicUrl, `/monitors/${encodeURIComponent(alert.monitorId)}`, 'Open in imalert') : undefined;
  if (monitorLink) blocks.push(monitorLink);
  const text = safe(alert.message ? `${headline}: ${alert.message}` : headline, FALLBACK_MAX);
  return { text, blocks };
}

const DIGEST_LINES = 40;
const LINES_PER_SECTION = 10;
const LINE_MESSAGE_MAX = 100;
const TYPE_LABEL: Record<string, [string, string]> = {
  down: ['🔴', 'down'], worse: ['🔺', 'worse'], resolved: ['✅', 'resolved'], renotify: ['🔁', 'still down'], reminder: ['⏰', 'reminder'],
  system: ['⚠️', 'system'], test: ['🧪', 'test'],
};

function digestLine(alert: OutboxAlert): string {
  const [emoji, label] = TYPE_LABEL[alert.type] ?? ['•', alert.type];
  // One line per alert: a message that lists failed conditions a line each is folded.
  const message = alert.message ? `: ${safe(alert.message.replace(/:\s*\n\s*/g, ': ').replace(/\s*\n\s*/g, '; '), LINE_MESSAGE_MAX)}` : '';
  return `${emoji} *${safe(alert.monitorName || 'imalert', 120)}* — ${label}${message}`;
}

/**
 * Many alerts for one channel in one message: counts by type in the header, the first alerts named
 * (in outbox order, so a RESOLVED follows its DOWN), then "and N more" and a link to the alert log.
 */
export function renderDigest(alerts: OutboxAlert[], options: { publicUrl?: string } = {}): SlackPayload {
  const counts = new Map<string, number>();
  for (const a of alerts) counts.set(a.type, (counts.get(a.type) ?? 0) + 1);
  const summary = [...counts].map(([type, n]) => `${TYPE_LABEL[type]?.[0] ?? '•'} ${n} ${TYPE_LABEL[type]?.[1] ?? type}`).join(' · ');
  const headline = `${alerts.length} alerts — ${summary}`;
  const blocks: SlackBlock[] = [{ type: 'header', text: { type: 'plain_text', text: truncate(headline, HEADER_MAX), emoji: true } }];
  const named = alerts.slice(0, DIGEST_LINES).map(digestLine);
  for (let i = 0; i < named.length; i += LINES_PER_SECTION) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(named.slice(i, i + LINES_PER_SECTION).join('\n'), SECTION_MAX) } });
  }
  const rest = alerts.length - named.length;
  const logLink = link(options.publicUrl, '/alerts', 'See every alert in the alert log');
  const more = rest > 0 ? `…and ${rest} more. ` : '';
  if (logLink) {
    const element = (logLink.elements as SlackBlock[])[0];
    element.text = `${more}${element.text as string}`;
    blocks.push(logLink);
  } else {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `${more}Every alert is listed in the imalert alert log.` }] });
  }
  const names = alerts.slice(0, 10).map((a) => a.monitorName).join(', ');
  const text = safe(`${headline}: ${names}${alerts.length > 10 ? ` and ${alerts.length - 10} more` : ''}`, FALLBACK_MAX);
  return { text, blocks };
}
