import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TwilioDouble, type RecordedTwilioRequest } from '@campus/alerting/testing';
import { ApiUser } from './testing/api-client';
import { connectDevice } from './testing/device-client';
import {
  createTestDatabase,
  freePort,
  startPostgres,
  waitFor,
  type PostgresServer,
  type TestDatabase,
} from '@campus/test-kit';
import { spawnApp, type GatewayProcess } from './testing/gateway-process';
import { startTestGateway, type TestGateway } from './testing/test-gateway';
import { SCHOOL_A, TEST_SITES_PATH } from './testing/test-sites';

type AlertJson = { id: string; type: string; status: string; openedAt: string; occurrences: number };
type TimelineJson = { items: { at: string; kind: string; level?: string; channel?: string; to?: string }[] };

const SERVICE = { username: 'alert-service', password: 'svc-pass' };
const JWT_SECRET = 'resilience-secret-resilience-secret';
const SCHOOL_PHONE = '+8613800000001';
const COUNTY_PHONE = '+8613800000002';
const CITY_PHONE = '+8613800000003';
/** test-province.yaml: critical alerts reach the county 4 s and the city 8 s after opening. */
const COUNTY_AFTER_MS = 4_000;
const CITY_AFTER_MS = 8_000;
/**
 * For the SIGKILL test the city step comes later: a restart (tsx loading Nest, Twilio, pg …) takes
 * 5–15 s on a busy 2-core machine, and the restarted service must be up before the step is due to
 * show that it sends it on time.
 */
const KILL_TEST_CITY_AFTER_S = 25;
/** Sends land at the double a little after the scheduler fired; never before the due time. */
const EARLY_TOLERANCE_MS = 50;
const LATE_LIMIT_MS = 1_000;

/** Messages per `phone kind`, e.g. `{ '+86… sms': 1 }`. */
function countByRecipient(requests: readonly RecordedTwilioRequest[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const q of requests) {
    const key = `${q.to} ${q.kind}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

const EVERY_STEP_ONCE = {
  [`${SCHOOL_PHONE} sms`]: 1,
  [`${SCHOOL_PHONE} voice`]: 1,
  [`${COUNTY_PHONE} sms`]: 1,
  [`${COUNTY_PHONE} voice`]: 1,
  [`${CITY_PHONE} sms`]: 1,
};

/** Waits until `moment` has passed: an absence can only be seen afterwards. */
async function passes(moment: number, what: string): Promise<void> {
  await waitFor(() => Date.now() >= moment, {
    timeoutMs: moment - Date.now() + 5_000,
    intervalMs: 50,
    what,
  });
}

describe('apps/alert-service on PostgreSQL: escalation survives SIGKILL and runs once across replicas', () => {
  let postgres: PostgresServer;
  let gateway: TestGateway;
  let twilio: TwilioDouble;
  let workDir: string;
  const processes = new Set<GatewayProcess>();
  const databases: TestDatabase[] = [];

  beforeAll(async () => {
    // Settle every start before failing, so afterAll can stop whatever did start.
    const started = await Promise.allSettled([
      startPostgres().then((p) => (postgres = p)),
      startTestGateway({
        MQTT_SERVICE_USERNAME: SERVICE.username,
        MQTT_SERVICE_PASSWORD: SERVICE.password,
      }).then((g) => (gateway = g)),
      TwilioDouble.start().then((d) => (twilio = d)),
      mkdtemp(join(tmpdir(), 'campus-resilience-')).then((d) => (workDir = d)),
    ]);
    for (const result of started) if (result.status === 'rejected') throw result.reason;
  });
  afterEach(async () => {
    await Promise.all([...processes].map((p) => p.kill('SIGKILL')));
    processes.clear();
    for (const db of databases.splice(0)) await db.drop();
    twilio?.reset();
  });
  afterAll(async () => {
    await gateway?.dispose();
    await twilio?.close();
    await postgres?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  async function freshDatabase(): Promise<TestDatabase> {
    const db = await createTestDatabase(postgres.url);
    databases.push(db);
    return db;
  }

  /** One alert-service replica: its own port, data dir and MQTT session; `start()` again restarts it. */
  async function replica(name: string, databaseUrl: string, sitesFile: string) {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = {
      PORT: String(port),
      DATA_DIR: join(workDir, name),
      SITES_FILE: sitesFile,
      DATABASE_URL: databaseUrl,
      MQTT_URL: gateway.mqttUrl,
      MQTT_SERVICE_USERNAME: SERVICE.username,
      MQTT_SERVICE_PASSWORD: SERVICE.password,
      ALERT_SERVICE_CLIENT_ID: `resilience-${name}-${Math.random().toString(16).slice(2, 8)}`,
      JWT_SECRET,
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_FROM: '+15550000000',
      TWILIO_API_URL: twilio.url,
    };
    return {
      base,
      start: async (): Promise<GatewayProcess> => {
        const p = await spawnApp('apps/alert-service/src/main.ts', env, `${base}/api/health`);
        processes.add(p);
        return p;
      },
    };
  }

  async function publishSmoke(): Promise<void> {
    const device = await connectDevice(gateway.mqttUrl, 'smk-0001');
    await device.publishAsync(`campus/v1/${SCHOOL_A}/smk-0001/event`, JSON.stringify({ type: 'smoke' }), {
      qos: 1,
    });
    await device.endAsync();
  }

  async function alerts(user: ApiUser): Promise<AlertJson[]> {
    const { body } = await user.request('GET', '/api/alerts');
    return (body as { items: AlertJson[] }).items;
  }

  it('SIGKILL between two escalation steps: after a restart the next step is sent once, on time', async () => {
    const sitesFile = join(workDir, 'late-city.yaml');
    const yaml = await readFile(TEST_SITES_PATH, 'utf8');
    const cityStep = '{ level: city, after: 8s, channels: [sms] }';
    expect(yaml).toContain(cityStep);
    await writeFile(
      sitesFile,
      yaml.replace(cityStep, `{ level: city, after: ${KILL_TEST_CITY_AFTER_S}s, channels: [sms] }`),
    );
    const db = await freshDatabase();
    const service = await replica('a', db.url, sitesFile);
    const first = await service.start();
    const school1 = await ApiUser.login(service.base, 'school1');

    await publishSmoke();
    const alert = await waitFor(async () => (await alerts(school1)).find((a) => a.type === 'smoke'), {
      what: 'the smoke alert',
    });
    const openedAt = Date.parse(alert.openedAt);
    const countyDue = openedAt + COUNTY_AFTER_MS;
    const cityDue = openedAt + KILL_TEST_CITY_AFTER_S * 1000;

    // The county step: SMS and call at the double, and (the step fully done) on the timeline.
    await twilio.waitFor(
      (r) => ['sms', 'voice'].every((kind) => r.some((q) => q.to === COUNTY_PHONE && q.kind === kind)),
      countyDue - Date.now() + 5_000,
    );
    await waitFor(
      async () => {
        const { body } = await school1.request('GET', `/api/alerts/${alert.id}/timeline`);
        const items = (body as TimelineJson).items;
        return items.filter((i) => i.kind === 'notified' && i.to === COUNTY_PHONE).length === 2;
      },
      { what: 'the county step on the timeline' },
    );
    expect(twilio.requests.some((q) => q.to === CITY_PHONE)).toBe(false);

    await first.kill('SIGKILL');
    const killedAt = Date.now();
    await expect(fetch(`${service.base}/api/health`), 'the killed service still answers').rejects.toThrow();
    const restarted = await service.start();
    const upAt = Date.now();
    console.info(
      `[resilience] killed ${killedAt - openedAt} ms after opening; restart took ${upAt - killedAt} ms; city due at +${KILL_TEST_CITY_AFTER_S * 1000} ms`,
    );
    expect(upAt, 'the restart took longer than the gap to the city step').toBeLessThan(cityDue);

    const withCity = await twilio.waitFor(
      (r) => r.some((q) => q.to === CITY_PHONE),
      cityDue - Date.now() + LATE_LIMIT_MS + 5_000,
    );
    const city = withCity.find((q) => q.to === CITY_PHONE)!;
    const lateness = city.at.getTime() - cityDue;
    console.info(`[resilience] city SMS after the restart: ${lateness} ms after its due time`);

    // Duplicates would show up within the scheduler's 1 s sleep; look well after that.
    await passes(cityDue + 2_000, 'two seconds past the city step');
    expect(countByRecipient(twilio.requests)).toEqual(EVERY_STEP_ONCE);
    expect(city).toMatchObject({ kind: 'sms', status: 201 });
    expect(lateness).toBeGreaterThanOrEqual(-EARLY_TOLERANCE_MS);
    expect(lateness).toBeLessThanOrEqual(LATE_LIMIT_MS);
    // The county step was sent before the kill, and not again by the restarted service.
    for (const q of twilio.requests.filter((r) => r.to === COUNTY_PHONE)) {
      expect(q.at.getTime()).toBeLessThan(killedAt);
    }

    const { body } = await school1.request('GET', `/api/alerts/${alert.id}/timeline`);
    const escalated = (body as TimelineJson).items.filter((i) => i.kind === 'escalated');
    expect(escalated.map((i) => i.level)).toEqual(['county', 'city']);
    console.info(
      `[resilience] the restarted scheduler fired the city step ${Date.parse(escalated[1]!.at) - cityDue} ms after its due time`,
    );
    expect(restarted.child.exitCode).toBeNull();
  });

  it('two replicas on one PostgreSQL: one alert, every step sent exactly once', async () => {
    const db = await freshDatabase();
    const [one, two] = await Promise.all([
      replica('r1', db.url, TEST_SITES_PATH),
      replica('r2', db.url, TEST_SITES_PATH),
    ]);
    const replicas = await Promise.all([one.start(), two.start()]);
    const [atOne, atTwo] = await Promise.all([
      ApiUser.login(one.base, 'school1'),
      ApiUser.login(two.base, 'school1'),
    ]);

    await publishSmoke();
    const alert = await waitFor(async () => (await alerts(atOne)).find((a) => a.type === 'smoke'), {
      what: 'the smoke alert on replica 1',
    });
    const cityDue = Date.parse(alert.openedAt) + CITY_AFTER_MS;
    const withCity = await twilio.waitFor(
      (r) => r.some((q) => q.to === CITY_PHONE),
      cityDue - Date.now() + LATE_LIMIT_MS + 5_000,
    );
    const lateness = withCity.find((q) => q.to === CITY_PHONE)!.at.getTime() - cityDue;
    console.info(`[resilience] two replicas: city SMS ${lateness} ms after its due time`);

    await passes(cityDue + 2_000, 'two seconds past the city step');
    expect(countByRecipient(twilio.requests)).toEqual(EVERY_STEP_ONCE);
    expect(lateness).toBeLessThanOrEqual(LATE_LIMIT_MS);

    // Both replicas saw the uplink (each has its own session): still one alert, the same on both.
    const [onOne, onTwo] = await Promise.all([alerts(atOne), alerts(atTwo)]);
    expect(onOne.map((a) => a.id)).toEqual([alert.id]);
    expect(onTwo.map((a) => a.id)).toEqual([alert.id]);
    expect(onTwo[0]).toMatchObject({ status: 'open' });
    expect(replicas.map((p) => p.child.exitCode)).toEqual([null, null]);
    // Both replicas read every uplink message, each through its own session; the gateway's
    // message ids make each count once: twenty smoke events, twenty occurrences, on both replicas.
    expect(onTwo[0]!.occurrences).toBe(1);
    for (let n = 1; n < 20; n++) await publishSmoke();
    const occurrences = async (user: ApiUser) =>
      (await alerts(user)).find((a) => a.id === alert.id)?.occurrences;
    await waitFor(async () => (await occurrences(atOne)) === 20, { what: '20 occurrences on replica 1' });
    await passes(Date.now() + 1_000, 'a second for a double count to show');
    expect(await occurrences(atOne)).toBe(20);
    expect(await occurrences(atTwo)).toBe(20);
  });
});
