// The UI's HTTP server: Next.js (production build, or --dev) behind a plain node:http server that
// tells the app who the client is. Next itself does not expose the socket address to route handlers
// and server actions, so this server puts it (or, per TRUST_PROXY, the address the trusted proxies
// saw) into x-imalert-client, replacing whatever the client sent under that name.
// Usage: node scripts/ui-server.mjs [--port 3000] [--hostname 127.0.0.1] [--dev]
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import next from 'next';
import proxyaddr from 'proxy-addr';

export const CLIENT_HEADER = 'x-imalert-client';

/** TRUST_PROXY as proxy-addr's trust function: unset or 0 trusts no proxy (the socket address decides). */
export function trustFrom(setting) {
  const value = (setting ?? '').trim();
  if (value === '') return () => false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, index) => index < hops;
  }
  return proxyaddr.compile(value.split(',').map((part) => part.trim()).filter(Boolean));
}

/** The client's address as the trusted proxy chain tells it. */
export function clientOf(req, trust) {
  return proxyaddr(req, trust) ?? 'unknown';
}

async function main() {
  const { values } = parseArgs({ options: { port: { type: 'string' }, hostname: { type: 'string' }, dev: { type: 'boolean' } } });
  const port = Number(values.port ?? process.env.PORT ?? 3000);
  let trust;
  try {
    trust = trustFrom(process.env.TRUST_PROXY);
  } catch (error) {
    console.error(`TRUST_PROXY: ${error.message}. Use a hop count (1) or addresses / CIDR ranges (10.0.0.0/8,127.0.0.1).`);
    process.exit(1);
  }
  // The app believes x-imalert-client only when this server runs it (same process).
  globalThis[Symbol.for('imalert.clientHeader')] = CLIENT_HEADER;
  const dir = fileURLToPath(new URL('..', import.meta.url));
  const app = next({ dev: values.dev === true, dir, hostname: values.hostname ?? 'localhost', port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((req, res) => {
    req.headers[CLIENT_HEADER] = clientOf(req, trust);
    void handle(req, res);
  });
  server.listen(port, values.hostname, () => console.log(`ui listening on ${values.hostname ?? '*'}:${port}`));
  const stop = () => {
    setTimeout(() => process.exit(0), 2000).unref();
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error) => {
    console.error(`ui server failed to start: ${error.message}`);
    process.exit(1);
  });
}
