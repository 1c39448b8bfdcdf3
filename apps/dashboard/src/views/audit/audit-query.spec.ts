import { describe, expect, it } from 'vitest';
import {
  AUDIT_ACTION_GROUPS,
  auditParams,
  detailText,
  mayReadAudit,
  periodRange,
  targetLink,
  targetParts,
  type AuditFilter,
} from './audit-query';

const NOW = Date.parse('2026-11-28T10:00:00.000Z');
const filter = (over: Partial<AuditFilter> = {}): AuditFilter => ({
  period: 'd7',
  days: null,
  actor: '',
  action: '',
  outcome: '',
  ...over,
});

describe('the audit screen', () => {
  it('is for admins and officials only', () => {
    for (const role of ['admin', 'county_officer', 'city_officer', 'province_officer'])
      expect(mayReadAudit({ role }), role).toBe(true);
    for (const role of ['school_security', 'school_admin']) expect(mayReadAudit({ role }), role).toBe(false);
    expect(mayReadAudit(null)).toBe(false);
  });

  it('asks for the period, and only the filters that are set', () => {
    expect(auditParams(filter(), NOW)).toEqual({
      from: String(NOW - 7 * 86_400_000),
      to: String(NOW + 60_000),
    });
    expect(
      auditParams(filter({ period: 'h24', actor: ' yanta ', action: 'hazard', outcome: 'denied' }), NOW),
    ).toEqual({
      from: String(NOW - 86_400_000),
      to: String(NOW + 60_000),
      actor: 'yanta',
      action: 'hazard',
      outcome: 'denied',
    });
    expect(auditParams(filter({ period: 'custom' }), NOW)).toBeNull();
  });

  it('takes a custom period as whole local days, the last one included', () => {
    const [from, to] =
      periodRange(filter({ period: 'custom', days: ['2026-11-01', '2026-11-02'] }), NOW) ?? [];
    expect(new Date(from ?? 0).getDate()).toBe(1);
    expect(new Date(from ?? 0).getHours()).toBe(0);
    expect(new Date(to ?? 0).getDate()).toBe(3);
    expect(periodRange(filter({ period: 'custom', days: ['2026-11-02', '2026-11-01'] }), NOW)).toBeNull();
  });

  it('lists dotted action names under their family', () => {
    for (const [family, actions] of Object.entries(AUDIT_ACTION_GROUPS))
      for (const a of actions) expect(a.startsWith(`${family}.`), a).toBe(true);
  });

  it('opens alerts, hazards and inspections from their entries', () => {
    expect(targetLink('alert:a-1')).toEqual({ name: 'alert', params: { id: 'a-1' } });
    expect(targetLink('hazard:h-1')).toEqual({ name: 'hazards', query: { id: 'h-1' } });
    expect(targetLink('inspection:i-1')).toEqual({ name: 'inspection', params: { id: 'i-1' } });
    expect(targetLink('risk_point:device:smk-1')).toBeNull();
    expect(targetLink('GET /api/alerts/x')).toBeNull();
    expect(targetLink(null)).toBeNull();
  });

  it('shows the detail on one line in words, ids and unlabelled fields left out', () => {
    const KEYS: Record<string, string> = {
      from: '原状态',
      to: '新状态',
      grade: '等级',
      deadline: '整改期限',
      photos: '照片',
      username: '用户',
    };
    const CODES: Record<string, string> = {
      'from:registered': '已登记',
      'to:rectifying': '整改中',
      'grade:general': '一般隐患',
    };
    const words = {
      key: (k: string) => KEYS[k],
      code: (k: string, v: string) => CODES[`${k}:${v}`],
      dateTime: (iso: string) => iso.slice(0, 10),
      person: (login: string) => (login === 'yanta' ? '刘洋' : login),
    };
    expect(detailText({ from: 'registered', to: 'rectifying' }, words)).toBe('原状态 已登记，新状态 整改中');
    expect(
      detailText(
        {
          grade: 'general',
          hazard: '40727fe3-7199-44cd-8645-f36919e4f976',
          deadline: '2026-12-21T00:00:00.000Z',
        },
        words,
      ),
    ).toBe('等级 一般隐患，整改期限 2026-12-21');
    expect(detailText({ photos: ['p1', 'p2'], username: 'yanta', changes: { grade: ['red'] } }, words)).toBe(
      '照片 2，用户 刘洋',
    );
    expect(detailText({}, words)).toBe('');
  });

  it('opens a hazard report from its target and splits a target into kind and id', () => {
    expect(targetLink('hazard_report:r-1')).toEqual({ name: 'hazard-reports', query: { id: 'r-1' } });
    expect(targetParts('user:yanta')).toEqual({ kind: 'user', id: 'yanta' });
    expect(targetParts('GET /x')).toBeNull();
  });
});
