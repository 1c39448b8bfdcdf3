import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CalmLane } from '@campus/service-runtime';
import { waitFor } from '@campus/test-kit';
import { gateLoginFloods } from './login-gate.middleware';

describe('gateLoginFloods (the address gate on the HTTP server)', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  /** A server whose app answers 200 and counts what reached it; `wait` is the address limit's answer. */
  async function start(wait: (client: string) => number, lane?: CalmLane) {
    const reached: string[] = [];
    const clients: string[] = [];
    server = createServer((req, res) => {
      reached.push(`${req.method} ${req.url}`);
      res.end('app');
    });
    gateLoginFloods(
      server,
      (client) => {
        clients.push(client);
        return wait(client);
      },
      lane,
    );
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { base, reached, clients };
  }

  it('answers an over-limit login 429 before the app, with the API’s body and Retry-After', async () => {
    const { base, reached, clients } = await start(() => 7);
    for (const path of ['/api/auth/login', '/API/Auth/Login/', '/api/auth/login?next=x']) {
      const res = await fetch(`${base}${path}`, { method: 'POST', body: '{}' });
      expect(res.status, path).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.json()).toEqual({
        error: 'too many login attempts; try again in 7 s',
        retryAfterSeconds: 7,
      });
    }
    expect(reached).toEqual([]);
    // the socket's peer, as the MQTT limits key it (IPv4, not ::ffff:127.0.0.1)
    expect(new Set(clients)).toEqual(new Set(['127.0.0.1']));
  });

  it('passes everything else through, and logins under the limit', async () => {
    const { base, reached, clients } = await start(() => 0);
    expect((await fetch(`${base}/api/auth/login`, { method: 'POST', body: '{}' })).status).toBe(200);
    expect((await fetch(`${base}/api/auth/login`)).status).toBe(200);
    expect((await fetch(`${base}/api/auth/login-x`, { method: 'POST' })).status).toBe(200);
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    expect(reached).toEqual([
      'POST /api/auth/login',
      'GET /api/auth/login',
      'POST /api/auth/login-x',
      'GET /api/health',
    ]);
    expect(clients).toHaveLength(1);
  });

  it('sends an admitted login on in a calm turn: while connections keep arriving, other requests go first', async () => {
    const lane = new CalmLane(60_000);
    const { base, reached } = await start(() => 0, lane);
    // a burst that goes on: an arrival every turn
    let bursting = true;
    const burst = () => {
      if (!bursting) return;
      lane.arrived();
      setImmediate(burst);
    };
    burst();
    try {
      const login = fetch(`${base}/api/auth/login`, { method: 'POST', body: '{}' });
      await waitFor(() => lane.waiting === 1, { what: 'the login waiting in the lane' });
      const health = await fetch(`${base}/api/health`);
      expect(health.status).toBe(200);
      expect(reached).toEqual(['GET /api/health']);
      bursting = false;
      expect((await login).status).toBe(200);
    } finally {
      bursting = false;
    }
    expect(reached).toEqual(['GET /api/health', 'POST /api/auth/login']);
  });
});
