import { describe, expect, it } from 'vitest';
import type { Alert } from '../api/alerts';
import { applyReload, mergeAlert } from './alert-merge';

const base: Alert = {
  id: 'a1',
  type: 'smoke',
  severity: 'critical',
  status: 'open',
  level: 'school',
  school: '2161010001',
  county: '610113',
  city: '610100',
  province: '610000',
  device: 'smk-0001',
  openedAt: '2026-11-28T02:00:00.000Z',
  acknowledgedAt: null,
  resolvedAt: null,
  occurrences: 1,
  acknowledgedBy: null,
  resolvedBy: null,
  disposition: null,
  note: null,
  rule: 'default:smoke',
  drill: false,
  panic: false,
  lastOccurredAt: '2026-11-28T02:00:00.000Z',
  schoolName: null,
  countyName: null,
  cityName: null,
  deviceKind: 'smoke_detector',
  location: null,
  risk: null,
};
const v = (over: Partial<Alert>): Alert => ({ ...base, ...over });

describe('merging alert versions', () => {
  it('takes a newer version and keeps fields the newer one lacks', () => {
    const known = v({ schoolName: '雁塔区第一小学' });
    const merged = mergeAlert(known, v({ status: 'acknowledged', schoolName: undefined }));
    expect(merged.status).toBe('acknowledged');
    expect(merged.schoolName).toBeUndefined();
    expect(mergeAlert(undefined, base)).toBe(base);
  });

  it('never goes back: a stale open version does not undo an acknowledgement or a count', () => {
    const acked = v({ status: 'acknowledged', acknowledgedAt: '2026-11-28T02:01:00.000Z' });
    expect(mergeAlert(acked, base).status).toBe('acknowledged');
    expect(mergeAlert(v({ occurrences: 3 }), v({ occurrences: 2 })).occurrences).toBe(3);
    expect(mergeAlert(v({ level: 'county' }), base).level).toBe('county');
    expect(mergeAlert(base, v({ level: 'city' })).level).toBe('city');
  });
});

describe('applying a reload', () => {
  it('counts what was missed: new, changed and gone alerts', () => {
    const current = new Map([
      ['a1', base],
      ['a2', v({ id: 'a2' })],
      ['a3', v({ id: 'a3' })],
    ]);
    const loaded = [v({ status: 'acknowledged' }), v({ id: 'a3' }), v({ id: 'a4' })];
    const { next, missed, removed } = applyReload(current, loaded, new Set());
    expect([...next.keys()].sort()).toEqual(['a1', 'a3', 'a4']);
    expect(next.get('a1')?.status).toBe('acknowledged');
    expect(removed).toEqual(['a2']);
    expect(missed).toBe(3); // a1 changed, a2 gone, a4 new; a3 the same
  });

  it('keeps a broadcast that overtook the reload, and does not revive a resolved alert', () => {
    const current = new Map([['a1', v({ status: 'acknowledged' })]]);
    const { next } = applyReload(current, [base, v({ id: 'a9' })], new Set(['a9']));
    expect(next.get('a1')?.status).toBe('acknowledged');
    expect(next.has('a9')).toBe(false);
  });
});
