import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '@campus/device-protocols';
import { ApiUser } from './testing/api-client';
import { connectDevice } from './testing/device-client';
import { postJsonAtOnce, postJsonFrom, type HttpAnswer } from './testing/http-from';
import { writeLoadProvince, type LoadProvince } from './testing/load-province';
import { startTestPlatform, type TestPlatform } from './testing/test-platform';
import { waitFor } from '@campus/test-kit';

/** Alarms raised during the storm (one every 25 ms): 100, so p99 is not just the slowest one. */
const ALARMS = 100;
const BAD_LOGINS = 200;
/** Short, so the second test can watch a lockout end (the default is 15 minutes). */
const LOCKOUT_SECONDS = 6;

const GUARD = { username: 'guard', password: 'guard-pass-2026' };
const NIGHT = { username: 'night', password: 'night-pass-2026' };
const OPS = { username: 'ops', password: 'ops-pass-2026' };

/** Nearest-rank percentile. */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const loginFrom = (base: string, address: string, body: { username: string; password: string }) =>
  postJsonFrom(`${base}/api/auth/login`, body, address);

function retryAfterOf(answer: { headers: Record<string, string | string[] | undefined> }): number {
  return Number(answer.headers['retry-after']);
}

/**
 * Online password guessing against the running platform: a storm of bad logins from one address
 * is throttled (429 + Retry-After, no password check) while alarms and health checks go on, a
 * locked account stays locked for its owner until the lockout ends, and other users from other
 * addresses sign in meanwhile.
 */
describe('login throttling on the running platform', () => {
  let dir: string;
  let province: LoadProvince;
  let platform: TestPlatform | undefined;
  let socket: Socket | undefined;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'campus-login-throttling-'));
    province = await writeLoadProvince(dir, { sensors: 0, detectors: 1 });
    // Users besides the county officer; the guard's password is an scrypt hash, so every login
    // attempt (unknown names too, against a decoy) costs one scrypt derivation unless throttled.
    const users = [
      `  - { username: ${GUARD.username}, passwordHash: '${hashSecret(GUARD.password)}', role: school_security, org: '${province.school}' }`,
      `  - { username: ${NIGHT.username}, password: '${NIGHT.password}', role: school_security, org: '${province.school}' }`,
      `  - { username: ${OPS.username}, password: '${OPS.password}', role: city_officer, org: '610100' }`,
    ];
    await writeFile(
      province.path,
      `${(await readFile(province.path, 'utf8')).trimEnd()}\n${users.join('\n')}\n`,
    );
    platform = await startTestPlatform({
      sitesFile: province.path,
      env: { LOGIN_LOCKOUT: `${LOCKOUT_SECONDS}s` },
    });
  });

  afterAll(async () => {
    socket?.close();
    await Promise.all(clients.map((c) => c.endAsync(true)));
    await platform?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('throttles 200 concurrent bad logins from one address while alarms and /api/health keep answering', async () => {
    const { base, mqttUrl } = platform!;
    const officer = await ApiUser.login(base, province.officer.username, province.officer.password);
    const live = await officer.live();
    socket = live.socket;
    // the n-th smoke event of the detector arrives as the alert with `occurrences` n
    const arrivedAt = new Map<number, number>();
    socket.on('alert', (alert: { type?: string; occurrences?: number }) => {
      if (alert.type !== 'smoke') return;
      const now = performance.now();
      for (let k = 1; k <= (alert.occurrences ?? 1); k++) if (!arrivedAt.has(k)) arrivedAt.set(k, now);
    });
    const detector = province.detectors[0]!;
    const device = await connectDevice(mqttUrl, detector.id, { password: detector.secret });
    clients.push(device);
    const smoke = () =>
      device.publishAsync(
        `campus/v1/${province.school}/${detector.id}/event`,
        JSON.stringify({ type: 'smoke' }),
        {
          qos: 1,
        },
      );
    // the alarm is open before the storm: what is measured is the steady state, not the opening
    await smoke();
    await waitFor(() => arrivedAt.has(1), { what: 'the smoke alert on the officer’s socket' });
    // and the HTTP paths have run once (no first-call compilation in the measurement)
    await fetch(`${base}/api/health`).then((r) => r.arrayBuffer());
    // the same health checks without a storm: what this machine gives right now (it is shared)
    const quiet: number[] = [];
    for (let i = 0; i < 40; i++) {
      const started = performance.now();
      await fetch(`${base}/api/health`).then((r) => r.arrayBuffer());
      quiet.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 25));
    }
    const quietP99 = percentile(quiet, 99);

    // a load balancer's health check every 25 ms, each timed from request to answer
    const health: { ms: number; status: number }[] = [];
    const polls = new Set<Promise<void>>();
    const poller = setInterval(() => {
      const started = performance.now();
      const poll: Promise<void> = fetch(`${base}/api/health`, { signal: AbortSignal.timeout(10_000) })
        .then(
          async (res) => {
            await res.arrayBuffer();
            health.push({ ms: performance.now() - started, status: res.status });
          },
          () => void health.push({ ms: performance.now() - started, status: 0 }),
        )
        .finally(() => polls.delete(poll));
      polls.add(poll);
    }, 25);

    // The storm, all from 127.0.0.1: wrong passwords for one real account (sent first, so that it
    // gets locked before unknown names use up the address's burst), and unknown names.
    const answered = postJsonAtOnce(
      `${base}/api/auth/login`,
      Array.from({ length: BAD_LOGINS }, (_, i) =>
        i < BAD_LOGINS / 2
          ? { username: GUARD.username, password: `guess-${i}` }
          : { username: `intruder-${i}`, password: `guess-${i}` },
      ),
    );
    const afterStorm = answered.then(async (answers) => ({
      answers,
      // the guard's account is locked: its owner, elsewhere, with the right password, gets 429
      owner: await loginFrom(base, '127.0.0.2', GUARD),
      // another user from another address signs in
      ops: await loginFrom(base, '127.0.0.3', OPS),
    }));

    // meanwhile, the detector raises its alarm again every 25 ms
    const publishedAt = new Map<number, number>();
    const publishes: Promise<unknown>[] = [];
    for (let n = 2; n < ALARMS + 2; n++) {
      publishedAt.set(n, performance.now());
      publishes.push(smoke());
      await new Promise((r) => setTimeout(r, 25));
    }
    const { answers, owner, ops } = await afterStorm;

    await Promise.all(publishes);
    await waitFor(() => arrivedAt.size > publishedAt.size, {
      timeoutMs: 30_000,
      what: `all ${publishedAt.size} alarms on the officer's socket (${arrivedAt.size - 1} so far)`,
    });
    clearInterval(poller);
    await Promise.all(polls);

    const throttled = answers.filter((a) => a.status === 429);
    const refused = answers.filter((a) => a.status === 401);
    const latencies = [...publishedAt].map(([n, at]) => arrivedAt.get(n)! - at);
    const alarmP99 = percentile(latencies, 99);
    const healthP99 = percentile(
      health.map((h) => h.ms),
      99,
    );
    console.log(
      `login storm: ${throttled.length} × 429, ${refused.length} × 401 of ${BAD_LOGINS}; ` +
        `alarm → socket.io p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${alarmP99.toFixed(0)} ms; ` +
        `/api/health ${health.length} polls, p99 ${healthP99.toFixed(0)} ms (quiet p99 ${quietP99.toFixed(0)} ms)`,
    );

    expect(throttled.length + refused.length).toBe(BAD_LOGINS);
    // 20 failures use up the address's burst; everything past it is refused unchecked
    expect(throttled.length).toBeGreaterThanOrEqual(BAD_LOGINS - 25);
    for (const answer of throttled) {
      expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(answer.body).toEqual({
        error: expect.stringMatching(/^too many login attempts; try again in \d+ s$/),
        retryAfterSeconds: Number(answer.retryAfter),
      });
    }
    expect(owner.status).toBe(429);
    expect(retryAfterOf(owner)).toBeGreaterThanOrEqual(1);
    expect(retryAfterOf(owner)).toBeLessThanOrEqual(LOCKOUT_SECONDS);
    expect(ops.status).toBe(200);

    expect(health.length).toBeGreaterThan(40);
    expect(health.filter((h) => h.status !== 200)).toEqual([]);
    // The target is 100 ms p99 for both (docs/security.md, "A flood must not hold up alarms and
    // health checks"): admitted logins wait for a calm turn (CalmLane), refused ones are answered on
    // the HTTP server itself, and this spec runs alone (scripts/test-tiers.mjs, ALONE_SPECS). On a
    // quiet 2-core box health p99 is then 18–29 ms, alarms 15–27 ms. The bound is 100 ms, or four times the quiet p99
    // measured just before when the machine is busy with other work; handling admitted logins as
    // they arrive (health p99 150–450 ms on a quiet box) fails it either way.
    const bound = Math.max(100, 4 * quietP99);
    const summary =
      `health p99 ${healthP99.toFixed(0)} ms, alarm p99 ${alarmP99.toFixed(0)} ms; ` +
      `quiet health p99 ${quietP99.toFixed(0)} ms, bound ${bound.toFixed(0)} ms`;
    expect(healthP99, summary).toBeLessThan(bound);
    expect(alarmP99, summary).toBeLessThan(bound);
    // and the platform still answers its users
    expect((await officer.request('GET', '/api/alerts?status=open')).status).toBe(200);
  });

  it('keeps a locked account locked for its owner until the lockout ends; others sign in meanwhile', async () => {
    const { base } = platform!;
    const failures: HttpAnswer[] = [];
    let lastSentAt = 0;
    for (let i = 0; i < 5; i++) {
      lastSentAt = Date.now();
      failures.push(await loginFrom(base, '127.0.0.4', { username: NIGHT.username, password: `wrong-${i}` }));
    }
    expect(failures.map((f) => f.status)).toEqual([401, 401, 401, 401, 401]);

    // the owner, from another address, with the right password, tries every 250 ms
    const tries: { at: number; answer: HttpAnswer }[] = [];
    let otherUser: HttpAnswer | undefined;
    const success = await waitFor(
      async () => {
        const answer = await loginFrom(base, '127.0.0.5', NIGHT);
        tries.push({ at: Date.now(), answer });
        // while the owner is locked out, another user from another address signs in
        otherUser ??= await loginFrom(base, '127.0.0.6', OPS);
        return answer.status === 200 ? tries.at(-1) : undefined;
      },
      {
        timeoutMs: (LOCKOUT_SECONDS + 10) * 1000,
        intervalMs: 250,
        what: 'the owner’s login after the lockout',
      },
    );

    const before = tries.slice(0, -1);
    expect(before.length).toBeGreaterThan(2);
    for (const t of before) {
      expect(t.answer.status).toBe(429);
      expect(retryAfterOf(t.answer)).toBeGreaterThanOrEqual(1);
      expect(retryAfterOf(t.answer)).toBeLessThanOrEqual(LOCKOUT_SECONDS);
    }
    // not a moment before the lockout ends, and the refused tries did not prolong it
    expect(success.at - lastSentAt).toBeGreaterThanOrEqual(LOCKOUT_SECONDS * 1000);
    expect(success.at - lastSentAt).toBeLessThan((LOCKOUT_SECONDS + 3) * 1000);
    expect(success.answer.body).toMatchObject({ user: { username: NIGHT.username } });
    expect(otherUser?.status).toBe(200);
  });
});
