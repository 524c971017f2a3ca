/**
 * A stand-alone alert sender for tests: what a worker or controller does for alerts, nothing else.
 * Started with the env of alertTestEnv(); prints "ready" once delivery runs; SIGTERM stops it cleanly.
 */
import { startAlertDelivery } from '../../lib/alerts';
import { loadConfig } from '../../lib/config';
import { loadKeyring } from '../../lib/crypto/secrets';
import { createLogger } from '../../lib/log';
import { createRedis } from '../../lib/redis';
import { createKeys } from '../../lib/store/keys';

const config = loadConfig();
const ctx = { config, redis: createRedis(config.REDIS_URL!, 'daemon'), keys: createKeys(config.IMALERT_KEY_PREFIX), keyring: loadKeyring(config) };
const delivery = startAlertDelivery(ctx, { consumerName: process.env.SENDER_NAME ?? `sender-${process.pid}`, log: createLogger({ pid: process.pid }) });
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void delivery.stop().then(() => process.exit(0));
});
