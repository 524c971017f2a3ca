// npx imalert: config as code against a running imalert (see `imalert --help`).
import { main } from './main';

main(process.argv.slice(2), process.env, { out: (line) => console.log(line), err: (line) => console.error(line) }).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    console.error(`imalert: ${(error as Error).message}`);
    process.exitCode = 1;
  },
);
