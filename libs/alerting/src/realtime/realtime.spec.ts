import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@campus/test-kit';
import type { Alert } from '../domain/alert';
import { TokenService } from '../auth/token-service';
import { startTestApp, type TestApp } from '../testing/test-app.fixture';
import { JWT_TEST_SECRET, testAlert, testSites } from '../testing/test-sites.fixture';

let t: TestApp;
const sockets: Socket[] = [];
beforeAll(async () => {
  t = await startTestApp();
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
});
afterAll(() => t.close());

const open = (token: string | undefined): Socket => {
  const s = io(t.url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...(token === undefined ? {} : { auth: { token } }),
  });
  sockets.push(s);
  return s;
};

/** A socket of `username`, connected, with every `alert` it receives recorded. */
async function connectAs(username: string): Promise<{ socket: Socket; alerts: Alert[] }> {
  const socket = open(await t.tokenOf(username));
  const alerts: Alert[] = [];
  socket.on('alert', (a: Alert) => alerts.push(a));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return { socket, alerts };
}

const refusal = (socket: Socket): Promise<Error & { data?: unknown }> =>
  new Promise((resolve, reject) => {
    socket.once('connect_error', resolve);
    socket.once('connect', () => reject(new Error('connected with a bad token')));
  });

describe('socket.io alerts', () => {
  it('reach the users whose org contains the school, once each, and nobody else', async () => {
    const yanta = await connectAs('yanta'); // the school's county
    const weiyang = await connectAs('weiyang'); // another county of the same city
    const xian = await connectAs('xian'); // the city
    const root = await connectAs('root'); // the province (admin)
    const head1 = await connectAs('head1'); // the school itself
    const alert = testAlert(testSites(), '2161010001');

    t.handle.realtime.broadcastAlert(alert);

    // the Alert itself plus the sites-file fields (docs/alerting.md, "HTTP API"); this sites file lists no devices
    const sent = {
      ...alert,
      schoolName: '雁塔区第一小学',
      countyName: '雁塔区',
      cityName: '西安市',
      deviceKind: null,
      location: null,
      risk: null,
    };
    await waitFor(() => [yanta, xian, root, head1].every((c) => c.alerts.length > 0));
    await new Promise((r) => setTimeout(r, 300)); // bounded wait for anything wrongly sent
    expect(yanta.alerts).toEqual([sent]);
    expect(xian.alerts).toEqual([sent]);
    expect(root.alerts).toEqual([sent]);
    expect(head1.alerts).toEqual([sent]);
    expect(weiyang.alerts).toEqual([]);
  });

  it('refuses a missing, bad or expired token with connect_error "unauthorized"', async () => {
    const past = new TokenService({
      secret: JWT_TEST_SECRET,
      clock: () => new Date(Date.now() - 13 * 3600_000),
    });
    const expired = (await past.sign({ username: 'yanta', role: 'county_officer', org: '610113' })).token;
    for (const token of [undefined, 'garbage', '', expired]) {
      const err = await refusal(open(token));
      expect(err.message).toBe('unauthorized');
      expect(err.data).toEqual({ error: 'missing, bad or expired token' });
    }
  });

  it('disconnects a socket when its token runs out', async () => {
    const shortLived = new TokenService({ secret: JWT_TEST_SECRET, ttlSeconds: 2 });
    const socket = open(
      (await shortLived.sign({ username: 'yanta', role: 'county_officer', org: '610113' })).token,
    );
    const expired = new Promise((resolve) => socket.once('session_expired', resolve));
    const gone = new Promise((resolve) => socket.once('disconnect', resolve));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    expect(await expired).toEqual({ error: 'token expired' });
    await gone;
  });
});
