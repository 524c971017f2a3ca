import { parsePrometheusText, samplesOf, total } from '../test/support/prometheus-text';
import { expect, logIn, test } from './support/fixtures';

/** The UI's /api/metrics on the production build: for a session or METRICS_TOKEN, nobody else. */
test('GET /api/metrics answers 401 without credentials or with a wrong token, and the UI process metrics with the token', async ({ request }) => {
  for (const headers of [{} as Record<string, string>, { Authorization: 'Bearer wrong-token-wrong-token' }, { Authorization: `Basic ${btoa(`x:${process.env.E2E_METRICS_TOKEN}`)}` }]) {
    const refused = await request.get('/api/metrics', { headers });
    expect(refused.status(), JSON.stringify(headers)).toBe(401);
    expect(await refused.json()).toEqual({ error: 'Log in first, or send an API token or METRICS_TOKEN (Authorization: Bearer …).' });
  }

  const scraped = await request.get('/api/metrics', { headers: { Authorization: `Bearer ${process.env.E2E_METRICS_TOKEN}` } });
  expect(scraped.status()).toBe(200);
  expect(scraped.headers()['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  expect(scraped.headers()['cache-control']).toBe('no-store');
  const samples = parsePrometheusText(await scraped.text());
  expect(total(samples, 'imalert_process_resident_memory_bytes')).toBeGreaterThan(0);
  expect(samplesOf(samples, 'imalert_redis_connected')).toEqual([{ name: 'imalert_redis_connected', labels: {}, value: 1 }]);
  expect(total(samples, 'imalert_redis_round_trip_seconds_count')).toBeGreaterThanOrEqual(1); // a PING per scrape
  // The system's gauges come from the controller only.
  expect(samplesOf(samples, 'imalert_monitors')).toEqual([]);
});

test('GET /api/metrics answers a logged-in session', async ({ page }) => {
  await logIn(page);
  const scraped = await page.request.get('/api/metrics');
  expect(scraped.status()).toBe(200);
  expect(total(parsePrometheusText(await scraped.text()), 'imalert_process_cpu_seconds_total')).toBeGreaterThan(0);
});
