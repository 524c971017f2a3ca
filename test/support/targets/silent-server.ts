import { createServer, type Socket } from 'node:net';

/**
 * A TCP server that accepts connections and never says a word: a hung HTTP server, Elasticsearch
 * or Redis. By default it reads (and drops) what it is sent, so it notices when the client closes a
 * socket; `frozen` does not even read, like a stopped process, so a polite half-close never ends.
 */
export interface SilentServer {
  port: number;
  accepted(): number;
  openSockets(): number;
  close(): Promise<void>;
}

export async function startSilentServer(options: { frozen?: boolean } = {}): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('error', () => {});
    if (!options.frozen) socket.resume();
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    accepted: () => accepted,
    openSockets: () => sockets.size,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
