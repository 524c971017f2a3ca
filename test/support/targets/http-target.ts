import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';

/** A real HTTP(S) server on 127.0.0.1 standing in for a watched site; it counts its open sockets. */
export interface HttpTarget {
  url: string;
  port: number;
  /** Requests seen, newest last. */
  requests: { method: string; path: string; authorization?: string; headers: IncomingHttpHeaders; body: string }[];
  openSockets(): number;
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** With `tls`, an HTTPS server with that key and certificate. The handler runs once the request body is read. */
export async function startHttpTarget(handler: Handler, tls?: { key: string; cert: string }): Promise<HttpTarget> {
  const sockets = new Set<Socket>();
  const requests: HttpTarget['requests'] = [];
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      handler(req, res);
    });
  };
  const server = tls ? createHttpsServer(tls, onRequest) : createServer(onRequest);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    openSockets: () => sockets.size,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A handler that answers every request with one status, body and content type. */
export function answer(status: number, body: string, contentType = 'text/plain'): Handler {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': contentType });
    res.end(body);
  };
}
