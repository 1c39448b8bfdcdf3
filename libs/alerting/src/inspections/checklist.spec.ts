import { describe, expect, it } from 'vitest';
import {
  AUTO_ITEM_KEYS,
  MANUAL_ITEMS,
  buildChecklist,
  gateRecords,
  oneKeyAlarmTested,
  onlineShare,
  openHazards,
  overdueHazards,
  patrolCheckins,
  unacknowledgedAlerts,
  type DeviceFact,
  type EventDayFact,
  type SchoolFacts,
} from './checklist';
import { checklistWindow, daysBetween } from './checklist-window';

const TZ = 'Asia/Shanghai';
/** Saturday 2026-11-28, 18:00 in Shanghai. */
const NOW = Date.parse('2026-11-28T10:00:00.000Z');
const DAY = 86_400_000;
const WINDOW = checklistWindow(NOW, TZ);
const WEEKDAYS = [1, 2, 3, 4, 5];

const device = (
  id: string,
  kind: string,
  online: boolean | null = true,
  lastSeenAt: number | null = NOW,
) => ({
  id,
  kind,
  online,
  lastSeenAt: lastSeenAt === null ? null : new Date(lastSeenAt).toISOString(),
});

function facts(over: Partial<SchoolFacts> = {}): SchoolFacts {
  return {
    now: NOW,
    timeZone: TZ,
    schoolDays: WEEKDAYS,
    devices: [],
    events: [],
    hazards: { open: 0, major: 0, overdue: 0 },
    openAlerts: 0,
    drills: [],
    ...over,
  };
}

const checkins = (days: Record<string, number>, device = 'pc-1'): EventDayFact[] =>
  Object.entries(days).map(([day, count]) => ({ device, type: 'patrol_checkin', day, count }));

/** Monday 23rd to Friday 27th: the school days of the week before NOW. */
const SCHOOL_WEEK = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27'];
const fullWeek = (n: number): Record<string, number> => Object.fromEntries(SCHOOL_WEEK.map((d) => [d, n]));

describe('checklistWindow', () => {
  it('takes the 7 whole local days before today and the local calendar month', () => {
    expect(WINDOW).toEqual({
      today: '2026-11-28',
      weekFrom: '2026-11-21',
      weekTo: '2026-11-27',
      monthFrom: '2026-11-01',
      fromDay: '2026-11-01',
      toDay: '2026-11-28',
    });
  });

  it('uses the province’s local date: 00:30 on 1 December in Shanghai is still 30 November in UTC', () => {
    const w = checklistWindow(Date.parse('2026-11-30T16:30:00.000Z'), TZ);
    expect(w).toMatchObject({ today: '2026-12-01', monthFrom: '2026-12-01', weekFrom: '2026-11-24' });
    expect(w.fromDay).toBe('2026-11-24');
    expect(daysBetween('2026-11-29', '2026-12-02')).toEqual([
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
    ]);
  });
});

describe('patrol_checkins (5 per school day, GB/T 29315)', () => {
  const withCheckpoint = (events: EventDayFact[], schoolDays = WEEKDAYS) =>
    patrolCheckins(facts({ devices: [device('pc-1', 'patrol_checkpoint')], events, schoolDays }), WINDOW);

  it('passes with 5 check-ins on every school day', () => {
    expect(withCheckpoint(checkins(fullWeek(5)))).toEqual({
      value: '近7天打卡 25 次；5 个上课日每天均不少于 5 次',
      measured: { checkins: 25, schoolDays: 5, daysShort: 0, requiredPerDay: 5 },
      autoResult: 'pass',
    });
  });

  it('fails when one school day has 4, however many the others have', () => {
    const r = withCheckpoint(checkins({ ...fullWeek(9), '2026-11-25': 4 }));
    expect(r.autoResult).toBe('fail');
    expect(r.measured).toMatchObject({ checkins: 40, daysShort: 1 });
    expect(r.value).toBe('近7天打卡 40 次；5 个上课日中 1 天少于 5 次');
  });

  it('adds the check-ins of several devices on one day', () => {
    const events = [
      ...checkins({ ...fullWeek(5), '2026-11-25': 3 }),
      ...checkins({ '2026-11-25': 2 }, 'pc-2'),
    ];
    expect(withCheckpoint(events).autoResult).toBe('pass');
  });

  it('ignores today, days before the window, other event types, and weekends for the requirement', () => {
    const events = [
      ...checkins({ ...fullWeek(5), '2026-11-26': 0 }),
      ...checkins({ '2026-11-28': 50, '2026-11-20': 50, '2026-11-22': 50 }),
      { device: 'pc-1', type: 'sos', day: '2026-11-26', count: 9 },
    ];
    const r = withCheckpoint(events);
    expect(r.autoResult).toBe('fail');
    expect(r.measured).toMatchObject({ checkins: 70, daysShort: 1 });
    // A boarding school open every day must patrol at the weekend too.
    expect(withCheckpoint(checkins(fullWeek(5)), [1, 2, 3, 4, 5, 6, 7]).measured).toMatchObject({
      schoolDays: 7,
      daysShort: 2,
    });
  });

  it('leaves the verdict to the inspector when the school has no checkpoint and no check-ins', () => {
    expect(patrolCheckins(facts(), WINDOW)).toMatchObject({
      autoResult: null,
      value: expect.stringContaining('未接入'),
    });
    expect(patrolCheckins(facts({ events: checkins(fullWeek(5)) }), WINDOW).autoResult).toBe('pass');
  });
});

describe('gate_records', () => {
  it('passes when every gate device is online and sent something within 7 days', () => {
    const r = gateRecords({
      now: NOW,
      devices: [
        device('d1', 'door_contact', true, NOW - 7 * DAY),
        device('a1', 'access_control'),
        device('c', 'camera', false),
      ],
    });
    expect(r).toEqual({
      value: '出入口设备 2 台：在线 2 台，近7天有记录 2 台',
      measured: { total: 2, online: 2, reporting: 2 },
      autoResult: 'pass',
    });
  });

  it('fails with one gate device offline, unknown, or silent for longer than 7 days', () => {
    const ok = device('a1', 'access_control');
    for (const bad of [
      device('d1', 'door_contact', false),
      device('d1', 'door_contact', null, null),
      device('d1', 'door_contact', true, NOW - 7 * DAY - 1),
    ]) {
      expect(gateRecords({ now: NOW, devices: [ok, bad] }).autoResult).toBe('fail');
    }
  });

  it('leaves a school without gate devices to the inspector', () => {
    expect(gateRecords({ now: NOW, devices: [device('c', 'camera')] })).toMatchObject({
      autoResult: null,
      measured: { total: 0 },
    });
  });
});

describe('one_key_alarm_tested (monthly test)', () => {
  const alarms: DeviceFact[] = [device('sos-1', 'one_key_alarm'), device('sos-2', 'one_key_alarm')];
  const press = (device: string, day: string, type = 'test'): EventDayFact => ({
    device,
    type,
    day,
    count: 1,
  });
  const judge = (over: Partial<SchoolFacts>) =>
    oneKeyAlarmTested(facts({ devices: alarms, ...over }), WINDOW);

  it('passes when every alarm had a test or sos press this calendar month', () => {
    const r = judge({ events: [press('sos-1', '2026-11-01'), press('sos-2', '2026-11-28', 'sos')] });
    expect(r).toEqual({
      value: '一键报警 2 台，本月已测试 2 台',
      measured: { total: 2, tested: 2 },
      autoResult: 'pass',
    });
  });

  it('fails when one alarm was last pressed last month, or only had other events', () => {
    expect(judge({ events: [press('sos-1', '2026-11-02'), press('sos-2', '2026-10-31')] })).toMatchObject({
      autoResult: 'fail',
      measured: { tested: 1 },
    });
    expect(
      judge({ events: [press('sos-1', '2026-11-02'), press('sos-2', '2026-11-02', 'tamper')] }).autoResult,
    ).toBe('fail');
  });

  it('counts a drill this month: a whole-school drill covers every alarm, a device drill that device', () => {
    const iso = (s: string) => new Date(Date.parse(s)).toISOString();
    const school = { device: null, from: iso('2026-11-10T01:00:00Z'), to: iso('2026-11-10T02:00:00Z') };
    expect(judge({ drills: [school] }).autoResult).toBe('pass');
    const one = { ...school, device: 'sos-1' };
    expect(judge({ drills: [one], events: [press('sos-2', '2026-11-03')] }).autoResult).toBe('pass');
    expect(judge({ drills: [one] }).measured).toEqual({ total: 2, tested: 1 });
  });

  it('ignores a drill that ended at local midnight starting the month, or that has not started yet', () => {
    // 2026-11-01 00:00 in Shanghai is 2026-10-31T16:00Z: [.., that) ends before November.
    const ended = { device: null, from: '2026-10-31T10:00:00.000Z', to: '2026-10-31T16:00:00.000Z' };
    expect(judge({ drills: [ended] }).autoResult).toBe('fail');
    const spanning = { ...ended, to: '2026-10-31T16:00:00.001Z' };
    expect(judge({ drills: [spanning] }).autoResult).toBe('pass');
    const future = {
      device: null,
      from: new Date(NOW + 1).toISOString(),
      to: new Date(NOW + DAY).toISOString(),
    };
    expect(judge({ drills: [future] }).autoResult).toBe('fail');
  });

  it('fails a school with no one-key alarm at all (they are required)', () => {
    expect(oneKeyAlarmTested(facts(), WINDOW)).toMatchObject({
      autoResult: 'fail',
      value: '未接入一键报警装置',
    });
  });
});

describe('camera_online_rate (≥ 90 %) and detector_online_rate (≥ 95 %)', () => {
  const fleet = (kind: string, online: number, offline: number, unknown = 0): DeviceFact[] => [
    ...Array.from({ length: online }, (_, i) => device(`on-${kind}-${i}`, kind, true)),
    ...Array.from({ length: offline }, (_, i) => device(`off-${kind}-${i}`, kind, false)),
    ...Array.from({ length: unknown }, (_, i) => device(`unk-${kind}-${i}`, kind, null, null)),
  ];
  const cameras = (devices: DeviceFact[]) =>
    onlineShare(devices, ['camera'], 90, { noneResult: 'fail', none: '未接入视频监控' });
  const detectors = (devices: DeviceFact[]) =>
    onlineShare(devices, ['smoke_detector', 'heat_detector', 'gas_detector', 'water_leak'], 95, {
      noneResult: null,
      none: 'none',
    });

  it('cameras pass at exactly 90 % and fail just below', () => {
    expect(cameras(fleet('camera', 9, 1))).toEqual({
      value: '9/10 在线 (90%)',
      measured: { online: 9, total: 10 },
      autoResult: 'pass',
    });
    expect(cameras(fleet('camera', 8, 1)).autoResult).toBe('fail'); // 88.9 %
    expect(cameras(fleet('camera', 89, 10)).autoResult).toBe('fail'); // 89.9 %
    expect(cameras(fleet('camera', 5, 1))).toMatchObject({ value: '5/6 在线 (83%)', autoResult: 'fail' });
  });

  it('counts a camera never heard from as not online, and fails a school without cameras', () => {
    expect(cameras(fleet('camera', 9, 0, 1)).measured).toEqual({ online: 9, total: 10 });
    expect(cameras(fleet('camera', 8, 0, 1)).autoResult).toBe('fail');
    expect(cameras(fleet('smoke_detector', 3, 0))).toMatchObject({
      autoResult: 'fail',
      value: '未接入视频监控',
    });
  });

  it('detectors pass at exactly 95 % across the four kinds and fail just below', () => {
    const mixed = [
      ...fleet('smoke_detector', 10, 1),
      ...fleet('heat_detector', 3, 0),
      ...fleet('gas_detector', 3, 0),
      ...fleet('water_leak', 3, 0),
    ];
    expect(detectors(mixed)).toMatchObject({ measured: { online: 19, total: 20 }, autoResult: 'pass' });
    expect(detectors([...mixed, ...fleet('gas_detector', 0, 1)]).autoResult).toBe('fail'); // 19/21
    expect(detectors(fleet('smoke_detector', 18, 1)).autoResult).toBe('fail'); // 94.7 %
  });

  it('leaves a school without detectors to the inspector', () => {
    expect(detectors(fleet('camera', 2, 0))).toMatchObject({ autoResult: null, measured: { total: 0 } });
  });
});

describe('hazards and alerts', () => {
  it('open_hazards fails only for a major hazard', () => {
    expect(openHazards({ open: 0, major: 0, overdue: 0 })).toMatchObject({
      autoResult: 'pass',
      value: '无未关闭隐患',
    });
    expect(openHazards({ open: 4, major: 0, overdue: 0 })).toMatchObject({ autoResult: 'pass' });
    expect(openHazards({ open: 4, major: 1, overdue: 0 })).toEqual({
      value: '未关闭 4 项（其中重大隐患 1 项）',
      measured: { open: 4, major: 1 },
      autoResult: 'fail',
    });
  });

  it('overdue_hazards and unacknowledged_alerts fail from one', () => {
    expect(overdueHazards(0).autoResult).toBe('pass');
    expect(overdueHazards(1)).toMatchObject({
      autoResult: 'fail',
      value: '逾期未整改 1 项',
      measured: { overdue: 1 },
    });
    expect(unacknowledgedAlerts(0).autoResult).toBe('pass');
    expect(unacknowledgedAlerts(2)).toMatchObject({ autoResult: 'fail', value: '未确认报警 2 条' });
  });
});

describe('buildChecklist', () => {
  it('lists the automatic items (result = autoResult), then the manual ones unticked', () => {
    const items = buildChecklist(facts({ openAlerts: 1 }));
    expect(items.map((i) => i.key)).toEqual([...AUTO_ITEM_KEYS, ...MANUAL_ITEMS.map((m) => m.key)]);
    for (const i of items.filter((x) => x.source === 'auto')) {
      expect(i.result).toBe(i.autoResult);
      expect(i.value).not.toBeNull();
      expect(i.label).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(items.find((i) => i.key === 'unacknowledged_alerts')).toMatchObject({
      result: 'fail',
      measured: { open: 1 },
    });
    expect(items.find((i) => i.key === 'fire_exits_clear')).toEqual({
      key: 'fire_exits_clear',
      source: 'manual',
      label: '疏散通道畅通',
      value: null,
      measured: null,
      autoResult: null,
      result: null,
      note: null,
    });
  });
});
