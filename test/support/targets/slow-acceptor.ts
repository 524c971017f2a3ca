import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { createInterface } from 'node:readline';

/**
 * A listener whose next connect takes about a second, with no privileges and no netem. Its accept
 * queue (backlog 0) is filled by one connection, so the kernel drops the next SYN; half a second
 * later the listener accepts the filler, and the client's SYN, retransmitted after ~1 s, gets in.
 * Node cannot hold off accept(), hence a small Python process driven over stdin.
 */
export interface SlowAcceptor {
  port: number;
  /** Makes the next connect to `port` (started within ~400 ms) take about one second. */
  slowDownNextConnect(): Promise<void>;
  stop(): Promise<void>;
}

const SCRIPT = `
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', 0))
s.listen(0)
held = []
def drain():
    s.setblocking(False)
    try:
        while True:
            held.append(s.accept()[0])
    except BlockingIOError:
        pass
    s.setblocking(True)
print(s.getsockname()[1], flush=True)
for line in sys.stdin:
    if line.strip() == 'drain':
        drain()
        print('drained', flush=True)
    elif line.strip() == 'release':
        time.sleep(0.5)
        held.append(s.accept()[0])
`;

export async function startSlowAcceptor(): Promise<SlowAcceptor> {
  // The listener picks its own port and tells it: no window for another process to take it.
  const child = spawn('python3', ['-c', SCRIPT], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`slow acceptor exited with ${code}`)));
    });
  const port = Number(await nextLine());
  const fillers: Socket[] = [];
  return {
    port,
    async slowDownNextConnect() {
      child.stdin.write('drain\n');
      await nextLine();
      const filler = connect(port, '127.0.0.1');
      filler.on('error', () => {});
      fillers.push(filler);
      await new Promise<void>((resolve) => filler.once('connect', () => resolve()));
      child.stdin.write('release\n');
    },
    async stop() {
      for (const socket of fillers) socket.destroy();
      lines.close();
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}
