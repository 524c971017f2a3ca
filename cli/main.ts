import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Env } from '../lib/config-files';
import { describeApiError, isApiError, createApiClient } from './api-client';
import { isValidTimeZone } from '../lib/schedule';
import { apply, exportCommand, plan, validate, type Output } from './commands';
import { importImalert } from './import-imalert';

const USAGE = `Usage: imalert <command> [options]

  validate -f <file or folder>…        check monitor files; no server needed
  plan     -f <file or folder>… [--prune] [--rotate-secrets]
                                       what apply would change on the server
  apply    -f <file or folder>… [--prune] [--rotate-secrets]
                                       create and update monitors by key; --prune deletes
                                       managed monitors no file names any more
  export   [--kind <kind>] [--tag <tag>] [-o <file>]
                                       the server's monitors as a file apply reproduces
  import-imalert --from redis://HOST:PORT [--password <p>] [--dry-run] [--time-zone <zone>]
                                       create the monitors of an original imAlert (its Redis
                                       is only read); schedules are read in --time-zone (UTC)

Environment: IMALERT_URL (e.g. http://localhost:3000) and IMALERT_TOKEN (an API token) for plan,
apply and export; IMALERT_MIN_INTERVAL_SECONDS as on the server (default 10).`;

/** The CLI's environment, parsed once. */
const CliEnv = z.object({
  IMALERT_URL: z.string().trim().url('IMALERT_URL must be a URL such as http://localhost:3000').optional(),
  IMALERT_TOKEN: z.string().trim().min(1).optional(),
  IMALERT_MIN_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
});

export async function main(argv: string[], env: Env, io: Output): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        file: { type: 'string', short: 'f', multiple: true },
        prune: { type: 'boolean' },
        'rotate-secrets': { type: 'boolean' },
        kind: { type: 'string' },
        tag: { type: 'string' },
        output: { type: 'string', short: 'o' },
        from: { type: 'string' },
        password: { type: 'string' },
        'dry-run': { type: 'boolean' },
        'time-zone': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...extra] = positionals;
  if (values.help || !command) return io.out(USAGE), command || values.help ? 0 : 2;
  if (extra.length) return io.err(`Unexpected arguments: ${extra.join(' ')}\n\n${USAGE}`), 2;
  const envResult = CliEnv.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')));
  if (!envResult.success) return io.err(envResult.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')), 2;
  const cliEnv = envResult.data;
  const files = values.file ?? [];
  const options = { prune: values.prune, rotateSecrets: values['rotate-secrets'] };
  const needsFiles = ['validate', 'plan', 'apply'].includes(command);
  if (needsFiles && files.length === 0) return io.err(`${command} needs -f <file or folder>`), 2;
  try {
    if (command === 'validate') return validate(files, env, cliEnv.IMALERT_MIN_INTERVAL_SECONDS, io);
    if (!['plan', 'apply', 'export', 'import-imalert'].includes(command)) return io.err(`Unknown command "${command}".\n\n${USAGE}`), 2;
    if (!cliEnv.IMALERT_URL || !cliEnv.IMALERT_TOKEN) return io.err(`${command} talks to a running imalert: set IMALERT_URL and IMALERT_TOKEN (an API token from Settings).`), 2;
    const api = createApiClient(cliEnv.IMALERT_URL, cliEnv.IMALERT_TOKEN);
    if (command === 'plan') return await plan(api, files, env, cliEnv.IMALERT_MIN_INTERVAL_SECONDS, options, io);
    if (command === 'apply') return await apply(api, files, env, cliEnv.IMALERT_MIN_INTERVAL_SECONDS, options, io);
    if (command === 'import-imalert') {
      if (!values.from || !/^rediss?:\/\//.test(values.from)) return io.err('import-imalert needs --from redis://HOST:PORT (the Redis of the original imAlert)'), 2;
      const timeZone = values['time-zone'] ?? 'UTC';
      if (!isValidTimeZone(timeZone)) return io.err(`--time-zone: "${timeZone}" is not an IANA time zone (e.g. Europe/Berlin)`), 2;
      return await importImalert(api, { from: values.from, password: values.password ?? env.IMALERT_IMPORT_PASSWORD, dryRun: values['dry-run'], timeZone }, io);
    }
    const filters = { ...(values.kind ? { kind: values.kind } : {}), ...(values.tag ? { tag: values.tag } : {}) };
    return await exportCommand(api, filters, values.output, io);
  } catch (error) {
    if (isApiError(error)) return io.err(describeApiError(error)), 1;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || /no such file or folder/.test((error as Error).message)) return io.err((error as Error).message), 1;
    throw error;
  }
}
