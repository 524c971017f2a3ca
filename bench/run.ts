/** `npm run bench -- <name> [args]`: runs bench/<name>.ts (dispatch, worker, alerts, ui), or all of them. */
const names = ['dispatch', 'worker', 'alerts', 'ui'];
const [which, ...args] = process.argv.slice(2);
const selected = which ? [which] : names;
for (const name of selected) {
  if (!names.includes(name)) {
    console.error(`Unknown benchmark "${name}". Choose one of: ${names.join(', ')}`);
    process.exit(2);
  }
  const module = (await import(`./${name}.ts`)) as { default: (args: string[]) => Promise<void> };
  await module.default(args);
}
process.exit(0);

export {}; // a module: top-level await above
