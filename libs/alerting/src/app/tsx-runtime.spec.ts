import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../testing/test-app.fixture';

/**
 * Vitest (vite 8 / Oxc) emits decorator metadata, so a constructor parameter without `@Inject`
 * passes here and gets `undefined` under tsx. This runs the app in a child process under tsx,
 * exactly as `npm start` does, and exercises every injected piece once.
 */
let child: ChildProcess;
let url: string;

beforeAll(async () => {
  const script = fileURLToPath(new URL('../testing/tsx-smoke.fixture.ts', import.meta.url));
  child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const stdout = child.stdout;
  if (stdout === null) throw new Error('no stdout');
  url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`tsx app exited with ${code}`)));
    createInterface({ input: stdout }).once('line', (line) =>
      resolve((JSON.parse(line) as { url: string }).url),
    );
  });
}, 60_000);

afterAll(async () => {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.stdin?.end();
  const stuck = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(stuck);
});

const login = async (username: string, password: string): Promise<string> => {
  const res = await call(`${url}/api/auth/login`, { body: { username, password } });
  expect(res.status).toBe(200);
  return (res.body as { accessToken: string }).accessToken;
};

describe('under tsx (no decorator metadata)', () => {
  it('health, login, guards, permissions and the scope policy all get their dependencies', async () => {
    expect(await call(`${url}/api/health`)).toMatchObject({ status: 200, body: { status: 'ok' } });
    const token = await login('yanta', 'yanta-pass');
    expect(await call(`${url}/api/auth/me`, { token })).toMatchObject({
      status: 200,
      body: { username: 'yanta' },
    });
    expect((await call(`${url}/api/test/schools/2161010001`, { token })).status).toBe(200);
    expect((await call(`${url}/api/test/schools/2161010002`, { token })).status).toBe(404);
    expect((await call(`${url}/api/test/schools/2161010001/drill`, { method: 'POST', token })).status).toBe(
      403,
    );
    expect((await call(`${url}/api/test/boom`, { token })).status).toBe(500);
    expect((await call(`${url}/api/docs-json`)).status).toBe(200);
  });

  it('the socket.io gateway authenticates and broadcasts', async () => {
    const token = await login('yanta', 'yanta-pass');
    const socket = io(url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: { token },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      const got = new Promise<{ id: string }>((resolve) => socket.once('alert', resolve));
      expect((await call(`${url}/api/test/broadcast/2161010001`, { method: 'POST', token })).status).toBe(
        202,
      );
      expect(await got).toMatchObject({ id: 'alert-2161010001', school: '2161010001' });
    } finally {
      socket.close();
    }
  });
});
