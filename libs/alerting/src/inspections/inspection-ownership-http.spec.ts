import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHOOL_A, startAlertingHttp, type AlertingHttp } from '../testing/alerting-http.fixture';
import type { Finding, Inspection } from '../domain/inspection';
import { mayEditInspection } from './inspection.service';

/**
 * An inspection is changed by its inspector (and admins) only: another officer who can see it —
 * a colleague of the same county, the city, the province — reads it but gets 403 naming who may.
 */

let t: AlertingHttp;
beforeAll(async () => {
  t = await startAlertingHttp();
});
afterAll(() => t.close());

const DAY = 86_400_000;
const started = async (user: string): Promise<Inspection> => {
  const res = await t.as(user, '/api/inspections', { body: { school: SCHOOL_A.school } });
  expect(res.status).toBe(201);
  return res.body as Inspection;
};
const setItem = (user: string, id: string, result: string) =>
  t.as(user, `/api/inspections/${id}/items/guards_on_duty`, { method: 'PATCH', body: { result } });
const addFinding = (user: string, id: string) =>
  t.as(user, `/api/inspections/${id}/findings`, {
    body: { title: '消防通道堵塞', grade: 'general', deadline: Date.now() + 7 * DAY },
  });
const complete = (user: string, id: string) => t.as(user, `/api/inspections/${id}/complete`, { body: {} });

describe('only the inspector and admins change an inspection', () => {
  it('another officer in scope gets 403 naming the inspector, for items, findings and completion', async () => {
    const inspection = await started('yanta');
    for (const other of ['xian', 'shaanxi']) {
      expect((await t.as(other, `/api/inspections/${inspection.id}`)).status, other).toBe(200);
      for (const attempt of [
        setItem(other, inspection.id, 'fail'),
        addFinding(other, inspection.id),
        complete(other, inspection.id),
      ]) {
        const res = await attempt;
        expect(res.status, other).toBe(403);
        expect(res.body).toEqual({
          error: 'only the inspector yanta or an admin may change this inspection',
        });
      }
    }
    // nothing changed
    const now = (await t.as('yanta', `/api/inspections/${inspection.id}`)).body as Inspection;
    expect(now.items.find((i) => i.key === 'guards_on_duty')?.result).toBeNull();
    expect(now.findings).toEqual([]);
    expect(now.status).toBe('in_progress');
  });

  it('the inspector can', async () => {
    const inspection = await started('xian');
    expect((await setItem('xian', inspection.id, 'pass')).status).toBe(200);
    expect(((await addFinding('xian', inspection.id)).body as Finding).createdBy).toBe('xian');
    const done = await complete('xian', inspection.id);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', inspector: 'xian' });
  });

  it('an admin can change anyone’s', async () => {
    const inspection = await started('yanta');
    const ticked = await setItem('root', inspection.id, 'fail');
    expect(ticked.status).toBe(200);
    expect((ticked.body as Inspection).items.find((i) => i.key === 'guards_on_duty')?.result).toBe('fail');
    expect((await addFinding('root', inspection.id)).status).toBe(201);
    expect((await complete('root', inspection.id)).status).toBe(200);
  });

  it('outside the scope it is still 404, not 403 (existence is not revealed)', async () => {
    const inspection = await started('yanta');
    expect((await setItem('weiyang', inspection.id, 'pass')).status).toBe(404);
    expect((await setItem('baoji', inspection.id, 'pass')).status).toBe(404);
  });
});

describe('mayEditInspection', () => {
  it('is the inspector or an admin', () => {
    const inspection = { inspector: 'yanta' };
    expect(mayEditInspection({ username: 'yanta', role: 'county_officer' }, inspection)).toBe(true);
    expect(mayEditInspection({ username: 'root', role: 'admin' }, inspection)).toBe(true);
    expect(mayEditInspection({ username: 'xian', role: 'city_officer' }, inspection)).toBe(false);
    expect(mayEditInspection({ username: 'other', role: 'county_officer' }, inspection)).toBe(false);
  });
});
