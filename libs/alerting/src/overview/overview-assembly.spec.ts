import { describe, expect, it } from 'vitest';
import {
  alarmTrend,
  assembleSchools,
  gradeOfRank,
  inspectionCoverage,
  levelOfRank,
  severityOfRank,
  todayCounts,
  type OverviewSchoolRef,
} from './overview-assembly';

const ref = (code: string, over: Partial<OverviewSchoolRef> = {}): OverviewSchoolRef => ({
  code,
  name: `school ${code}`,
  county: '610113',
  countyName: '雁塔区',
  city: '610100',
  cityName: '西安市',
  location: null,
  devices: 3,
  ...over,
});

describe('overview assembly', () => {
  it('turns ranks back into words', () => {
    expect([4, 3, 2, 1, null].map(severityOfRank)).toEqual(['critical', 'high', 'medium', 'low', null]);
    expect([1, 2, 3, 4].map(levelOfRank)).toEqual(['school', 'county', 'city', 'province']);
    expect([4, 1, undefined].map(gradeOfRank)).toEqual(['red', 'blue', null]);
    // PostgreSQL may hand an aggregate back as a numeric string
    expect(severityOfRank('4' as unknown as number)).toBe('critical');
  });

  it('gives every school of the scope a row, zeros where the database had none, in the given order', () => {
    const rows = assembleSchools(
      [ref('A', { location: { lat: 34.2, lng: 108.9 } }), ref('B', { devices: 2 })],
      {
        alarms: [
          {
            school: 'B',
            unacknowledged: 2,
            acknowledged: 1,
            severityRank: 4,
            escalated: 1,
            levelRank: 2,
            ackTodayMedianSeconds: 45,
          },
        ],
        offline: new Map([['B', 5]]),
        hazards: [{ school: 'A', open: 3, overdue: 1 }],
        risk: [{ school: 'A', gradeRank: 3 }],
        inspections: [{ school: 'A', thisMonth: 2, lastAt: '2026-12-01T00:00:00.000Z' }],
      },
    );
    expect(rows.map((r) => r.code)).toEqual(['A', 'B']);
    expect(rows[0]).toMatchObject({
      location: { lat: 34.2, lng: 108.9 },
      alarms: { unacknowledged: 0, acknowledged: 0, highestSeverity: null, escalated: 0, highestLevel: null },
      devices: { offline: 0, total: 3 },
      hazards: { open: 3, overdue: 1 },
      risk: 'orange',
      inspections: { thisMonth: 2, lastAt: '2026-12-01T00:00:00.000Z' },
      ackTodayMedianSeconds: null,
    });
    expect(rows[1]).toMatchObject({
      alarms: {
        unacknowledged: 2,
        acknowledged: 1,
        highestSeverity: 'critical',
        escalated: 1,
        highestLevel: 'county',
      },
      // never more offline than declared (a state row of a device since removed from the file)
      devices: { offline: 2, total: 2 },
      risk: null,
      inspections: { thisMonth: 0, lastAt: null },
      ackTodayMedianSeconds: 45,
    });
  });

  it('fills the 7-day trend with the days without alarms, today last', () => {
    const rows = [
      { day: '2026-11-30', opened: 2, acknowledged: 1, waiting: 1 },
      { day: '2026-12-02', opened: 5, acknowledged: 3, waiting: 2 },
    ];
    expect(alarmTrend('2026-12-02', rows)).toEqual([
      { date: '2026-11-26', alarms: 0 },
      { date: '2026-11-27', alarms: 0 },
      { date: '2026-11-28', alarms: 0 },
      { date: '2026-11-29', alarms: 0 },
      { date: '2026-11-30', alarms: 2 },
      { date: '2026-12-01', alarms: 0 },
      { date: '2026-12-02', alarms: 5 },
    ]);
    expect(todayCounts('2026-12-02', rows)).toEqual({
      date: '2026-12-02',
      opened: 5,
      acknowledged: 3,
      waiting: 2,
    });
    expect(todayCounts('2026-12-03', rows)).toEqual({
      date: '2026-12-03',
      opened: 0,
      acknowledged: 0,
      waiting: 0,
    });
  });

  it('counts the schools inspected this month', () => {
    const schools = assembleSchools([ref('A'), ref('B'), ref('C')], {
      alarms: [],
      offline: new Map(),
      hazards: [],
      risk: [],
      inspections: [
        { school: 'A', thisMonth: 2, lastAt: null },
        { school: 'B', thisMonth: 0, lastAt: '2026-10-01T00:00:00.000Z' },
      ],
    });
    expect(inspectionCoverage('2026-12', schools)).toEqual({ month: '2026-12', inspected: 1, schools: 3 });
  });
});
