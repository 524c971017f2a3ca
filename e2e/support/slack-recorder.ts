import { createServer, type Server } from 'node:http';

/**
 * A stand-in for Slack's incoming webhook that the e2e tests can read over HTTP (the tests run in
 * other processes than the global setup): POST anything records it and answers "ok";
 * GET /__requests lists what was recorded.
 */
export interface RecordedMessage {
  at: number;
  path: string;
  body: unknown;
  raw: string;
}

export async function startSlackRecorder(port: number): Promise<{ url: string; server: Server }> {
  const messages: RecordedMessage[] = [];
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/__requests') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(messages));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
      messages.push({ at: Date.now(), path: req.url ?? '', body, raw });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}/services/T0E2E/B0E2E/e2e-default-hook`, server };
}

/** What the recorder received so far (from a test process). */
export async function recordedMessages(): Promise<RecordedMessage[]> {
  const response = await fetch(`${process.env.E2E_SLACK_BASE}/__requests`);
  return (await response.json()) as RecordedMessage[];
}
