import { describe, expect, it } from 'vitest';
import type { AppContext } from '../context';
import { UserError } from '../errors';
import type { Monitor } from '../monitors';
import { applyResult } from '../results/apply';
import { getStates } from '../results/read';
import { checkResult, jobFor, outboxEntries } from '../../test/fixtures/results';
import { redisServerPerFile } from '../../test/support/redis-per-file';
import { testContext } from '../../test/support/dashboard-context';
import { createWindow, endWindowNow, getWindow, listWindows, MaintenanceView, removeWindow, startMonitorMaintenance, updateWindow } from '.';

// Maintenance windows in Redis: stored through one schema, known to a worker through its refreshed
// copy, and applied by the real result script as a mute: no DOWN, re-notify or RESOLVED for what
// starts inside a window, and one DOWN at the first result after it when the monitor is still down.
let ctx: AppContext;
redisServerPerFile((client) => {
  ctx = testContext(client, { ALERT_RENOTIFY_UNIT_SECONDS: '1' });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tcp = (name: string, tags: string[] = [], extra: Record<string, unknown> = {}) =>
  ctx.monitors.create({ kind: 'tcp', name, cron: '*/5 * * * *', host: 'db.internal', port: 5432, renotifyMinutes: 0, tags, ...extra });
const HOUR = 3_600_000;
const oneOff = (extra: Record<string, unknown> = {}) => ({ type: 'once', name: 'db upgrade', startsAt: Date.now() - 1000, endsAt: Date.now() + HOUR, ...extra });
const version = () => ctx.redis.get(ctx.keys.maintenanceVersion);
const refused = async (write: Promise<unknown>) => {
  const error = await write.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  return (error as UserError).fieldErrors;
};

describe('storing windows', () => {
  it('creates, reads, edits, ends and deletes, raising the version workers watch at each write', async () => {
    const created = await createWindow(ctx, oneOff({ name: 'nightly vacuum', appliesTo: 'tag', tag: 'db', monitorIds: ['mignored'] }));
    expect(created).toMatchObject({ id: expect.stringMatching(/^w[0-9a-f]{16}$/), appliesTo: 'tag', tag: 'db', monitorIds: [] });
    expect(await version()).toBe('1');
    const edited = await updateWindow(ctx, created.id, { type: 'recurring', name: 'nightly vacuum', cron: '0 3 * * *', timeZone: 'Europe/Berlin', durationMinutes: 30 });
    expect(edited).toMatchObject({ type: 'recurring', appliesTo: 'all', tag: null, createdAt: created.createdAt });
    expect(await getWindow(ctx, created.id)).toEqual(edited);
    expect(await version()).toBe('2');

    const live = await createWindow(ctx, oneOff());
    const ended = await endWindowNow(ctx, live.id);
    expect(ended.type === 'once' && ended.endsAt <= Date.now()).toBe(true);
    expect((await listWindows(ctx)).windows.find((w) => w.id === live.id)?.state).toBe('ended');

    expect(await removeWindow(ctx, created.id)).toBe(true);
    expect(await removeWindow(ctx, created.id)).toBe(false);
    expect(await getWindow(ctx, created.id)).toBeUndefined();
    expect(await version()).toBe('5');
    await expect(updateWindow(ctx, created.id, oneOff())).rejects.toMatchObject({ reason: 'not-found' });
  });

  it.each([
    [{ type: 'weekly' }, 'type', /one-off \(once\) or recurring/],
    [oneOff({ endsAt: Date.now() - HOUR }), 'endsAt', /The end must be after the start/],
    [oneOff({ startsAt: Date.now() - 2 * HOUR, endsAt: Date.now() - HOUR }), 'endsAt', /already ended/],
    [oneOff({ endsAt: Date.now() + 400 * 24 * HOUR }), 'endsAt', /at most a year/],
    [oneOff({ startsAt: '2030-01-01' }), 'startsAt', /Start must be a number/],
    [oneOff({ appliesTo: 'monitors' }), 'monitorIds', /at least one monitor/],
    [oneOff({ appliesTo: 'monitors', monitorIds: ['mnothere'] }), 'monitorIds', /No such monitor: mnothere/],
    [oneOff({ appliesTo: 'tag' }), 'tag', /Choose a tag/],
    [oneOff({ appliesTo: 'tag', tag: 'Not A Tag' }), 'tag', /A tag is lowercase/],
    [oneOff({ appliesTo: 'some' }), 'appliesTo', /all, monitors or tag/],
    [oneOff({ name: '' }), 'name', /Name is required/],
    [{ type: 'recurring', name: 'r', cron: '61 * * * *', durationMinutes: 5 }, 'cron', /./],
    [{ type: 'recurring', name: 'r', cron: '0 3 31 2 *', durationMinutes: 5 }, 'cron', /never/],
    [{ type: 'recurring', name: 'r', cron: '0 3 * * *', timeZone: 'Mars/Olympus', durationMinutes: 5 }, 'timeZone', /Unknown time zone/],
    [{ type: 'recurring', name: 'r', cron: '0 3 * * *', durationMinutes: 0 }, 'durationMinutes', /at least 1 minute/],
    [{ type: 'recurring', name: 'r', cron: '0 3 * * *', durationMinutes: 99_999 }, 'durationMinutes', /at most 10080/],
  ])('refuses %j beside the field %s, storing nothing', async (input, field, message) => {
    const before = await ctx.redis.hgetall(ctx.keys.maintenanceWindows);
    const versionBefore = await version();
    const errors = await refused(createWindow(ctx, input));
    expect(errors[field]?.join(' ')).toMatch(message);
    expect(await ctx.redis.hgetall(ctx.keys.maintenanceWindows)).toEqual(before);
    expect(await version()).toBe(versionBefore);
  });

  it('"maintenance for N minutes" is a one-off window for that monitor alone, from now', async () => {
    const m = await tcp('quick maintenance');
    const w = await startMonitorMaintenance(ctx, m.id, 60);
    expect(w).toMatchObject({ type: 'once', appliesTo: 'monitors', monitorIds: [m.id], name: 'quick maintenance: maintenance for 60 min' });
    expect(w.type === 'once' && w.endsAt - w.startsAt).toBe(60 * 60_000);
    for (const minutes of [0, 1.5, '60', 100_000]) expect((await refused(startMonitorMaintenance(ctx, m.id, minutes))).minutes).toBeDefined();
    await expect(startMonitorMaintenance(ctx, 'mgone', 60)).rejects.toMatchObject({ reason: 'not-found' });
  });

  it('an unreadable stored window is named and does not hide the others', async () => {
    await ctx.redis.hset(ctx.keys.maintenanceWindows, 'wbroken', '{"type":"once"}');
    const { windows, errors } = await listWindows(ctx);
    expect(errors).toEqual([{ id: 'wbroken', error: expect.stringContaining('name') }]);
    expect(windows.length).toBeGreaterThan(0);
    await removeWindow(ctx, 'wbroken');
  });
});

describe("a worker's copy of the windows", () => {
  it('learns a new window at its next refresh and tells which monitors it covers, by Redis time', async () => {
    const db = await tcp('view db', ['db']);
    const web = await tcp('view web', ['web']);
    const view = new MaintenanceView(ctx);
    await view.refresh();
    const seen = view.knownVersion;
    expect(view.until(db)).toBeNull();
    const w = await createWindow(ctx, oneOff({ appliesTo: 'tag', tag: 'db' }));
    expect(view.until(db)).toBeNull(); // not refreshed yet
    await view.refresh();
    expect(view.knownVersion).not.toBe(seen);
    expect(view.until(db)).toBe(w.type === 'once' ? w.endsAt : -1);
    expect(view.until(web)).toBeNull();
    expect(Math.abs(view.now() - Date.now())).toBeLessThan(60_000);
    await removeWindow(ctx, w.id);
    await view.refresh();
    expect(view.until(db)).toBeNull();
  });

  it('follows a recurring window across the spring-forward gap in its time zone', async () => {
    const m = await tcp('view dst', ['dst']);
    await createWindow(ctx, { type: 'recurring', name: 'dst', cron: '30 2 * * *', timeZone: 'Europe/Berlin', durationMinutes: 60, appliesTo: 'tag', tag: 'dst' });
    const view = new MaintenanceView(ctx);
    await view.refresh();
    // 02:30 does not exist on 2027-03-28: the window runs 03:00-04:00 CEST (01:00Z-02:00Z).
    expect(view.until(m, Date.parse('2027-03-28T00:59:00Z'))).toBeNull();
    expect(view.until(m, Date.parse('2027-03-28T01:00:00Z'))).toBe(Date.parse('2027-03-28T02:00:00Z'));
    expect(view.until(m, Date.parse('2027-03-28T02:00:00Z'))).toBeNull();
    expect(view.until(m, Date.parse('2027-03-29T00:45:00Z'))).toBe(Date.parse('2027-03-29T01:30:00Z'));
  });
});

describe('alerts around a window (the result script)', () => {
  async function run(monitor: Monitor, view: MaintenanceView, outcome: 'F' | 'S', fire: number) {
    await applyResult(ctx, { monitor, job: jobFor(monitor, fire), result: checkResult(outcome === 'S'), workerName: 'w1', maintenanceUntil: view.until(monitor) });
  }
  const types = async () => (await outboxEntries(ctx)).map((a) => `${a.type}:${a.monitorName}`);

  it('no DOWN inside the window; one DOWN at the first result after it when still down; nothing for an outage that ended inside', async () => {
    await ctx.redis.del(ctx.keys.outbox);
    const stays = await tcp('window stays down', ['win']);
    const recovers = await tcp('window recovers', ['win']);
    const outside = await tcp('window outside');
    const w = await createWindow(ctx, oneOff({ appliesTo: 'tag', tag: 'win', endsAt: Date.now() + 1500 }));
    const view = new MaintenanceView(ctx);
    await view.refresh();
    let fire = Date.now();
    for (const step of ['F', 'F'] as const) {
      for (const m of [stays, recovers, outside]) await run(m, view, step, fire);
      fire += 100;
    }
    await run(recovers, view, 'S', fire);
    expect(await types()).toEqual(['down:window outside']);
    const [{ state }] = await getStates(ctx, [stays.id]);
    expect(state).toMatchObject({ status: 'down', downAlerted: false }); // checks ran and were stored

    await sleep((w.type === 'once' ? w.endsAt : 0) - Date.now() + 50);
    expect(view.until(stays)).toBeNull();
    fire += 100;
    for (const m of [stays, recovers]) await run(m, view, m === stays ? 'F' : 'S', fire);
    await run(stays, view, 'F', fire + 100);
    expect(await types()).toEqual(['down:window outside', 'down:window stays down']);
    await run(stays, view, 'S', fire + 200);
    expect(await types()).toEqual(['down:window outside', 'down:window stays down', 'resolved:window stays down']);
  });

  it('no re-notify while a window is on, and a reminder is skipped', async () => {
    await ctx.redis.del(ctx.keys.outbox);
    const m = await tcp('window renotify', ['renotify'], { renotifyMinutes: 1 });
    const reminder = await ctx.monitors.create({ kind: 'remind', name: 'window reminder', cron: '0 9 * * *', message: 'standup', tags: ['renotify'] });
    const view = new MaintenanceView(ctx);
    let fire = Date.now();
    await run(m, view, 'F', fire);
    expect(await types()).toEqual(['down:window renotify']);
    await createWindow(ctx, oneOff({ appliesTo: 'tag', tag: 'renotify' }));
    await view.refresh();
    await sleep(1100);
    for (let i = 0; i < 3; i++) await run(m, view, 'F', (fire += 100));
    await run(reminder, view, 'S', fire);
    expect(await types()).toEqual(['down:window renotify']);
  });
});
