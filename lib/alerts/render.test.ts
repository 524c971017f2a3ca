import { describe, expect, it } from 'vitest';
import { escapeSlack, formatDuration, HEADER_MAX, renderAlert, renderDigest } from './render';
import type { OutboxAlert } from './types';

const alert = (over: Partial<OutboxAlert> = {}): OutboxAlert => ({
  alertId: 'a1', type: 'down', monitorId: 'm1', monitorName: 'db', kind: 'tcp', target: 'db.internal:5432',
  message: 'connect ECONNREFUSED', at: Date.UTC(2026, 0, 2, 3, 4), fireTime: '', since: String(Date.UTC(2026, 0, 2, 3, 0)),
  downForMs: '', channelIds: '[]', ...over,
});
type Block = { type: string; text?: { text: string }; fields?: Array<{ text: string }>; elements?: Array<{ text: string }> };
const blocks = (payload: { blocks: unknown[] }) => payload.blocks as Block[];
const allText = (payload: { text: string; blocks: unknown[] }) => JSON.stringify(payload);

describe('renderAlert', () => {
  it('heads each alert type as the issue says', () => {
    const header = (type: OutboxAlert['type']) => blocks(renderAlert(alert({ type })))[0].text!.text;
    expect(header('down')).toBe('🔴 DOWN — db');
    expect(header('resolved')).toBe('✅ RESOLVED — db');
    expect(header('reminder')).toBe('⏰ Reminder — db');
    expect(header('renotify')).toBe('🔁 Still down — db');
    expect(blocks(renderAlert(alert({ type: 'system', monitorName: 'No live worker', systemState: 'raised' })))[0].text!.text).toBe('⚠️ No live worker');
  });

  it('shows the check kind by its original name, the target without credentials, what failed and since when', () => {
    const payload = renderAlert(alert({ kind: 'elastic', target: 'https://admin:s3cret@es.internal:9200/' }));
    const fields = blocks(payload)[1].fields!.map((f) => f.text);
    expect(fields[0]).toBe('*Check*\nI Watch Elastic');
    expect(fields[1]).toBe('*Target*\nhttps://es.internal:9200/');
    expect(allText(payload)).not.toContain('s3cret');
    expect(fields[2]).toMatch(/^\*Since\*\n<!date\^\d+\^\{date_short_pretty\} at \{time\}\|2026-01-02 03:00 UTC>$/);
    expect(blocks(payload)[2].text!.text).toBe('*What failed*\nconnect ECONNREFUSED');
    expect(payload.text).toBe('🔴 DOWN — db: connect ECONNREFUSED');
  });

  it('says how long a resolved monitor was down', () => {
    const payload = renderAlert(alert({ type: 'resolved', downForMs: String(3 * 3600_000 + 12 * 60_000) }));
    expect(blocks(payload)[1].fields!.map((f) => f.text)).toContain('*Down for*\n3 h 12 min');
  });

  it('a repeated DOWN, or one sent after a threshold, says how long the monitor has been down so far; a fresh one does not', () => {
    const since = Date.UTC(2026, 0, 2, 3, 0);
    const renotify = renderAlert(alert({ type: 'renotify', since: String(since), at: since + 75 * 60_000 }));
    expect(blocks(renotify)[0].text!.text).toBe('🔁 Still down — db');
    expect(blocks(renotify)[1].fields!.map((f) => f.text)).toContain('*Down for*\n1 h 15 min so far');
    const fresh = renderAlert(alert({ since: String(since), at: since + 5000 })); // the check's own 5 s timeout
    expect(allText(fresh)).not.toContain('Down for');
    const afterThreshold = renderAlert(alert({ since: String(since), at: since + 3 * 60_000 }));
    expect(blocks(afterThreshold)[1].fields!.map((f) => f.text)).toContain('*Down for*\n3 min so far');
  });

  it('a reminder names no target: Remind Me watches nothing', () => {
    const payload = renderAlert(alert({ type: 'reminder', kind: 'remind', target: '—', message: 'Renew the certificate', since: '' }));
    const fields = blocks(payload)[1].fields!.map((f) => f.text);
    expect(fields.some((f) => f.startsWith('*Target*'))).toBe(false);
    expect(fields[0]).toBe('*Check*\nRemind Me');
  });

  it('a WORSE update says so in its header, what fails now and how long it has been down', () => {
    const since = Date.UTC(2026, 0, 2, 3, 0);
    const payload = renderAlert(alert({ type: 'worse', kind: 'elastic', message: 'Cluster logs: cluster status is red, 7 unassigned shards', since: String(since), at: since + 12 * 60_000 }));
    expect(blocks(payload)[0].text!.text).toBe('🔺 WORSE — db');
    expect(blocks(payload)[1].fields!.map((f) => f.text)).toContain('*Down for*\n12 min so far');
    expect(blocks(payload)[2].text!.text).toBe('*What fails now*\nCluster logs: cluster status is red, 7 unassigned shards');
    expect(payload.text).toBe('🔺 WORSE — db: Cluster logs: cluster status is red, 7 unassigned shards');
    const digest = renderDigest([alert({ alertId: 'a1' }), alert({ alertId: 'a2', type: 'worse', monitorName: 'logs' })]);
    expect(blocks(digest)[0].text!.text).toBe('2 alerts — 🔴 1 down · 🔺 1 worse');
    expect(blocks(digest)[1].text!.text).toContain('🔺 *logs* — worse');
  });

  it('links to the monitor only when IMALERT_PUBLIC_URL is set', () => {
    expect(allText(renderAlert(alert()))).not.toContain('Open in imalert');
    const linked = blocks(renderAlert(alert(), { publicUrl: 'https://imalert.example.com/' })).at(-1)!;
    expect(linked.elements![0].text).toBe('<https://imalert.example.com/monitors/m1|Open in imalert>');
  });

  it('escapes user text so a name cannot mention @channel or hide a link', () => {
    const payload = renderAlert(alert({ monitorName: '<!channel> & <http://evil.example|click>', message: '<@U1> *bold*', target: '<!here>:1' }));
    const json = allText(payload);
    expect(json).not.toMatch(/<!channel>|<!here>|<http:\/\/evil|<@U1>/);
    expect(blocks(payload)[0].text!.text).toBe('🔴 DOWN — &lt;!channel&gt; &amp; &lt;http://evil.example|click&gt;');
  });

  it('bounds lengths: header 150, fields 2000, and the whole message stays small', () => {
    const payload = renderAlert(alert({ monitorName: 'n'.repeat(500), message: '<'.repeat(10_000), target: 'h'.repeat(5000) }));
    expect(Array.from(blocks(payload)[0].text!.text).length).toBeLessThanOrEqual(HEADER_MAX);
    for (const f of blocks(payload)[1].fields!) expect(f.text.length).toBeLessThanOrEqual(2000);
    expect(blocks(payload)[2].text!.text.length).toBeLessThanOrEqual(2000 + 20);
    expect(Array.from(payload.text).length).toBeLessThanOrEqual(3000);
  });
});

describe('renderDigest', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => alert({ alertId: `a${i}`, monitorName: `svc-${i}`, type: i % 5 === 4 ? 'resolved' : 'down' }));

  it('names the first monitors in order, counts the rest and links to the alert log', () => {
    const payload = renderDigest(many(500), { publicUrl: 'https://imalert.example.com' });
    const b = blocks(payload);
    expect(b.length).toBeLessThan(50);
    expect(b[0].text!.text).toBe('500 alerts — 🔴 400 down · ✅ 100 resolved');
    const lines = b.filter((x) => x.type === 'section').flatMap((x) => x.text!.text.split('\n'));
    expect(lines[0]).toBe('🔴 *svc-0* — down: connect ECONNREFUSED');
    expect(lines[4]).toMatch(/^✅ \*svc-4\* — resolved/);
    expect(lines).toHaveLength(40);
    expect(b.at(-1)!.elements![0].text).toBe('…and 460 more. <https://imalert.example.com/alerts|See every alert in the alert log>');
    for (const x of b) if (x.text) expect(x.text.text.length).toBeLessThanOrEqual(3000);
  });

  it('keeps a message of failed conditions a line each in an alert, and folds it into one line in a digest', () => {
    const message = 'https://app.example.com/ answered HTTP 503 in 40 ms; 2 conditions failed:\nHTTP status: 503 vs is 200–299\nresponse time: 900 ms vs at most 500 ms';
    expect(blocks(renderAlert(alert({ message })))[2].text!.text).toBe(`*What failed*\n${message}`);
    const lines = blocks(renderDigest([alert({ message }), alert({ alertId: 'a2', monitorName: 'other' })]))[1].text!.text.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('🔴 *db* — down: https://app.example.com/ answered HTTP 503 in 40 ms; 2 conditions failed: HTTP status: 503 vs is 20…');
  });

  it('escapes names in digests too', () => {
    const payload = renderDigest([alert({ monitorName: '<!channel>' }), alert({ monitorName: 'b & c' })]);
    expect(allText(payload)).not.toContain('<!channel>');
    expect(allText(payload)).toContain('&lt;!channel&gt;');
    expect(allText(payload)).toContain('Every alert is listed in the imalert alert log.');
  });
});

it('escapeSlack and formatDuration', () => {
  expect(escapeSlack('a & <b> > c')).toBe('a &amp; &lt;b&gt; &gt; c');
  expect(formatDuration(45_000)).toBe('45 s');
  expect(formatDuration(65_000)).toBe('1 min 5 s');
  expect(formatDuration(50 * 3600_000)).toBe('2 d 2 h');
});
