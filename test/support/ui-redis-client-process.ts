/**
 * A UI-role Redis client in a process of its own, for counting what it logs across Redis restarts:
 * pings every 100 ms (failures are expected while Redis is away); prints "ready" once connected and
 * "answering again" at the first good ping after failed ones.
 */
import { createRedis } from '../../lib/redis';

const redis = createRedis(process.env.REDIS_URL!, 'ui');
redis.once('ready', () => process.stdout.write('ready\n'));
let failing = false;
setInterval(() => {
  redis.ping().then(
    () => {
      if (failing) process.stdout.write('answering again\n');
      failing = false;
    },
    () => (failing = true),
  );
}, 100);
process.on('SIGTERM', () => {
  redis.disconnect();
  process.exit(0);
});
