import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlertingHttp, type AlertingHttp } from '../testing/alerting-http.fixture';
import type { RiskPoint } from '../domain/risk-point';

let t: AlertingHttp;
beforeAll(async () => {
  t = await startAlertingHttp();
});
afterAll(() => t.close());

describe('risk points over HTTP', () => {
  it('seeds the sites-file grades and lets a school admin edit its own', async () => {
    const list = (await t.as('guard1', '/api/risk-points')).body as { items: RiskPoint[] };
    expect(list.items.map((p) => [p.id, p.grade])).toEqual([['device:smk-0001', 'red']]);
    const county = (await t.as('xian', '/api/risk-points?school=610112')).body as { items: RiskPoint[] };
    expect(county.items.map((p) => p.id)).toEqual(['device:smk-0002']);
    const edited = await t.as('head1', '/api/risk-points/device:smk-0001', {
      method: 'PUT',
      body: { name: '化学实验室', grade: 'orange', lecL: 3, lecE: 6, lecC: 7, measures: '每日巡查' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      grade: 'orange',
      lecScore: 126,
      updatedBy: 'head1',
      device: 'smk-0001',
    });
    const created = await t.as('head1', '/api/risk-points/kitchen-1', {
      method: 'PUT',
      body: { school: '2161010001', name: '食堂燃气间', grade: 'yellow' },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ id: 'kitchen-1', org: { school: '2161010001' } });
  });

  it('answers 400 for bad bodies, 403 without risk_register.edit, 404 outside the scope', async () => {
    const put = (user: string, id: string, body: unknown) =>
      t.as(user, `/api/risk-points/${id}`, { method: 'PUT', body });
    expect((await put('head1', 'device:smk-0001', { name: 'x', grade: 'purple' })).status).toBe(400);
    expect((await put('head1', 'device:smk-0001', { name: 'x', grade: 'red', lecL: -1 })).status).toBe(400);
    expect((await put('head1', 'new-point', { name: 'x', grade: 'red' })).status).toBe(400);
    expect(
      (await put('head1', 'device:smk-0001', { school: '2161010002', name: 'x', grade: 'red' })).status,
    ).toBe(400);
    expect(
      (await put('head1', 'device:smk-0001', { name: 'x', grade: 'red', device: 'smk-0002' })).status,
    ).toBe(400);
    expect((await put('guard1', 'device:smk-0001', { name: 'x', grade: 'red' })).status).toBe(403);
    expect((await put('head2', 'device:smk-0001', { name: 'x', grade: 'red' })).status).toBe(404);
    expect((await put('head2', 'p2', { school: '2161010001', name: 'x', grade: 'red' })).status).toBe(404);
    expect((await t.as('guard1', '/api/risk-points?grade=pink')).status).toBe(400);
  });
});
