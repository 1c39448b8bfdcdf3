import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EscalationPolicyView, EntryHistoryItem, RulePreview } from '@campus/api-contract';
import { AuditRepository } from '../../db/audit-repository';
import { startAlertingHttp, type AlertingHttp } from '../../testing/alerting-http.fixture';

/** Escalation policies and rules over HTTP with the registry (PGlite): versioned, province-wide. */
let t: AlertingHttp;

beforeAll(async () => {
  t = await startAlertingHttp({ registry: true });
});
afterAll(async () => t?.close());

const RULE = {
  id: 'north-gate-night',
  kind: 'event',
  match: { deviceKinds: ['one_key_alarm'], eventTypes: ['sos'], schedule: 'always' },
  alert: { type: 'sos', severity: 'critical' },
};

describe('/api/escalation-policies/{severity}', () => {
  it('reads a policy (county and above), changes it (province), and keeps its history', async () => {
    const read = await t.as('yanta', '/api/escalation-policies/high');
    expect(read.status).toBe(200);
    expect((read.body as EscalationPolicyView).steps).toEqual([
      { level: 'school', after: '0s', channels: ['sms'] },
    ]);

    const steps = [
      { level: 'school', after: '0s', channels: ['sms', 'voice'] },
      { level: 'county', after: '3m', channels: ['sms'] },
    ];
    const put = await t.as('shaanxi', '/api/escalation-policies/high', { method: 'PUT', body: { steps } });
    expect(put.status).toBe(200);
    expect((put.body as EscalationPolicyView).steps).toHaveLength(2);

    const history = await t.as('xian', '/api/escalation-policies/high/history');
    expect(history.status).toBe(200);
    const items = (history.body as { items: EntryHistoryItem[] }).items;
    expect(items[0]).toMatchObject({ actor: 'shaanxi', op: 'changed' });
    expect(items[0]?.before).toBeTruthy();
    expect(await new AuditRepository(t.db).query({ actions: ['registry.escalation_update'] })).toMatchObject([
      { actor: 'shaanxi', target: 'escalation:high' },
    ]);
  });

  it('answers 403 to a county officer’s change and to a school admin, 400 for a bad step', async () => {
    const steps = [{ level: 'school', after: '0s', channels: ['sms'] }];
    expect(
      (await t.as('yanta', '/api/escalation-policies/high', { method: 'PUT', body: { steps } })).status,
    ).toBe(403);
    expect((await t.as('head1', '/api/escalation-policies/high')).status).toBe(403);
    const bad = await t.as('root', '/api/escalation-policies/high', {
      method: 'PUT',
      body: { steps: [{ level: 'school', after: 'soon', channels: ['sms'] }] },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/soon/);
    expect((await t.as('root', '/api/escalation-policies/urgent')).status).toBe(400);
  });
});

describe('/api/rules', () => {
  it('adds, changes and removes a rule (province), each a version in its history', async () => {
    const added = await t.as('shaanxi', '/api/rules', { body: RULE });
    expect(added.status).toBe(201);
    const changed = await t.as('shaanxi', `/api/rules/${RULE.id}`, {
      method: 'PUT',
      body: { ...RULE, alert: { type: 'sos', severity: 'high' } },
    });
    expect(changed.status).toBe(200);
    expect((await t.as('yanta', '/api/rules')).body).toMatchObject({
      items: [{ id: RULE.id, alert: { severity: 'high' } }],
    });
    expect((await t.as('shaanxi', `/api/rules/${RULE.id}`, { method: 'DELETE' })).status).toBe(204);
    const history = await t.as('yanta', `/api/rules/${RULE.id}/history`);
    expect((history.body as { items: EntryHistoryItem[] }).items.map((i) => [i.op, i.actor])).toEqual([
      ['removed', 'shaanxi'],
      ['changed', 'shaanxi'],
      ['added', 'shaanxi'],
    ]);
    const audit = await new AuditRepository(t.db).query({
      actions: ['registry.rule_add', 'registry.rule_update', 'registry.rule_remove'],
    });
    expect(audit).toHaveLength(3);
  });

  it('refuses a bad rule with the rules’ reason (400); a school admin (403) and a county officer’s change (403)', async () => {
    const bad = await t.as('root', '/api/rules', { body: { id: 'x-1', kind: 'toaster' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/rules\[0\]/);
    expect((await t.as('head1', '/api/rules')).status).toBe(403);
    expect((await t.as('head1', '/api/rules', { body: RULE })).status).toBe(403);
    expect((await t.as('yanta', '/api/rules', { body: RULE })).status).toBe(403);
    expect((await t.as('yanta', '/api/rules/no-such')).status).toBe(404);
  });
});

describe('POST /api/rules/preview', () => {
  // the fixture's time-series store answers one reading of 21.5 at the end of any range
  const WARM = {
    id: 'office-warm',
    kind: 'threshold',
    match: { deviceKinds: ['temperature_sensor'], metric: 'temperature', schedule: 'always' },
    op: '>',
    value: 20,
    forSeconds: 0,
    alert: { type: 'heat', severity: 'medium' },
  };

  it('answers what the rule would have opened over the last 7 days, per school, with its basis (county and above)', async () => {
    const res = await t.as('yanta', '/api/rules/preview', { body: WARM });
    expect(res.status).toBe(200);
    const body = res.body as RulePreview;
    expect(body).toMatchObject({
      rule: 'office-warm',
      wouldHaveOpened: 1,
      perSchool: [{ count: 1 }],
    });
    expect(Date.parse(body.to) - Date.parse(body.from)).toBe(7 * 24 * 3600 * 1000);
    expect(body.basis).toMatch(/last 7 days/);
    expect(body.replayed).toEqual({
      source: 'readings',
      metric: 'temperature',
      devices: 1,
      devicesInScope: 1,
      eventsStored: false,
    });
    // a value above the stored reading opens nothing; the preview wrote nothing
    const cool = await t.as('yanta', '/api/rules/preview', { body: { ...WARM, value: 30 } });
    expect((cool.body as RulePreview).wouldHaveOpened).toBe(0);
    expect((await t.as('yanta', '/api/rules/office-warm')).status).toBe(404);
  });

  it('refuses a bad rule as PUT does (400, the field and reason), a kind it cannot replay (400), and a school admin (403)', async () => {
    const bad = await t.as('root', '/api/rules/preview', { body: { ...WARM, value: 'hot' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/value/);
    const offline = await t.as('root', '/api/rules/preview', { body: { id: 'default:device_offline' } });
    expect(offline.status).toBe(400);
    expect(JSON.stringify(offline.body)).toMatch(/cannot be previewed/);
    expect((await t.as('head1', '/api/rules/preview', { body: WARM })).status).toBe(403);
  });

  it('keeps the note given on save in the history', async () => {
    const put = await t.as('shaanxi', '/api/rules?note=' + encodeURIComponent('夏季高温'), { body: WARM });
    expect(put.status).toBe(201);
    const history = await t.as('yanta', '/api/rules/office-warm/history');
    expect((history.body as { items: EntryHistoryItem[] }).items[0]?.reason).toMatch(/夏季高温/);
  });
});
