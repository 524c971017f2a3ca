import { createServer, type Server } from 'node:net';
import { freePort } from './ports';

/** A loopback TCP listener a TCP monitor watches: open() and close() take its target up and down. */
export async function toggledListener(): Promise<{ port: number; open(): Promise<void>; close(): Promise<void> }> {
  const port = await freePort();
  let server: Server | undefined;
  const open = () => new Promise<void>((resolve, reject) => {
    server = createServer((socket) => socket.on('error', () => undefined).end());
    server.once('error', reject).listen(port, '127.0.0.1', () => resolve());
  });
  const close = () => new Promise<void>((resolve) => {
    const closing = server;
    server = undefined;
    if (!closing) return resolve();
    closing.close(() => resolve());
  });
  await open();
  return { port, open, close };
}
