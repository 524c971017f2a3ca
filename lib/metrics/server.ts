import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '../errors';
import type { Logger } from '../log';
import { isLoopbackHost, metricsTokenAccepted } from './access';

export interface MetricsServer {
  /** Where Prometheus scrapes, e.g. http://127.0.0.1:9464/metrics. */
  url: string;
  stop(): Promise<void>;
}

export interface MetricsServerOptions {
  host: string;
  port: number;
  /** When set, a scrape must send `Authorization: Bearer <token>`. */
  token?: string;
  render: () => Promise<{ body: string; contentType: string }>;
  log: Logger;
}

function reply(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(`${text}\n`);
}

/** GET /metrics in the Prometheus text format; every other request gets a short plain-text refusal. */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const { host, port, token, render, log } = options;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') return reply(res, 404, 'Not found: metrics are at /metrics.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'Use GET.', { Allow: 'GET, HEAD' });
    if (token && !metricsTokenAccepted(req.headers.authorization, token)) {
      return reply(res, 401, 'Send Authorization: Bearer <METRICS_TOKEN>.', { 'WWW-Authenticate': 'Bearer realm="imalert metrics"' });
    }
    try {
      const { body, contentType } = await render();
      res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (error) {
      log.error('could not collect the metrics', { error });
      reply(res, 500, 'Could not collect the metrics; the details are in the log.');
    }
  };
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'is in use by another process' : error.code === 'EADDRNOTAVAIL' ? 'is not an address of this machine' : `cannot be opened (${error.code ?? error.message})`;
      reject(new ConfigError(`METRICS_PORT ${port} on METRICS_HOST ${host} ${why}: choose another METRICS_PORT (each process needs its own) or unset it.`));
    });
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${shownHost}:${address.port}/metrics`;
  if (!token && !isLoopbackHost(host)) log.warn('metrics are served to other machines without a token; set METRICS_TOKEN', { url });
  log.info('metrics served', { url });
  return {
    url,
    stop: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
