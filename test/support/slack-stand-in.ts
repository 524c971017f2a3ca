import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * A local HTTP server standing in for a Slack incoming webhook. It records every request and answers
 * as told: 200 "ok" by default, or a status (500, 404, 429 with Retry-After), or never (a hang).
 * `close()` stops listening so connections are refused; `reopen()` listens on the same port again.
 */
export type StandInReply =
  | 'ok'
  | 'hang'
  | { status: number; retryAfterSeconds?: number; body?: string };

export interface SlackRequest {
  at: number;
  path: string;
  raw: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  /** The status answered; 0 while (or because) the request hangs. */
  status: number;
}

export interface SlackStandIn {
  port: number;
  /** The webhook URL to configure as a channel (http on loopback). */
  url: string;
  requests: SlackRequest[];
  /** Requests answered 2xx: the messages Slack "accepted". */
  accepted(): SlackRequest[];
  /** The reply for every request from now on (after any queued ones). */
  setDefault(reply: StandInReply): void;
  /** Replies for the next requests, in order, before the default applies again. */
  queue(...replies: StandInReply[]): void;
  /** Called for each request as it arrives (before it is answered). */
  onRequest?: (request: SlackRequest) => void;
  close(): Promise<void>;
  reopen(): Promise<void>;
  stop(): Promise<void>;
}

export async function startSlackStandIn(options: { port?: number; path?: string } = {}): Promise<SlackStandIn> {
  const path = options.path ?? '/services/T000/B000/standin0000';
  const requests: SlackRequest[] = [];
  const queued: StandInReply[] = [];
  let fallback: StandInReply = 'ok';
  const sockets = new Set<Socket>();

  const answer = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = undefined;
    }
    const record: SlackRequest = { at: Date.now(), path: req.url ?? '', raw, body, status: 0 };
    requests.push(record);
    standIn.onRequest?.(record);
    const reply = queued.length ? queued.shift()! : fallback;
    if (reply === 'hang') return;
    if (reply === 'ok') {
      record.status = 200;
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    record.status = reply.status;
    const headers: Record<string, string> = { 'content-type': 'text/plain' };
    if (reply.retryAfterSeconds !== undefined) headers['retry-after'] = String(reply.retryAfterSeconds);
    res.writeHead(reply.status, headers).end(reply.body ?? (reply.status === 404 ? 'no_service' : 'error'));
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => answer(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  const close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });

  const port = await listen(options.port ?? 0);
  const standIn: SlackStandIn = {
    port,
    url: `http://127.0.0.1:${port}${path}`,
    requests,
    accepted: () => requests.filter((r) => r.status >= 200 && r.status < 300),
    setDefault(reply) {
      fallback = reply;
    },
    queue(...replies) {
      queued.push(...replies);
    },
    close,
    async reopen() {
      await listen(port);
    },
    stop: close,
  };
  return standIn;
}
