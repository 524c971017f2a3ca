import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAddressFrom, UNKNOWN_CLIENT } from '../lib/auth/client-address';
import { loadConfig } from '../lib/config';
import { clientOf, trustFrom } from './ui-server.mjs';

// A real HTTP server on loopback that answers with the client address the UI server would hand on,
// reached from another loopback address (127.0.0.7) as a proxy or a client machine would.
let server: Server;
let port: number;
let setting: string | undefined;

beforeAll(async () => {
  server = createServer((req, res) => res.end(clientOf(req, trustFrom(setting))));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function clientSeen(trust: string | undefined, forwardedFor?: string): Promise<string> {
  setting = trust;
  const headers = forwardedFor ? { 'x-forwarded-for': forwardedFor, 'x-real-ip': '198.51.100.1' } : {};
  return new Promise((resolve, reject) => {
    const req = request({ port, host: '127.0.0.1', localAddress: '127.0.0.7', headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('TRUST_PROXY', () => {
  it('unset or 0: the socket address, whatever X-Forwarded-For / X-Real-IP claim', async () => {
    expect(await clientSeen(undefined, '203.0.113.5')).toBe('127.0.0.7');
    expect(await clientSeen('0', '203.0.113.5')).toBe('127.0.0.7');
  });

  it('a hop count believes that many proxies, right to left', async () => {
    expect(await clientSeen('1', '203.0.113.5, 10.0.0.1')).toBe('10.0.0.1');
    expect(await clientSeen('2', '203.0.113.5, 10.0.0.1')).toBe('203.0.113.5');
  });

  it('addresses / CIDR ranges: the nearest hop outside them', async () => {
    expect(await clientSeen('127.0.0.0/8', '203.0.113.5, 10.0.0.1')).toBe('10.0.0.1');
    expect(await clientSeen('10.0.0.0/8,127.0.0.7', '203.0.113.5, 10.0.0.1')).toBe('203.0.113.5');
    expect(await clientSeen('127.0.0.1', '203.0.113.5')).toBe('127.0.0.7'); // the connection is not from that proxy
  });

  it('a bad value stops the process with a message naming TRUST_PROXY', () => {
    for (const bad of ['yes', '10.0.0.0/99', '1.2.3', '-1']) {
      expect(() => loadConfig({ TRUST_PROXY: bad } as unknown as NodeJS.ProcessEnv), bad).toThrow(/TRUST_PROXY: a hop count/);
    }
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1' } as unknown as NodeJS.ProcessEnv).TRUST_PROXY).toBe('10.0.0.0/8, 127.0.0.1,::1');
  });
});

describe('the address the login limit uses', () => {
  const headers = new Headers({ 'x-forwarded-for': '203.0.113.5', 'x-real-ip': '203.0.113.6', 'x-imalert-client': '192.0.2.1' });

  it('is one shared bucket when no server of ours vouches for it, never a header the client chose', () => {
    expect(clientAddressFrom(headers, { VERCEL: false })).toBe(UNKNOWN_CLIENT);
  });

  it("is Vercel's x-real-ip on Vercel", () => {
    expect(clientAddressFrom(headers, { VERCEL: true })).toBe('203.0.113.6');
  });
});
