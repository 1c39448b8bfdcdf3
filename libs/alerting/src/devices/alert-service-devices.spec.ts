import { PGlite } from '@electric-sql/pglite';
import { readSitesFile, type UplinkMessage } from '@campus/device-protocols';
import type { MqttClient } from 'mqtt';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { waitFor } from '@campus/test-kit';
import { ALERTING_SITES_YAML, SCHOOL_A } from '../testing/alerting-http.fixture';
import { call } from '../testing/test-app.fixture';
import { JWT_TEST_SECRET } from '../testing/test-sites.fixture';
import type { AlertView } from '../alerts/alert-view';
import {
  connectPublisher,
  publishUplink,
  SERVICE,
  startTestBroker,
  type TestBroker,
} from '../testing/intake.fixture';
import { startAlertService, type AlertServiceHandle } from '../app/start-alert-service';
import type { DeviceView } from './device-view';

/**
 * The whole alert service as `npm start` wires it (startAlertService): an uplink message through
 * the broker, the intake, the rules and the device-state tracker shows in `GET /api/devices` after
 * the one-second flush, and the alert it raised carries the sites-file fields.
 */
let broker: TestBroker;
let publisher: MqttClient;
let pglite: PGlite;
let service: AlertServiceHandle;
let token: string;

beforeAll(async () => {
  broker = await startTestBroker();
  publisher = await connectPublisher(broker.url);
  pglite = await PGlite.create();
  service = await startAlertService({
    config: { httpPort: 0, dataDir: '/nonexistent', mqttUrl: broker.url, service: SERVICE },
    seed: {
      document: readSitesFile(ALERTING_SITES_YAML, 'alert service devices spec').document,
      source: 'alert service devices spec',
    },
    logger: pino({ level: 'silent' }),
    env: { JWT_SECRET: JWT_TEST_SECRET },
    host: '127.0.0.1',
    pglite,
  });
  const login = await call(`${service.url}/api/auth/login`, {
    body: { username: 'yanta', password: 'yanta-pass' },
  });
  token = (login.body as { accessToken: string }).accessToken;
});
afterAll(async () => {
  await service?.stop();
  await pglite?.close();
  await publisher?.endAsync(true);
  await broker?.close();
});

const uplink = (over: Partial<UplinkMessage> & Pick<UplinkMessage, 'kind'>): UplinkMessage =>
  ({
    v: 1,
    org: SCHOOL_A,
    device: 'smk-0001',
    deviceKind: 'smoke_detector',
    ts: Date.now(),
    ...over,
  }) as UplinkMessage;

it('an uplink message reaches device_state and GET /api/devices; its alert is enriched', async () => {
  await publishUplink(publisher, uplink({ kind: 'availability', online: true }));
  await publishUplink(publisher, uplink({ kind: 'reading', metrics: { battery: 12 } }));
  await publishUplink(publisher, uplink({ kind: 'event', type: 'smoke', data: {} }));

  const device = await waitFor(async () => {
    const res = await call(`${service.url}/api/devices?status=low_battery`, { token });
    return (res.body as { items: DeviceView[] }).items.find((d) => d.id === 'smk-0001');
  });
  expect(device).toMatchObject({ online: true, battery: 12, lowBattery: true, risk: 'red' });

  const alert = await waitFor(async () => {
    const res = await call(`${service.url}/api/alerts?status=open`, { token });
    return (res.body as { items: AlertView[] }).items.find((a) => a.device === 'smk-0001');
  });
  expect(alert).toMatchObject({
    type: 'smoke',
    severity: 'critical',
    schoolName: '雁塔区第一小学',
    countyName: '雁塔区',
    cityName: '西安市',
    deviceKind: 'smoke_detector',
    location: { building: '实验楼', floor: 2, room: '化学实验室', use: 'lab' },
    risk: 'red',
  });
});
