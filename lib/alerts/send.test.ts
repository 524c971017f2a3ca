import { expect, it } from 'vitest';
import { freePort } from '../../test/support/ports';
import { postToSlack } from './send';

const payload = { text: 'x', blocks: [] };

it('a webhook that cannot be reached is a transient failure that names the reason, never the URL', async () => {
  const closed = await freePort(); // nothing listens there
  const refused = await postToSlack(`http://127.0.0.1:${closed}/services/T0/B0/SecretPathPart`, payload, 2000);
  expect(refused).toEqual({ ok: false, kind: 'transient', error: 'Could not reach Slack: ECONNREFUSED' });
  // fetch refuses some ports outright; its own reason is shown rather than "fetch failed".
  const blocked = await postToSlack('http://127.0.0.1:1/services/T0/B0/SecretPathPart', payload, 2000);
  expect(blocked).toEqual({ ok: false, kind: 'transient', error: 'Could not reach Slack: bad port' });
  expect(JSON.stringify([refused, blocked])).not.toContain('SecretPathPart');
});
