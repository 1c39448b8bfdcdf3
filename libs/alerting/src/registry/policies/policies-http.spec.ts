import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EscalationPolicyView, EntryHistoryItem } from '@campus/api-contract';
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
