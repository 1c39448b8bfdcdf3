import { parseSites, SitesHolder, type OrgPath, type Severity, type Sites } from '@campus/device-protocols';
import { join } from 'node:path';
import pino from 'pino';
import { makeTempDir, sitesYaml, WEIBIN, WEIYANG, type SitesSpec } from '@campus/test-kit';
import { io, type Socket } from 'socket.io-client';
import { createAlertingApp, type AlertingApp } from '../app/create-app';
import { call } from './test-app.fixture';
import { JWT_TEST_SECRET, passwordOf } from './test-sites.fixture';
import { TokenService } from '../auth/token-service';
import { AlertRepository } from '../db/alert-repository';
import type { Database } from '../db/database';
import { openDatabase } from '../db/open-database';
import type { Alert } from '../domain/alert';
import type { AlertTrigger, HazardTrigger } from '../domain/trigger';
import type { TelemetryReader } from '../telemetry/telemetry-reader';
import { TwilioDouble } from './twilio-double';
import { AlertService } from '../alerts/alert.service';
import { alertingControllersAndProviders } from '../app/alerting-wiring';
import type { CommandTransport } from '../linkage/command-sender';
import type { LinkageOptions } from '../linkage/linkage.service';
import type { DeviceEntry } from '@campus/test-kit';
import { parse } from 'yaml';
import type { SitesDocument } from '../registry/registry-store';
import { SqlRegistryStore, validateSitesDocument } from '../registry/sql-registry-store';

/**
 * Test-only: two schools in two counties of one city, a third city, users of every role (in and
 * out of school A's scope), contacts at every level of school A, and a short critical policy
 * (county after 2 s, city after 4 s). `high` pages the school only, so tests that leave a high
 * alert open do not disturb the escalation tests.
 */
const user = (username: string, password: string, role: string, org: string) => ({
  username,
  password,
  role,
  org,
});

export const ALERTING_USERS = [
  user('guard1', 'guard-pass', 'school_security', '2161010001'),
  user('head1', 'head-pass', 'school_admin', '2161010001'),
  user('yanta', 'yanta-pass', 'county_officer', '610113'),
  user('xian', 'xian-pass', 'city_officer', '610100'),
  user('shaanxi', 'shaanxi-pass', 'province_officer', '610000'),
  user('root', 'root-pass', 'admin', '610000'),
  user('guard2', 'guard-pass', 'school_security', '2161010002'),
  user('head2', 'head-pass', 'school_admin', '2161010002'),
  user('weiyang', 'weiyang-pass', 'county_officer', '610112'),
  user('baoji', 'baoji-pass', 'city_officer', '610300'),
];

/** Teachers and staff (`school_staff`) for the hazard-report specs: `startAlertingHttp({ users: STAFF_USERS })`. */
export const STAFF_USERS = [
  user('teacher1', 'teacher-pass', 'school_staff', '2161010001'),
  user('staff1', 'staff-pass', 'school_staff', '2161010001'),
  user('teacher2', 'teacher-pass', 'school_staff', '2161010002'),
];

export const ALERTING_SITES: SitesSpec = {
  schools: [
    {
      code: '2161010001',
      name: '雁塔区第一小学',
      devices: [
        {
          id: 'smk-0001',
          kind: 'smoke_detector',
          secret: 's',
          risk: 'red',
          location: { building: '实验楼', floor: 2, room: '化学实验室', use: 'lab' },
        },
        { id: 'sos-0001', kind: 'one_key_alarm', secret: 's', location: { building: '门卫室' } },
        { id: 'off-0001', kind: 'temperature_sensor', secret: 's' },
      ],
    },
    {
      code: '2161010002',
      name: '未央区第一小学',
      county: WEIYANG,
      devices: [{ id: 'smk-0002', kind: 'smoke_detector', secret: 's', risk: 'orange' }],
    },
    { code: '2161030001', name: '渭滨区第一小学', county: WEIBIN },
  ],
  contacts: [
    { org: '2161010001', name: '张伟', phone: '+8613800000001' },
    { org: '610113', name: '县教育局值班', phone: '+8613800000002' },
    { org: '610100', name: '市教育局值班', phone: '+8613800000004' },
    { org: '610000', name: '省教育厅值班', phone: '+8613800000005' },
    { org: '2161010002', name: '李强', phone: '+8613800000011' },
  ],
  users: ALERTING_USERS,
  escalation: {
    critical: [
      { level: 'school', after: '0s', channels: ['sms'] },
      { level: 'county', after: '2s', channels: ['sms', 'voice'] },
      { level: 'city', after: '4s', channels: ['sms'] },
    ],
    high: [{ level: 'school', after: '0s', channels: ['sms'] }],
  },
};

export const ALERTING_SITES_YAML = sitesYaml(ALERTING_SITES);

export const SCHOOL_A: OrgPath = {
  province: '610000',
  city: '610100',
  county: '610113',
  school: '2161010001',
};
export const SCHOOL_B: OrgPath = {
  province: '610000',
  city: '610100',
  county: '610112',
  school: '2161010002',
};
export const PHONE = { school: '+8613800000001', county: '+8613800000002', city: '+8613800000004' };

/** Users who see school A, and users of every role who do not (province roles always do). */
export const IN_SCOPE_A = ['guard1', 'head1', 'yanta', 'xian', 'shaanxi', 'root'] as const;
export const OUT_OF_SCOPE_A = ['guard2', 'head2', 'weiyang', 'baoji'] as const;

export interface AlertingHttp {
  url: string;
  handle: AlertingApp;
  db: Database;
  sites: Sites;
  double: TwilioDouble;
  /** DATA_DIR/photos of this app: where uploaded photos land (a temp dir). */
  photoDir: string;
  alerts: AlertService;
  /** With `registry: true`: the registry behind the management API. */
  registry: SqlRegistryStore | undefined;
  token(username: string): Promise<string>;
  /** `call` with the user's token. */
  as(
    username: string,
    path: string,
    init?: { method?: string; body?: unknown },
  ): Promise<{ status: number; body: unknown }>;
  socket(username: string): Promise<{ socket: Socket; alerts: Alert[] }>;
  close(): Promise<void>;
}

/** The alert service with the real alert parts, PGlite in memory and a Twilio double, on 127.0.0.1:0. */
/**
 * Stands in for the time-series store behind `GET /api/telemetry` (the real store and the endpoint
 * together are tested against the running platform in test/src/alerting-platform.spec.ts).
 */
const ONE_READING: TelemetryReader = {
  queryTelemetry: async ({ to }) => [{ ts: to, value: 21.5 }],
};

export async function startAlertingHttp(
  options: {
    publicUrl?: string;
    env?: Record<string, string>;
    users?: typeof ALERTING_USERS;
    /** More devices of school A (linkage: sirens, locks). */
    devices?: DeviceEntry[];
    /** How commands reach devices (linkage); absent: none. */
    commands?: CommandTransport;
    linkage?: LinkageOptions;
    /**
     * Serve the registry's management API (docs/registry.md) on the database's registry, seeded
     * with these sites; `registry` on the answer. Default off.
     */
    registry?: boolean;
  } = {},
): Promise<AlertingHttp> {
  const logger = pino({ level: 'silent' });
  const schools = (ALERTING_SITES.schools ?? []).map((s, i) =>
    i === 0 && options.devices ? { ...s, devices: [...(s.devices ?? []), ...options.devices] } : s,
  );
  const yaml =
    options.users === undefined && options.devices === undefined
      ? ALERTING_SITES_YAML
      : sitesYaml({ ...ALERTING_SITES, schools, users: [...ALERTING_USERS, ...(options.users ?? [])] });
  const sites = parseSites(yaml, 'alerting test sites');
  const db = await openDatabase({});
  const double = await TwilioDouble.start();
  const dataDir = await makeTempDir('alerting-http');
  const env = {
    TWILIO_ACCOUNT_SID: double.accountSid,
    TWILIO_AUTH_TOKEN: double.authToken,
    TWILIO_FROM: '+15005550006',
    TWILIO_API_URL: double.url,
    ...options.env,
  };
  let registry: SqlRegistryStore | undefined;
  // with a registry, the app follows it as a running service does: its sites are replaced on every version
  const holder = new SitesHolder(sites, 1);
  if (options.registry === true) {
    const store = await SqlRegistryStore.open(db);
    registry = store;
    const seed = parse(yaml) as SitesDocument;
    await store.mutate({ kind: 'system', what: 'seed' }, 'seed from the test sites', () => seed);
    store.onVersion((version) => {
      void store.read().then(({ document }) => {
        if (document !== undefined) holder.replace(validateSitesDocument(document, 'registry'), version);
      });
    });
  }
  const handle = await createAlertingApp({
    sites: registry ? holder : sites,
    logger,
    tokens: new TokenService({ secret: JWT_TEST_SECRET }),
    docs: false,
    ...alertingControllersAndProviders({
      db,
      sites: registry ? holder : sites,
      env,
      ...(options.publicUrl === undefined ? {} : { publicUrl: options.publicUrl }),
      telemetry: ONE_READING,
      dataDir: dataDir.path,
      ...(options.commands ? { commands: options.commands } : {}),
      ...(options.linkage ? { linkage: options.linkage } : {}),
      ...(registry ? { registry: { store: registry, sites: holder } } : {}),
      escalation: { retryPolicy: { maxAttempts: 3, baseDelayMs: 50, factor: 2, maxDelayMs: 200, jitter: 0 } },
    }),
  });
  const url = await handle.listen(0, '127.0.0.1');
  const tokens = new Map<string, string>();
  const sockets: Socket[] = [];
  const token = async (username: string): Promise<string> => {
    const known = tokens.get(username);
    if (known !== undefined) return known;
    const res = await call(`${url}/api/auth/login`, {
      body: { username, password: passwordOf(username) },
    });
    const body = res.body as { accessToken?: string };
    if (body.accessToken === undefined) throw new Error(`login of ${username} failed: ${res.status}`);
    tokens.set(username, body.accessToken);
    return body.accessToken;
  };
  return {
    url,
    handle,
    db,
    sites,
    double,
    photoDir: join(dataDir.path, 'photos'),
    alerts: handle.app.get(AlertService),
    registry,
    token,
    as: async (username, path, init = {}) => call(`${url}${path}`, { ...init, token: await token(username) }),
    socket: async (username) => {
      const socket = io(url, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        auth: { token: await token(username) },
      });
      sockets.push(socket);
      const alerts: Alert[] = [];
      socket.on('alert', (a: Alert) => alerts.push(a));
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      return { socket, alerts };
    },
    close: async () => {
      for (const s of sockets) s.close();
      await handle.close();
      await registry?.close();
      await double.close();
      await db.close();
      await dataDir.remove();
    },
  };
}

let seq = 0;

/** An AlertTrigger of school A (unique key unless given). */
export function alertTrigger(over: Partial<AlertTrigger> & { severity?: Severity } = {}): AlertTrigger {
  seq += 1;
  return {
    kind: 'alert',
    key: `test:${seq}:${Date.now()}`,
    rule: 'default:smoke',
    type: 'smoke',
    severity: 'high',
    org: SCHOOL_A,
    device: 'smk-0001',
    at: Date.now(),
    panic: false,
    autoResolvable: true,
    detail: { event: 'smoke' },
    ...over,
  };
}

export function hazardTrigger(over: Partial<HazardTrigger> = {}): HazardTrigger {
  seq += 1;
  return {
    kind: 'hazard',
    key: `hazard:${seq}:${Date.now()}`,
    source: 'default:device_offline',
    title: '设备离线',
    grade: 'general',
    org: SCHOOL_A,
    device: 'off-0001',
    at: Date.now(),
    detail: {},
    ...over,
  };
}

/** Hands `trigger` to the AlertService and returns the unresolved alert of its key. */
export async function openedAlert(t: AlertingHttp, trigger: AlertTrigger): Promise<Alert> {
  await t.alerts.handleTriggers([trigger]);
  const found = await t.handle.app.get(AlertRepository).findUnresolvedByKey(trigger.key);
  if (found === undefined) throw new Error(`no alert for ${trigger.key}`);
  return found;
}
