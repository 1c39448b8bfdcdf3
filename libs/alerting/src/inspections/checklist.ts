import { isoWeekday, localDate } from '../rules/local-calendar';
import { checklistWindow, daysBetween, type ChecklistWindow } from './checklist-window';
import type { AutoResult, ChecklistItem } from '../domain/inspection';

/** One device of the school and its state now. */
export interface DeviceFact {
  id: string;
  kind: string;
  /** Null: never heard from since the service started keeping state. */
  online: boolean | null;
  lastSeenAt: string | null;
}

/** Events of one device, type and local day. */
export interface EventDayFact {
  device: string;
  type: string;
  /** Local date `YYYY-MM-DD`. */
  day: string;
  count: number;
}

/** A drill (应急演练) of the school: the whole school (`device` null) or one device, active on [from, to). */
export interface DrillFact {
  device: string | null;
  from: string;
  to: string;
}

/** Everything the automatic items read about one school, gathered when the inspection starts. */
export interface SchoolFacts {
  now: number;
  /** The province's IANA timezone: days are local days. */
  timeZone: string;
  /** The school's ISO weekdays (1 = Monday … 7 = Sunday), from its `hours.days`. */
  schoolDays: readonly number[];
  devices: readonly DeviceFact[];
  /** At least the days `checklistWindow(now, timeZone)` names (fromDay … toDay). */
  events: readonly EventDayFact[];
  /** Unclosed hazards: all, major (重大隐患), past their deadline. */
  hazards: { open: number; major: number; overdue: number };
  /** Alerts still `open` (nobody acknowledged them). */
  openAlerts: number;
  /** Drills that overlap this calendar month (others are ignored). */
  drills: readonly DrillFact[];
}

/** GB/T 29315-2022 duty patrols: at least this many check-ins per school day (as the `duty:patrol` rule). */
export const PATROL_CHECKINS_PER_DAY = 5;
/** Share of cameras that must be online. */
export const CAMERA_MIN_ONLINE_PERCENT = 90;
/** Share of fire and leak detectors that must be online. */
export const DETECTOR_MIN_ONLINE_PERCENT = 95;
/** A gate device must have sent something within this long. */
export const GATE_RECORDS_WITHIN_MS = 7 * 86_400_000;

export const GATE_KINDS = ['door_contact', 'access_control'] as const;
export const DETECTOR_KINDS = ['smoke_detector', 'heat_detector', 'gas_detector', 'water_leak'] as const;
/** Event types that show a one-key alarm works: a real press or a test press. */
export const ONE_KEY_TEST_EVENTS = ['sos', 'test'] as const;
export const PATROL_EVENT = 'patrol_checkin';

/** Keys of the automatic items, in checklist order. */
export const AUTO_ITEM_KEYS = [
  'patrol_checkins',
  'gate_records',
  'one_key_alarm_tested',
  'camera_online_rate',
  'detector_online_rate',
  'open_hazards',
  'overdue_hazards',
  'unacknowledged_alerts',
] as const;
export type AutoItemKey = (typeof AUTO_ITEM_KEYS)[number];

/** The items the inspector ticks, with their zh-CN labels. */
export const MANUAL_ITEMS: readonly { key: string; label: string }[] = [
  { key: 'fire_exits_clear', label: '疏散通道畅通' },
  { key: 'extinguishers_in_date', label: '灭火器在有效期内' },
  { key: 'guards_on_duty', label: '门卫在岗在位' },
  { key: 'emergency_plan_posted', label: '应急预案上墙并演练' },
  { key: 'video_retained_30d', label: '视频保存30天以上' },
];

export const AUTO_ITEM_LABELS: Readonly<Record<AutoItemKey, string>> = {
  patrol_checkins: '安保巡查打卡（近7天）',
  gate_records: '出入口设备在线及记录',
  one_key_alarm_tested: '一键报警本月测试',
  camera_online_rate: '视频监控在线率',
  detector_online_rate: '消防及漏水探测器在线率',
  open_hazards: '未关闭隐患',
  overdue_hazards: '逾期未整改隐患',
  unacknowledged_alerts: '未确认报警',
};

/** What one automatic item measured. */
interface Measurement {
  value: string;
  measured: Record<string, number>;
  autoResult: AutoResult | null;
}

/** The whole checklist at the start of an inspection: automatic items (result = autoResult), then manual ones. */
export function buildChecklist(facts: SchoolFacts): ChecklistItem[] {
  const window = checklistWindow(facts.now, facts.timeZone);
  const measure: Record<AutoItemKey, () => Measurement> = {
    patrol_checkins: () => patrolCheckins(facts, window),
    gate_records: () => gateRecords(facts),
    one_key_alarm_tested: () => oneKeyAlarmTested(facts, window),
    camera_online_rate: () =>
      onlineShare(facts.devices, ['camera'], CAMERA_MIN_ONLINE_PERCENT, {
        noneResult: 'fail',
        none: '未接入视频监控',
      }),
    detector_online_rate: () =>
      onlineShare(facts.devices, DETECTOR_KINDS, DETECTOR_MIN_ONLINE_PERCENT, {
        noneResult: null,
        none: '未接入消防及漏水探测器，请人工核查',
      }),
    open_hazards: () => openHazards(facts.hazards),
    overdue_hazards: () => overdueHazards(facts.hazards.overdue),
    unacknowledged_alerts: () => unacknowledgedAlerts(facts.openAlerts),
  };
  const auto = AUTO_ITEM_KEYS.map((key): ChecklistItem => {
    const m = measure[key]();
    return {
      key,
      source: 'auto',
      label: AUTO_ITEM_LABELS[key],
      value: m.value,
      measured: m.measured,
      autoResult: m.autoResult,
      result: m.autoResult,
      note: null,
    };
  });
  const manual = MANUAL_ITEMS.map((i): ChecklistItem => ({
    key: i.key,
    source: 'manual',
    label: i.label,
    value: null,
    measured: null,
    autoResult: null,
    result: null,
    note: null,
  }));
  return [...auto, ...manual];
}

/**
 * Every school day (the school's weekdays) of the 7 whole days before today needs at least
 * {@link PATROL_CHECKINS_PER_DAY} check-ins, from any device of the school. A school with no
 * patrol checkpoint and no check-ins cannot record patrols here: the inspector judges (null).
 */
export function patrolCheckins(facts: SchoolFacts, window: ChecklistWindow): Measurement {
  const perDay = new Map<string, number>();
  for (const e of facts.events) {
    if (e.type !== PATROL_EVENT || e.day < window.weekFrom || e.day > window.weekTo) continue;
    perDay.set(e.day, (perDay.get(e.day) ?? 0) + e.count);
  }
  const checkins = [...perDay.values()].reduce((a, b) => a + b, 0);
  const schoolDays = daysBetween(window.weekFrom, window.weekTo).filter((d) =>
    facts.schoolDays.includes(isoWeekday(d)),
  );
  const daysShort = schoolDays.filter((d) => (perDay.get(d) ?? 0) < PATROL_CHECKINS_PER_DAY).length;
  const measured = {
    checkins,
    schoolDays: schoolDays.length,
    daysShort,
    requiredPerDay: PATROL_CHECKINS_PER_DAY,
  };
  const hasCheckpoint = facts.devices.some((d) => d.kind === 'patrol_checkpoint');
  if (!hasCheckpoint && checkins === 0) {
    return { value: '未接入巡更点，无打卡记录，请人工核查', measured, autoResult: null };
  }
  const value =
    `近7天打卡 ${checkins} 次；${schoolDays.length} 个上课日` +
    (daysShort === 0
      ? `每天均不少于 ${PATROL_CHECKINS_PER_DAY} 次`
      : `中 ${daysShort} 天少于 ${PATROL_CHECKINS_PER_DAY} 次`);
  return { value, measured, autoResult: daysShort === 0 ? 'pass' : 'fail' };
}

/**
 * Door contacts and access control at the gates: every one online and heard from in the last 7
 * days (door contacts report `contact` readings, not events, so "records" is the last message).
 * A school without any: the inspector judges (null).
 */
export function gateRecords(facts: Pick<SchoolFacts, 'devices' | 'now'>): Measurement {
  const gates = facts.devices.filter((d) => (GATE_KINDS as readonly string[]).includes(d.kind));
  const online = gates.filter((d) => d.online === true).length;
  const since = facts.now - GATE_RECORDS_WITHIN_MS;
  const reporting = gates.filter((d) => d.lastSeenAt !== null && Date.parse(d.lastSeenAt) >= since).length;
  const measured = { total: gates.length, online, reporting };
  if (gates.length === 0) {
    return { value: '未接入门磁或门禁设备，请人工核查', measured, autoResult: null };
  }
  const ok = online === gates.length && reporting === gates.length;
  return {
    value: `出入口设备 ${gates.length} 台：在线 ${online} 台，近7天有记录 ${reporting} 台`,
    measured,
    autoResult: ok ? 'pass' : 'fail',
  };
}

/**
 * 一键报警 must be tested every month: each one-key alarm has an `sos` or `test` event this
 * calendar month, or a drill this month covered it (a whole-school drill or one of that device).
 * Schools must have them (the "four 100%" requirement), so a school with none fails.
 */
export function oneKeyAlarmTested(facts: SchoolFacts, window: ChecklistWindow): Measurement {
  const alarms = facts.devices.filter((d) => d.kind === 'one_key_alarm');
  const pressed = new Set(
    facts.events
      .filter(
        (e) =>
          e.count > 0 &&
          e.day >= window.monthFrom &&
          e.day <= window.today &&
          (ONE_KEY_TEST_EVENTS as readonly string[]).includes(e.type),
      )
      .map((e) => e.device),
  );
  const drills = facts.drills.filter((d) => drillInMonth(d, facts.now, facts.timeZone, window.monthFrom));
  const wholeSchoolDrill = drills.some((d) => d.device === null);
  const drilled = new Set(drills.map((d) => d.device));
  const tested = alarms.filter((a) => pressed.has(a.id) || wholeSchoolDrill || drilled.has(a.id)).length;
  const measured = { total: alarms.length, tested };
  if (alarms.length === 0) return { value: '未接入一键报警装置', measured, autoResult: 'fail' };
  return {
    value: `一键报警 ${alarms.length} 台，本月已测试 ${tested} 台`,
    measured,
    autoResult: tested === alarms.length ? 'pass' : 'fail',
  };
}

/** Whether the drill [from, to) started by `now` and was still on at some point of this month. */
function drillInMonth(drill: DrillFact, now: number, timeZone: string, monthFrom: string): boolean {
  const from = Date.parse(drill.from);
  const lastMoment = Date.parse(drill.to) - 1;
  return from <= now && localDate(lastMoment, timeZone) >= monthFrom;
}

/**
 * Share of the devices of `kinds` that are online now (never heard from counts as not online):
 * passes at `minPercent` or more. Without any such device: `options.noneResult`.
 */
export function onlineShare(
  devices: readonly DeviceFact[],
  kinds: readonly string[],
  minPercent: number,
  options: { noneResult: AutoResult | null; none: string },
): Measurement {
  const of = devices.filter((d) => kinds.includes(d.kind));
  const online = of.filter((d) => d.online === true).length;
  const measured = { online, total: of.length };
  if (of.length === 0) return { value: options.none, measured, autoResult: options.noneResult };
  // Integer comparison: no rounding can let 89.99 % pass a 90 % bar.
  const ok = online * 100 >= minPercent * of.length;
  const percent = Math.floor((online * 100) / of.length);
  return { value: `${online}/${of.length} 在线 (${percent}%)`, measured, autoResult: ok ? 'pass' : 'fail' };
}

/** Unclosed hazards are expected (they are being rectified), but not a major one (重大隐患). */
export function openHazards(h: SchoolFacts['hazards']): Measurement {
  return {
    value: h.open === 0 ? '无未关闭隐患' : `未关闭 ${h.open} 项（其中重大隐患 ${h.major} 项）`,
    measured: { open: h.open, major: h.major },
    autoResult: h.major === 0 ? 'pass' : 'fail',
  };
}

export function overdueHazards(overdue: number): Measurement {
  return {
    value: overdue === 0 ? '无逾期隐患' : `逾期未整改 ${overdue} 项`,
    measured: { overdue },
    autoResult: overdue === 0 ? 'pass' : 'fail',
  };
}

export function unacknowledgedAlerts(open: number): Measurement {
  return {
    value: open === 0 ? '无未确认报警' : `未确认报警 ${open} 条`,
    measured: { open },
    autoResult: open === 0 ? 'pass' : 'fail',
  };
}
