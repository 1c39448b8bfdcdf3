import { describe, expect, it } from 'vitest';
import { hazard } from './hazard-fixtures';
import {
  isOverdue,
  matchesHazard,
  overdueDays,
  registerOrder,
  sourceKind,
  summarize,
  type HazardFilter,
} from './hazard-list';

const now = Date.parse('2026-12-10T12:00:00.000Z');
const all: HazardFilter = { state: 'all', grade: 'all', overdue: false, school: '', org: null, search: '' };

const late = hazard('late', { deadline: '2026-12-07T12:00:00.000Z' });
const flagged = hazard('flagged', { overdue: true, deadline: '2026-12-11T00:00:00.000Z' });
const due = hazard('due', {
  deadline: '2026-12-20T00:00:00.000Z',
  grade: 'major',
  state: 'rectifying',
  owner: '王强',
});
const closed = hazard('closed', {
  state: 'closed',
  deadline: '2026-12-01T00:00:00.000Z',
  closedAt: '2026-11-30T00:00:00.000Z',
});
const elsewhere = hazard('elsewhere', {
  school: '2161030001',
  county: '610302',
  city: '610300',
  state: 'awaiting_acceptance',
  deadline: '2026-12-30T00:00:00.000Z',
});
const list = [closed, due, late, flagged, elsewhere];

describe('overdue', () => {
  it("is the server's flag or the clock, never for a closed hazard, in calendar days (at least 1)", () => {
    expect(isOverdue(late, now)).toBe(true);
    expect(overdueDays(late, now)).toBe(3);
    expect(isOverdue(flagged, now)).toBe(true);
    expect(overdueDays(flagged, now)).toBe(1);
    expect(isOverdue(due, now)).toBe(false);
    expect(overdueDays(due, now)).toBe(0);
    expect(isOverdue(closed, now)).toBe(false);
  });
});

describe('matchesHazard', () => {
  const ids = (f: Partial<HazardFilter>) =>
    list.filter((h) => matchesHazard(h, { ...all, ...f }, now)).map((h) => h.id);
  it('filters by state, not-closed, grade, overdue, school, org and text', () => {
    expect(ids({ state: 'unclosed' })).toEqual(['due', 'late', 'flagged', 'elsewhere']);
    expect(ids({ state: 'closed' })).toEqual(['closed']);
    expect(ids({ grade: 'major' })).toEqual(['due']);
    expect(ids({ overdue: true })).toEqual(['late', 'flagged']);
    expect(ids({ school: '2161030001' })).toEqual(['elsewhere']);
    expect(ids({ org: '610113' })).toEqual(['closed', 'due', 'late', 'flagged']);
    expect(ids({ org: '610300' })).toEqual(['elsewhere']);
    expect(ids({ search: '王强' })).toEqual(['due']);
  });
});

describe('registerOrder', () => {
  it('puts overdue first, then open ones by deadline, closed last', () => {
    expect([...list].sort((a, b) => registerOrder(a, b, now)).map((h) => h.id)).toEqual([
      'late',
      'flagged',
      'due',
      'elsewhere',
      'closed',
    ]);
  });
});

describe('summarize and sourceKind', () => {
  it('counts what the cards show', () => {
    expect(summarize(list, now)).toEqual({
      unclosed: 4,
      overdue: 2,
      awaiting: 1,
      majorUnclosed: 1,
      closed: 1,
    });
  });
  it('tells inspection findings, device rules and plain rules apart', () => {
    expect(sourceKind({ source: 'inspection', device: null })).toBe('inspection');
    expect(sourceKind({ source: 'default:device_offline', device: 'smk-1' })).toBe('device');
    expect(sourceKind({ source: 'duty:patrol', device: null })).toBe('rule');
  });
});
