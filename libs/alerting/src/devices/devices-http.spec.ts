import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCHOOL_HOURS } from '@campus/device-protocols';
import { waitFor } from '@campus/test-kit';
import {
  alertTrigger,
  openedAlert,
  SCHOOL_A,
  SCHOOL_B,
  startAlertingHttp,
  type AlertingHttp,
} from '../testing/alerting-http.fixture';
import type { AlertView } from '../alerts/alert-view';
import { call } from '../testing/test-app.fixture';
import { DeviceStateRepository } from '../db/device-state-repository';
import type { DeviceState } from '../domain/device-state';
import type { OrgNode } from '../orgs/org-nodes';
import type { DeviceView } from './device-view';

const DEFAULT_HOURS = { ...DEFAULT_SCHOOL_HOURS, days: [...DEFAULT_SCHOOL_HOURS.days] };

/** `GET /api/orgs`, `GET /api/devices` and the alert enrichment, on the real app with PGlite. */
let t: AlertingHttp;
const T = '2026-11-28T10:00:00.000Z';

function stored(device: string, org: typeof SCHOOL_A, kind: string, over: Partial<DeviceState>): DeviceState {
  return {
    device,
    ...org,
    kind,
    online: null,
    onlineChangedAt: null,
    lastSeenAt: null,
    battery: null,
    batteryAt: null,
    lowBatteryAt: null,
    faulty: false,
    fault: null,
    faultAt: null,
    updatedAt: T,
    ...over,
  };
}

beforeAll(async () => {
  t = await startAlertingHttp();
  await t.handle.app.get(DeviceStateRepository).save({
    states: [
      stored('smk-0001', SCHOOL_A, 'smoke_detector', {
        online: true,
        onlineChangedAt: T,
        lastSeenAt: T,
        battery: 15,
        batteryAt: T,
      }),
      stored('sos-0001', SCHOOL_A, 'one_key_alarm', { online: false, onlineChangedAt: T, lastSeenAt: T }),
      stored('smk-0002', SCHOOL_B, 'smoke_detector', {
        online: true,
        onlineChangedAt: T,
        lastSeenAt: T,
        faulty: true,
        fault: 'tamper',
        faultAt: T,
      }),
    ],
    eventDays: [],
  });
});
afterAll(() => t.close());

const devices = async (user: string, query = ''): Promise<{ status: number; body: unknown }> =>
  t.as(user, `/api/devices${query}`);
const ids = (body: unknown): string[] => (body as { items: DeviceView[] }).items.map((d) => d.id);

describe('GET /api/orgs', () => {
  const codes = (node: OrgNode): unknown => [node.code, node.level, node.children.map(codes)];

  it('is the tree rooted at the user’s org', async () => {
    const province = await t.as('root', '/api/orgs');
    expect(province.status).toBe(200);
    const root = (province.body as { root: OrgNode }).root;
    expect(root).toMatchObject({ code: '610000', name: '陕西省', level: 'province' });
    expect(codes(root)).toEqual([
      '610000',
      'province',
      [
        [
          '610100',
          'city',
          [
            ['610113', 'county', [['2161010001', 'school', []]]],
            ['610112', 'county', [['2161010002', 'school', []]]],
          ],
        ],
        ['610300', 'city', [['610302', 'county', [['2161030001', 'school', []]]]]],
      ],
    ]);
    expect((await t.as('yanta', '/api/orgs')).body).toEqual({
      root: {
        code: '610113',
        name: '雁塔区',
        level: 'county',
        children: [
          { code: '2161010001', name: '雁塔区第一小学', level: 'school', children: [], hours: DEFAULT_HOURS },
        ],
      },
    });
    expect((await t.as('guard1', '/api/orgs')).body).toEqual({
      root: {
        code: '2161010001',
        name: '雁塔区第一小学',
        level: 'school',
        children: [],
        hours: DEFAULT_HOURS,
      },
    });
  });

  it('needs a token', async () => {
    expect((await call(`${t.url}/api/orgs`)).status).toBe(401);
  });
});

describe('GET /api/devices', () => {
  it('lists the sites devices of the user’s org joined with their state, sorted by school and place', async () => {
    const res = await devices('root');
    expect(res.status).toBe(200);
    // 实验楼 < 门卫室; a device without a location comes last in its school
    expect(ids(res.body)).toEqual(['smk-0001', 'sos-0001', 'off-0001', 'smk-0002']);
    const [smoke, , never] = (res.body as { items: DeviceView[] }).items;
    expect(smoke).toEqual({
      id: 'smk-0001',
      kind: 'smoke_detector',
      school: '2161010001',
      schoolName: '雁塔区第一小学',
      county: '610113',
      city: '610100',
      location: { building: '实验楼', floor: 2, room: '化学实验室', use: 'lab' },
      risk: 'red',
      via: null,
      online: true,
      lastSeenAt: T,
      onlineChangedAt: T,
      battery: 15,
      lowBattery: true,
      faulty: false,
      fault: null,
      faultAt: null,
    });
    expect(never).toMatchObject({
      id: 'off-0001',
      online: null,
      lastSeenAt: null,
      location: null,
      risk: null,
    });
    expect(ids((await devices('guard1')).body)).toEqual(['smk-0001', 'sos-0001', 'off-0001']);
    expect(ids((await devices('guard2')).body)).toEqual(['smk-0002']);
    expect(ids((await devices('baoji')).body)).toEqual([]);
  });

  it('filters by status', async () => {
    expect(ids((await devices('root', '?status=online')).body)).toEqual(['smk-0001', 'smk-0002']);
    expect(ids((await devices('root', '?status=offline')).body)).toEqual(['sos-0001']);
    expect(ids((await devices('root', '?status=unknown')).body)).toEqual(['off-0001']);
    expect(ids((await devices('root', '?status=faulty')).body)).toEqual(['smk-0002']);
    expect(ids((await devices('root', '?status=low_battery')).body)).toEqual(['smk-0001']);
    const faulty = (await devices('root', '?status=faulty')).body as { items: DeviceView[] };
    expect(faulty.items[0]).toMatchObject({ fault: 'tamper', faultAt: T });
  });

  it('takes any org in scope, and answers 404 outside it', async () => {
    expect(ids((await devices('root', '?org=610112')).body)).toEqual(['smk-0002']);
    expect(ids((await devices('xian', '?org=2161010001&status=offline')).body)).toEqual(['sos-0001']);
    expect(ids((await devices('guard1', '?org=2161010001')).body)).toEqual([
      'smk-0001',
      'sos-0001',
      'off-0001',
    ]);
    for (const [user, org] of [
      ['guard1', '2161010002'],
      ['yanta', '610000'],
      ['yanta', '610100'],
      ['weiyang', '2161010001'],
      ['root', '9999999999'],
    ]) {
      const res = await devices(user as string, `?org=${org}`);
      expect(res.status, `${user} ?org=${org}`).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain('smk-');
    }
  });

  it('answers 400 for a malformed org, an unknown status or an unknown parameter', async () => {
    for (const query of ['?org=abc', '?org=61011', '?status=broken', '?state=online']) {
      const res = await devices('root', query);
      expect(res.status, query).toBe(400);
      expect(res.body).toMatchObject({ error: 'invalid query parameters' });
    }
    expect(JSON.stringify((await devices('root', '?status=broken')).body)).toContain('low_battery');
  });
});

describe('alert enrichment', () => {
  const SITE_FIELDS = {
    schoolName: '雁塔区第一小学',
    countyName: '雁塔区',
    cityName: '西安市',
    deviceKind: 'smoke_detector',
    location: { building: '实验楼', floor: 2, room: '化学实验室', use: 'lab' },
    risk: 'red',
  };

  it('adds names, device kind, location and risk to REST answers and socket.io events', async () => {
    const yanta = await t.socket('yanta');
    const alert = await openedAlert(t, alertTrigger({ device: 'smk-0001' }));

    const one = await t.as('guard1', `/api/alerts/${alert.id}`);
    expect(one.body).toMatchObject({ id: alert.id, device: 'smk-0001', ...SITE_FIELDS });
    const listed = ((await t.as('yanta', '/api/alerts')).body as { items: AlertView[] }).items;
    expect(listed.find((a) => a.id === alert.id)).toMatchObject(SITE_FIELDS);
    const acked = await t.as('yanta', `/api/alerts/${alert.id}/ack`, { body: {} });
    expect(acked.body).toMatchObject({ status: 'acknowledged', ...SITE_FIELDS });
    const resolved = await t.as('yanta', `/api/alerts/${alert.id}/resolve`, {
      body: { disposition: 'drill' },
    });
    expect(resolved.body).toMatchObject({ status: 'resolved', ...SITE_FIELDS });

    await waitFor(() => yanta.alerts.filter((a) => a.id === alert.id).length >= 3);
    for (const event of yanta.alerts.filter((a) => a.id === alert.id))
      expect(event).toMatchObject(SITE_FIELDS);
  });

  it('gives nulls for an alert without a device', async () => {
    const alert = await openedAlert(
      t,
      alertTrigger({ device: null, type: 'patrol_missed', rule: 'duty:patrol' }),
    );
    expect((await t.as('root', `/api/alerts/${alert.id}`)).body).toMatchObject({
      schoolName: '雁塔区第一小学',
      countyName: '雁塔区',
      cityName: '西安市',
      deviceKind: null,
      location: null,
      risk: null,
    });
  });
});

describe('OpenAPI', () => {
  it('documents both endpoints like the others (the app under /api/docs builds the same document)', () => {
    const doc = SwaggerModule.createDocument(t.handle.app, new DocumentBuilder().build());
    expect(doc.paths['/api/orgs']?.get?.tags).toEqual(['orgs']);
    const list = doc.paths['/api/devices']?.get;
    expect(list?.tags).toEqual(['devices']);
    const params = (list?.parameters ?? []) as { name: string; in: string; schema?: { enum?: string[] } }[];
    expect(params.map((p) => `${p.in}:${p.name}`).sort()).toEqual(['query:org', 'query:status']);
    expect(params.find((p) => p.name === 'status')?.schema?.enum).toContain('low_battery');
  });
});
