import { createHash } from 'node:crypto';
import { Command, type Redis } from 'ioredis';

const shas = new Map<string, string>();

/**
 * EVALSHA with a fallback to EVAL the first time Redis lacks the script (after a restart or on a new
 * node): the script text is sent once, not with every call. Safe with auto-pipelining, unlike
 * ioredis's defineCommand added after the first command.
 */
export async function runScript(redis: Redis, script: string, keys: string[], args: string[]): Promise<unknown> {
  let sha = shas.get(script);
  if (!sha) {
    sha = createHash('sha1').update(script).digest('hex');
    shas.set(script, sha);
  }
  try {
    return await send(redis, 'evalsha', sha, keys, args);
  } catch (error) {
    if (!String((error as Error)?.message).includes('NOSCRIPT')) throw error;
    return send(redis, 'eval', script, keys, args);
  }
}

/**
 * Sends EVAL/EVALSHA as one Command built from one array. ioredis's own path copies a call's arguments
 * several times (spread, then Array.prototype.flat, slow on the thousand arguments of a batch: about a
 * third of a worker's cost of storing a result). Written at once, so only when no auto-pipelined
 * command of this client waits for the next tick: the order of commands is kept either way.
 */
function send(redis: Redis, name: 'eval' | 'evalsha', scriptOrSha: string, keys: string[], args: string[]): Promise<unknown> {
  if (redis.autoPipelineQueueSize > 0) return redis[name](scriptOrSha, keys.length, ...keys, ...args);
  const argv = new Array<string>(2 + keys.length + args.length);
  argv[0] = scriptOrSha;
  argv[1] = String(keys.length);
  for (let i = 0; i < keys.length; i += 1) argv[2 + i] = keys[i];
  for (let i = 0; i < args.length; i += 1) argv[2 + keys.length + i] = args[i];
  const command = new Command(name, [], { replyEncoding: 'utf8' });
  command.args = argv;
  void redis.sendCommand(command);
  return command.promise;
}
