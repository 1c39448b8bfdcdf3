import { describe, expect, it } from 'vitest';
import type { Trigger } from '../../domain/trigger';
import { parseRuleConfig } from '../rule-config';
import { RuleEngine } from '../rule-engine';
import {
  DAY,
  defaults,
  event,
  HOUR,
  MONDAY_MIDNIGHT,
  SCHOOL_1,
  SCHOOL_2,
  SITES,
  summary,
} from '../../testing/rules.fixture';

/** Local midnights in Asia/Shanghai: Monday 2026-11-30 00:00 is MONDAY_MIDNIGHT. */
const TUESDAY = MONDAY_MIDNIGHT + DAY;
const SATURDAY = MONDAY_MIDNIGHT + 5 * DAY;
const SUNDAY = MONDAY_MIDNIGHT + 6 * DAY;

const patrolEngine = (startedAt = MONDAY_MIDNIGHT, rules = defaults('duty:patrol')) =>
  new RuleEngine(SITES, rules, { startedAt });

/** `n` check-ins at the school's checkpoint, an hour apart from `from` (event time = receive time). */
function checkIn(engine: RuleEngine, device: string, n: number, from: number): void {
  for (let i = 0; i < n; i++)
    engine.onMessage(event(device, 'patrol_checkin', {}, from + i * HOUR), from + i * HOUR);
}

const keys = (out: Trigger[]) => summary(out);

describe('duty:patrol — fewer than 5 check-ins by the end of a school day (Asia/Shanghai)', () => {
  it('4 check-ins → a general hazard at local midnight; 5 → none', () => {
    const engine = patrolEngine();
    checkIn(engine, 'pat-1', 4, MONDAY_MIDNIGHT + 8 * HOUR);
    checkIn(engine, 'pat-2', 5, MONDAY_MIDNIGHT + 8 * HOUR);
    expect(engine.tick(TUESDAY - 1)).toEqual([]);
    const out = engine.tick(TUESDAY);
    expect(out).toEqual([
      {
        kind: 'hazard',
        key: `duty:patrol:${SCHOOL_1}:2026-11-30`,
        source: 'duty:patrol',
        title: '巡查打卡不足',
        grade: 'general',
        org: { province: '610000', city: '610100', county: '610113', school: SCHOOL_1 },
        device: null,
        at: TUESDAY,
        deadlineDays: 7,
        detail: { date: '2026-11-30', checkins: 4, required: 5 },
      },
    ]);
    expect(engine.tick(TUESDAY + HOUR)).toEqual([]); // judged once
  });

  it('a check-in belongs to the local date of its own time, across midnight', () => {
    const before = patrolEngine();
    checkIn(before, 'pat-1', 4, MONDAY_MIDNIGHT + 8 * HOUR);
    checkIn(before, 'pat-2', 5, MONDAY_MIDNIGHT + 8 * HOUR);
    before.onMessage(event('pat-1', 'patrol_checkin', {}, TUESDAY - 1), TUESDAY - 1); // Monday 23:59:59.999
    expect(before.tick(TUESDAY)).toEqual([]);

    const after = patrolEngine();
    checkIn(after, 'pat-1', 4, MONDAY_MIDNIGHT + 8 * HOUR);
    checkIn(after, 'pat-2', 5, MONDAY_MIDNIGHT + 8 * HOUR);
    after.onMessage(event('pat-1', 'patrol_checkin', {}, TUESDAY), TUESDAY); // Tuesday 00:00:00.000
    expect(keys(after.tick(TUESDAY))).toEqual([`hazard duty:patrol:${SCHOOL_1}:2026-11-30`]);
  });

  it('a day that is not a school day is not judged (school 1: Mon–Fri; school 2: every day)', () => {
    const engine = patrolEngine(SATURDAY);
    expect(keys(engine.tick(SUNDAY))).toEqual([`hazard duty:patrol:${SCHOOL_2}:2026-12-05`]);
  });

  it('check-ins from any device of the school count; a school without checkpoints is not held to it', () => {
    const engine = patrolEngine();
    checkIn(engine, 'acc-1', 5, MONDAY_MIDNIGHT + 8 * HOUR);
    checkIn(engine, 'pat-2', 5, MONDAY_MIDNIGHT + 8 * HOUR);
    expect(engine.tick(TUESDAY)).toEqual([]); // and nothing for 2161010003, which has no patrol_checkpoint
  });

  it('the day the engine started in is not judged (a restart at 10:00 saw only part of it)', () => {
    const engine = patrolEngine(MONDAY_MIDNIGHT + 10 * HOUR);
    expect(engine.tick(TUESDAY)).toEqual([]);
    expect(keys(engine.tick(TUESDAY + DAY))).toEqual([
      `hazard duty:patrol:${SCHOOL_1}:2026-12-01`,
      `hazard duty:patrol:${SCHOOL_2}:2026-12-01`,
    ]);
  });

  it('catches up every ended day at the next tick, each once', () => {
    const engine = patrolEngine();
    const out = keys(engine.tick(MONDAY_MIDNIGHT + 3 * DAY + 8 * HOUR));
    expect(out).toEqual(
      ['2026-11-30', '2026-12-01', '2026-12-02'].flatMap((d) => [
        `hazard duty:patrol:${SCHOOL_1}:${d}`,
        `hazard duty:patrol:${SCHOOL_2}:${d}`,
      ]),
    );
    expect(engine.tick(MONDAY_MIDNIGHT + 3 * DAY + 9 * HOUR)).toEqual([]);
  });

  it('after a long pause only the last 7 days are caught up', () => {
    const engine = patrolEngine(MONDAY_MIDNIGHT, defaults('duty:patrol'));
    const out = engine.tick(MONDAY_MIDNIGHT + 30 * DAY + HOUR);
    const dates = [...new Set(out.map((t) => t.key.split(':').at(-1)))];
    expect(dates).toEqual([
      '2026-12-23',
      '2026-12-24',
      '2026-12-25',
      '2026-12-26',
      '2026-12-27',
      '2026-12-28',
      '2026-12-29',
    ]);
  });

  it('overrides: minCheckins and schools', () => {
    const rules = parseRuleConfig([
      { id: 'duty:patrol', minCheckins: 3, match: { schools: [SCHOOL_1] } },
    ]).filter((r) => r.id === 'duty:patrol');
    const engine = patrolEngine(MONDAY_MIDNIGHT, rules);
    checkIn(engine, 'pat-1', 3, MONDAY_MIDNIGHT + 8 * HOUR);
    expect(engine.tick(TUESDAY)).toEqual([]);
    expect(keys(engine.tick(TUESDAY + DAY))).toEqual([`hazard duty:patrol:${SCHOOL_1}:2026-12-01`]);
  });
});
