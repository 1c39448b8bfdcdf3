import type { IncomingHttpHeaders, Server } from 'node:http';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import {
  closeServer,
  decideMetricsAccess,
  gatewayHttpHandler,
  isLoopbackAddress,
  serverPort,
  startGatewayHttp,
  startMetricsHttp,
} from './gateway-http';

const TOKEN = 'metrics-token-0123456789';
const request = (remoteAddress: string, headers: IncomingHttpHeaders = {}) =>
  ({ headers, socket: { remoteAddress } }) as Parameters<typeof decideMetricsAccess>[0];

describe('isLoopbackAddress', () => {
  it('knows 127/8, ::1 and their IPv4-mapped form, nothing else', () => {
    for (const a of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])
      expect(isLoopbackAddress(a), a).toBe(true);
    for (const a of ['10.0.0.1', '::ffff:10.0.0.1', '0.0.0.0', '::', 'fe80::1', '1270.0.0.1', undefined]) {
      expect(isLoopbackAddress(a), String(a)).toBe(false);
    }
  });
});

describe('decideMetricsAccess', () => {
  it('without METRICS_TOKEN: this machine only, and not through a proxy on it', () => {
    expect(decideMetricsAccess(request('127.0.0.1'), {})).toBe('allow');
    expect(decideMetricsAccess(request('::1'), {})).toBe('allow');
    expect(decideMetricsAccess(request('192.168.1.20'), {})).toBe('not_local');
    expect(decideMetricsAccess(request('127.0.0.1', { 'x-forwarded-for': '203.0.113.9' }), {})).toBe(
      'not_local',
    );
    expect(decideMetricsAccess(request('127.0.0.1', { forwarded: 'for=203.0.113.9' }), {})).toBe('not_local');
  });

  it('with METRICS_TOKEN: the bearer token from anyone, nothing without it (not even loopback)', () => {
    const access = { token: TOKEN };
    expect(decideMetricsAccess(request('192.168.1.20', { authorization: `Bearer ${TOKEN}` }), access)).toBe(
      'allow',
    );
    expect(decideMetricsAccess(request('192.168.1.20', { authorization: `bearer ${TOKEN}` }), access)).toBe(
      'allow',
    );
    expect(decideMetricsAccess(request('192.168.1.20', { authorization: `Bearer ${TOKEN}x` }), access)).toBe(
      'bad_token',
    );
    expect(decideMetricsAccess(request('192.168.1.20', { authorization: TOKEN }), access)).toBe('bad_token');
    expect(decideMetricsAccess(request('127.0.0.1'), access)).toBe('bad_token');
  });
});

describe('the gateway HTTP servers', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await closeServer(s);
  });
  const handler = () => {
    const registry = new Registry();
    registry.setDefaultLabels({});
    return gatewayHttpHandler({ registry, isReady: () => true });
  };

  it('PORT: /metrics behind the token (401 with WWW-Authenticate), health open', async () => {
    const server = await startGatewayHttp(0, '127.0.0.1', handler(), { token: TOKEN });
    servers.push(server);
    const base = `http://127.0.0.1:${serverPort(server)}`;
    const refused = await fetch(`${base}/metrics`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(
      200,
    );
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
  });

  it('PORT without a token: a proxied request is refused with 403 and the way out', async () => {
    const server = await startGatewayHttp(0, '127.0.0.1', handler());
    servers.push(server);
    const base = `http://127.0.0.1:${serverPort(server)}`;
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
    const proxied = await fetch(`${base}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(proxied.status).toBe(403);
    expect(await proxied.text()).toMatch(/METRICS_TOKEN.*METRICS_PORT/);
  });

  it('METRICS_PORT: /metrics without a token, nothing else', async () => {
    const server = await startMetricsHttp(0, '127.0.0.1', handler());
    servers.push(server);
    const base = `http://127.0.0.1:${serverPort(server)}`;
    const page = await fetch(`${base}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(page.status).toBe(200);
    expect((await fetch(`${base}/api/health`)).status).toBe(404);
  });
});
