import type { Role } from '@campus/device-protocols';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleMay, type Permission } from '../auth/role-permissions';
import type { Alert } from '../domain/alert';
import type { Hazard } from '../domain/hazard';
import type { Inspection } from '../domain/inspection';
import {
  IN_SCOPE_A,
  OUT_OF_SCOPE_A,
  alertTrigger,
  hazardTrigger,
  openedAlert,
  startAlertingHttp,
  type AlertingHttp,
} from '../testing/alerting-http.fixture';

/**
 * Every endpoint of alerts, hazards, drills, risk points, devices, orgs, inspections and reports × every
 * role × a record of school A:
 * users outside school A's org get 404 (403 when their role lacks the endpoint's permission, which
 * is checked first), never 200 with school A's data; users inside read it and act as their role allows.
 */
let t: AlertingHttp;
let alert: Alert;
let hazard: Hazard;
let inspection: Inspection;
const SCHOOL_A = '2161010001';
const FAR = { from: '2099-01-01T00:00:00.000Z', to: '2099-01-02T00:00:00.000Z' };

beforeAll(async () => {
  t = await startAlertingHttp();
  alert = await openedAlert(t, alertTrigger());
  const trigger = hazardTrigger();
  await t.alerts.handleTriggers([trigger]);
  const items = ((await t.as('root', '/api/hazards')).body as { items: Hazard[] }).items;
  hazard = items.find((h) => h.key === trigger.key) as Hazard;
  await t.as('root', '/api/drills', { body: { school: SCHOOL_A, ...FAR } });
  inspection = (await t.as('yanta', '/api/inspections', { body: { school: SCHOOL_A } })).body as Inspection;
});
afterAll(() => t.close());

const ROLE_OF: Record<string, Role> = {
  guard1: 'school_security',
  head1: 'school_admin',
  yanta: 'county_officer',
  xian: 'city_officer',
  shaanxi: 'province_officer',
  root: 'admin',
  guard2: 'school_security',
  head2: 'school_admin',
  weiyang: 'county_officer',
  baoji: 'city_officer',
};

interface Action {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  path: () => string;
  body?: unknown;
  permission: Permission;
}

/** Inspections (线上督查) and reports naming school A or one of its inspections. */
const INSPECTIONS_AND_REPORTS: Action[] = [
  {
    name: 'POST inspection of the school',
    method: 'POST',
    path: () => '/api/inspections',
    body: { school: SCHOOL_A },
    permission: 'inspections.start',
  },
  {
    name: 'GET inspections of the school',
    method: 'GET',
    path: () => `/api/inspections?school=${SCHOOL_A}`,
    permission: 'inspections.read',
  },
  {
    name: 'GET inspection',
    method: 'GET',
    path: () => `/api/inspections/${inspection.id}`,
    permission: 'inspections.read',
  },
  {
    name: 'PATCH inspection item',
    method: 'PATCH',
    path: () => `/api/inspections/${inspection.id}/items/guards_on_duty`,
    body: { result: 'pass' },
    permission: 'inspections.start',
  },
  {
    name: 'POST inspection finding',
    method: 'POST',
    path: () => `/api/inspections/${inspection.id}/findings`,
    body: { title: '门卫不在岗', grade: 'general', deadline: '2099-01-01T00:00:00.000Z' },
    permission: 'inspections.start',
  },
  {
    name: 'POST inspection complete',
    method: 'POST',
    path: () => `/api/inspections/${inspection.id}/complete`,
    body: {},
    permission: 'inspections.start',
  },
  {
    name: 'GET report of the school',
    method: 'GET',
    path: () => `/api/reports?org=${SCHOOL_A}`,
    permission: 'reports.read',
  },
  {
    name: 'GET report CSV of the school',
    method: 'GET',
    path: () => `/api/reports.csv?org=${SCHOOL_A}`,
    permission: 'reports.read',
  },
];

/** Endpoints naming one record of school A. */
const TARGETED: Action[] = [
  {
    name: 'GET telemetry',
    method: 'GET',
    path: () => '/api/telemetry?device=smk-0001&metric=temperature',
    permission: 'telemetry.read',
  },
  { name: 'GET alert', method: 'GET', path: () => `/api/alerts/${alert.id}`, permission: 'alerts.read' },
  {
    name: 'GET timeline',
    method: 'GET',
    path: () => `/api/alerts/${alert.id}/timeline`,
    permission: 'alerts.read',
  },
  {
    name: 'POST ack',
    method: 'POST',
    path: () => `/api/alerts/${alert.id}/ack`,
    body: {},
    permission: 'alerts.ack',
  },
  {
    name: 'POST resolve',
    method: 'POST',
    path: () => `/api/alerts/${alert.id}/resolve`,
    body: { disposition: 'false_alarm' },
    permission: 'alerts.resolve',
  },
  { name: 'GET hazard', method: 'GET', path: () => `/api/hazards/${hazard.id}`, permission: 'hazards.read' },
  {
    name: 'GET hazard events',
    method: 'GET',
    path: () => `/api/hazards/${hazard.id}/events`,
    permission: 'hazards.read',
  },
  {
    name: 'POST hazard transition',
    method: 'POST',
    path: () => `/api/hazards/${hazard.id}/transition`,
    body: { to: 'rectifying' },
    permission: 'hazards.read',
  },
  {
    name: 'POST drill (school)',
    method: 'POST',
    path: () => '/api/drills',
    body: { school: SCHOOL_A, ...FAR },
    permission: 'drill_mode.set',
  },
  {
    name: 'POST drill (device)',
    method: 'POST',
    path: () => '/api/drills',
    body: { device: 'smk-0001', ...FAR },
    permission: 'drill_mode.set',
  },
  {
    name: 'GET risk points of the school',
    method: 'GET',
    path: () => `/api/risk-points?school=${SCHOOL_A}`,
    permission: 'hazards.read',
  },
  {
    name: 'PUT risk point',
    method: 'PUT',
    path: () => '/api/risk-points/device:smk-0001',
    body: { name: '化学实验室', grade: 'red' },
    permission: 'risk_register.edit',
  },
  {
    name: 'GET hazards of the school',
    method: 'GET',
    path: () => `/api/hazards?org=${SCHOOL_A}`,
    permission: 'hazards.read',
  },
  {
    name: 'GET devices of the school',
    method: 'GET',
    path: () => `/api/devices?org=${SCHOOL_A}&status=unknown`,
    permission: 'telemetry.read',
  },
  {
    name: 'PUT new risk point at the school',
    method: 'PUT',
    path: () => '/api/risk-points/matrix-new',
    body: { school: SCHOOL_A, name: '新风险点', grade: 'blue' },
    permission: 'risk_register.edit',
  },
  ...INSPECTIONS_AND_REPORTS,
];

/** List endpoints: never an item of school A for an outsider. */
const LISTS: { path: string; schoolOf: (item: Record<string, unknown>) => unknown }[] = [
  { path: '/api/alerts', schoolOf: (i) => i['school'] },
  { path: '/api/alerts?status=open', schoolOf: (i) => i['school'] },
  { path: '/api/hazards', schoolOf: (i) => i['school'] },
  { path: '/api/hazards?overdue=false', schoolOf: (i) => i['school'] },
  { path: '/api/drills', schoolOf: (i) => (i['org'] as { school: string }).school },
  { path: '/api/risk-points', schoolOf: (i) => (i['org'] as { school: string }).school },
  { path: '/api/devices', schoolOf: (i) => i['school'] },
  { path: '/api/inspections', schoolOf: (i) => i['school'] },
];

/** The codes of every unit in a `GET /api/orgs` answer. */
const orgCodes = (node: { code: string; children: unknown[] }): string[] => [
  node.code,
  ...node.children.flatMap((c) => orgCodes(c as { code: string; children: unknown[] })),
];

const cases = OUT_OF_SCOPE_A.flatMap((user) => TARGETED.map((a) => [user, a.name, a] as const));

describe('out of scope: 404 (or 403 for a role without the permission), never 200', () => {
  it.each(cases)('%s × %s', async (user, _name, action) => {
    const res = await t.as(user, action.path(), { method: action.method, body: action.body });
    const expected = roleMay(ROLE_OF[user] as Role, action.permission) ? 404 : 403;
    expect(res.status).toBe(expected);
    expect(JSON.stringify(res.body)).not.toContain(SCHOOL_A);
  });

  it.each(OUT_OF_SCOPE_A.flatMap((user) => LISTS.map((l) => [user, l.path, l] as const)))(
    '%s × GET %s lists nothing of school A',
    async (user, path, list) => {
      const res = await t.as(user, path);
      expect(res.status).toBe(200);
      const items = (res.body as { items: Record<string, unknown>[] }).items;
      expect(items.map(list.schoolOf)).not.toContain(SCHOOL_A);
    },
  );

  it.each(OUT_OF_SCOPE_A)('%s × GET /api/orgs shows no unit above or beside its own', async (user) => {
    const res = await t.as(user, '/api/orgs');
    expect(res.status).toBe(200);
    expect(orgCodes((res.body as { root: { code: string; children: unknown[] } }).root)).not.toContain(
      SCHOOL_A,
    );
  });

  it('left the records untouched', async () => {
    expect(((await t.as('root', `/api/alerts/${alert.id}`)).body as Alert).status).toBe('open');
    expect(((await t.as('root', `/api/hazards/${hazard.id}`)).body as Hazard).state).toBe('registered');
    const now = (await t.as('root', `/api/inspections/${inspection.id}`)).body as Inspection;
    expect(now).toMatchObject({ status: 'in_progress', findings: [] });
    expect(now.items.find((i) => i.key === 'guards_on_duty')?.result).toBeNull();
  });
});

describe('in scope: every role reads; writes follow the role', () => {
  const READS = TARGETED.filter((a) => a.method === 'GET');
  it.each(IN_SCOPE_A.flatMap((user) => READS.map((a) => [user, a.name, a] as const)))(
    '%s × %s → 200',
    async (user, _name, action) => {
      const res = await t.as(user, action.path());
      expect(res.status).toBe(200);
    },
  );

  it.each(IN_SCOPE_A.flatMap((user) => LISTS.map((l) => [user, l.path, l] as const)))(
    '%s × GET %s includes school A',
    async (user, path, list) => {
      const items = ((await t.as(user, path)).body as { items: Record<string, unknown>[] }).items;
      expect(items.map(list.schoolOf)).toContain(SCHOOL_A);
    },
  );

  it.each(IN_SCOPE_A)('%s × GET /api/orgs includes school A', async (user) => {
    const res = await t.as(user, '/api/orgs');
    expect(orgCodes((res.body as { root: { code: string; children: unknown[] } }).root)).toContain(SCHOOL_A);
  });

  const WRITES = TARGETED.filter(
    (a) =>
      a.permission === 'drill_mode.set' ||
      a.permission === 'risk_register.edit' ||
      (a.permission === 'inspections.start' && a.name !== 'POST inspection complete'),
  );
  /** An existing inspection is changed by its inspector (yanta) and admins only: others in scope get 403. */
  const mayWrite = (user: string, action: Action): boolean =>
    roleMay(ROLE_OF[user] as Role, action.permission) &&
    (!action.path().startsWith(`/api/inspections/${inspection.id}/`) ||
      user === inspection.inspector ||
      ROLE_OF[user] === 'admin');
  it.each(IN_SCOPE_A.flatMap((user) => WRITES.map((a) => [user, a.name, a] as const)))(
    '%s × %s → 403 unless the role holds the permission (and, for an inspection, is its inspector or an admin)',
    async (user, _name, action) => {
      const res = await t.as(user, action.path(), { method: action.method, body: action.body });
      if (mayWrite(user, action)) expect([200, 201]).toContain(res.status);
      else expect(res.status).toBe(403);
    },
  );

  it('inspections are completed by their inspector (the school and other officers get 403), once (then 409)', async () => {
    const complete = (user: string) => t.as(user, `/api/inspections/${inspection.id}/complete`, { body: {} });
    for (const user of ['guard1', 'head1', 'xian', 'shaanxi'])
      expect((await complete(user)).status).toBe(403);
    expect((await complete('yanta')).status).toBe(200);
    expect((await complete('root')).status).toBe(409);
  });

  it('hazard steps follow the role: officers may not rectify (403), the school may', async () => {
    const move = (user: string) =>
      t.as(user, `/api/hazards/${hazard.id}/transition`, { body: { to: 'rectifying' } });
    for (const user of ['yanta', 'xian', 'shaanxi']) expect((await move(user)).status).toBe(403);
    expect((await move('guard1')).status).toBe(200);
  });
});
