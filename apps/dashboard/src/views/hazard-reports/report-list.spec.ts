import { describe, expect, it } from 'vitest';
import type { HazardReport } from '../../api/hazard-reports';
import { placeChoices, progressOf, triageOrder, upsertReport } from './report-list';

const at = (min: number) => new Date(Date.UTC(2026, 11, 7, 8, min)).toISOString();
const r = (id: string, over: Partial<HazardReport>): HazardReport =>
  ({
    id,
    status: 'new',
    urgent: false,
    createdAt: at(0),
    hazardState: null,
    fixed: false,
    ...over,
  }) as HazardReport;

describe('the triage list order', () => {
  it('puts reports waiting for triage first, urgent first among them, each group newest first', () => {
    const list = [
      r('old-new', { createdAt: at(1) }),
      r('registered-newest', { status: 'registered', createdAt: at(9) }),
      r('public', { status: 'unverified', createdAt: at(5) }),
      r('urgent-old', { urgent: true, createdAt: at(0) }),
      r('dismissed', { status: 'dismissed', createdAt: at(3), urgent: true }),
    ];
    expect([...list].sort(triageOrder).map((x) => x.id)).toEqual([
      'urgent-old',
      'public',
      'old-new',
      'registered-newest',
      'dismissed',
    ]);
  });
});

describe("the reporter's view of a report", () => {
  it('follows the report and then its hazard to fixed', () => {
    expect(progressOf(r('a', { status: 'new' }))).toBe('received');
    expect(progressOf(r('a', { status: 'unverified' }))).toBe('received');
    expect(progressOf(r('a', { status: 'registered', hazardState: 'registered' }))).toBe('registered');
    expect(progressOf(r('a', { status: 'merged', hazardState: 'rectifying' }))).toBe('rectifying');
    expect(progressOf(r('a', { status: 'registered', hazardState: 'awaiting_acceptance' }))).toBe(
      'rectifying',
    );
    expect(progressOf(r('a', { status: 'registered', hazardState: 'closed', fixed: true }))).toBe('fixed');
    expect(progressOf(r('a', { status: 'dismissed' }))).toBe('dismissed');
  });

  it('takes a live version in place of the old one, or adds it first', () => {
    const list = [r('a', {}), r('b', {})];
    expect(upsertReport(list, r('b', { status: 'registered' })).map((x) => [x.id, x.status])).toEqual([
      ['a', 'new'],
      ['b', 'registered'],
    ]);
    expect(upsertReport(list, r('c', {})).map((x) => x.id)).toEqual(['c', 'a', 'b']);
  });
});

describe('the place picker', () => {
  it('offers buildings, then their floors, then the rooms of a floor', () => {
    const c = placeChoices([
      { building: '教学楼', floor: '1', room: '101' },
      { building: '教学楼', floor: '1', room: '102' },
      { building: '教学楼', floor: '3', room: '302' },
      { building: '门卫室', floor: null, room: null },
    ]);
    expect(c.buildings).toEqual(['教学楼', '门卫室']);
    expect(c.floorsOf('教学楼')).toEqual(['1', '3']);
    expect(c.floorsOf('门卫室')).toEqual([]);
    expect(c.roomsOf('教学楼', '1')).toEqual(['101', '102']);
  });
});
