import type { DeviceState } from '../domain/device-state';
import type { Database } from './database';
import {
  DEVICE_STATE_COLUMNS,
  DEVICE_STATE_RECORD,
  toDeviceState,
  toDeviceStateRow,
  type DeviceEventCount,
  type DeviceStateRow,
  type EventDayIncrement,
} from './device-state-rows';
import { orgContainsSql } from './sql-params';

export type { DeviceEventCount, EventDayIncrement } from './device-state-rows';

/** What one flush writes: whole device states (last write wins) and event counts to add. */
export interface DeviceStateBatch {
  states: readonly DeviceState[];
  eventDays: readonly EventDayIncrement[];
}

export interface EventCountQuery {
  schools: readonly string[];
  /** Only these event types; all types when omitted. */
  types?: readonly string[];
  /** Local dates `YYYY-MM-DD`, both inclusive. */
  fromDay: string;
  toDay: string;
}

/** Row of `eventDays`: one device, type and local day. */
export interface DeviceEventDay extends DeviceEventCount {
  day: string;
}

/** Byte order, so PGlite and a PostgreSQL server with any locale sort ids alike. */
const BY_SCHOOL_DEVICE = 'school COLLATE "C", device COLLATE "C"';
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `alerting.device_state` (live state per device) and `alerting.device_event_days` (events per
 * device, type and local day), written in batches by the DeviceStateTracker and read by the
 * devices API, inspections and reports.
 */
export class DeviceStateRepository {
  constructor(private readonly db: Database) {}

  /**
   * Writes a batch in one transaction: each state replaces the stored one (upsert), each
   * increment adds to its day's count. Duplicate keys within the batch are merged first (a single
   * `INSERT … ON CONFLICT` may not touch a row twice).
   */
  async save(batch: DeviceStateBatch): Promise<void> {
    const states = lastPerDevice(batch.states);
    const days = mergeIncrements(batch.eventDays);
    if (states.length === 0 && days.length === 0) return;
    await this.db.transaction(async (tx) => {
      if (states.length > 0) {
        const set = DEVICE_STATE_COLUMNS.split(', ')
          .filter((c) => c !== 'device')
          .map((c) => `${c} = EXCLUDED.${c}`)
          .join(', ');
        await tx.query(
          `INSERT INTO alerting.device_state (${DEVICE_STATE_COLUMNS})
           SELECT ${DEVICE_STATE_COLUMNS} FROM jsonb_to_recordset($1::jsonb) AS x(${DEVICE_STATE_RECORD})
           ON CONFLICT (device) DO UPDATE SET ${set}`,
          [JSON.stringify(states.map(toDeviceStateRow))],
        );
      }
      if (days.length > 0) {
        await tx.query(
          `INSERT INTO alerting.device_event_days AS d (device, province, city, county, school, type, day, count, last_at)
           SELECT device, province, city, county, school, type, day, count, last_at
           FROM jsonb_to_recordset($1::jsonb) AS x(device text, province text, city text, county text,
             school text, type text, day date, count integer, last_at timestamptz)
           ON CONFLICT (device, type, day) DO UPDATE
             SET count = d.count + EXCLUDED.count, last_at = GREATEST(d.last_at, EXCLUDED.last_at),
                 province = EXCLUDED.province, city = EXCLUDED.city, county = EXCLUDED.county,
                 school = EXCLUDED.school`,
          [
            JSON.stringify(
              days.map((d) => ({
                device: d.device,
                province: d.province,
                city: d.city,
                county: d.county,
                school: d.school,
                type: d.type,
                day: checkDay(d.day),
                count: d.count,
                last_at: d.lastAt,
              })),
            ),
          ],
        );
      }
    });
  }

  async get(device: string): Promise<DeviceState | undefined> {
    const { rows } = await this.db.query<DeviceStateRow>(
      `SELECT ${DEVICE_STATE_COLUMNS} FROM alerting.device_state WHERE device = $1`,
      [device],
    );
    return rows[0] ? toDeviceState(rows[0]) : undefined;
  }

  /** Every stored state (the tracker's starting point), by device id. */
  async listAll(): Promise<DeviceState[]> {
    const { rows } = await this.db.query<DeviceStateRow>(
      `SELECT ${DEVICE_STATE_COLUMNS} FROM alerting.device_state ORDER BY device COLLATE "C"`,
    );
    return rows.map(toDeviceState);
  }

  /** The stored states of devices of these schools, by school then device. */
  async listBySchools(schools: readonly string[]): Promise<DeviceState[]> {
    if (schools.length === 0) return [];
    const { rows } = await this.db.query<DeviceStateRow>(
      `SELECT ${DEVICE_STATE_COLUMNS} FROM alerting.device_state
       WHERE school IN (SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY ${BY_SCHOOL_DEVICE}`,
      [JSON.stringify(schools)],
    );
    return rows.map(toDeviceState);
  }

  /** The stored states of devices of schools within `orgUnit` (any org code), by school then device. */
  async listByOrg(orgUnit: string): Promise<DeviceState[]> {
    const { rows } = await this.db.query<DeviceStateRow>(
      `SELECT ${DEVICE_STATE_COLUMNS} FROM alerting.device_state WHERE ${orgContainsSql('$1')}
       ORDER BY ${BY_SCHOOL_DEVICE}`,
      [orgUnit],
    );
    return rows.map(toDeviceState);
  }

  /**
   * Events per school, device and type over the local days `fromDay`..`toDay` (inclusive), by
   * school, device, type. Only combinations with at least one event appear.
   */
  async eventCounts(query: EventCountQuery): Promise<DeviceEventCount[]> {
    if (query.schools.length === 0 || query.types?.length === 0) return [];
    const { rows } = await this.db.query<DeviceEventCount>(
      `SELECT school, device, type, sum(count)::int AS count FROM alerting.device_event_days
       ${eventDaysWhere()}
       GROUP BY school, device, type ORDER BY ${BY_SCHOOL_DEVICE}, type COLLATE "C"`,
      eventDaysParams(query),
    );
    return rows;
  }

  /** The same per local day, by school, device, type, day. */
  async eventDays(query: EventCountQuery): Promise<DeviceEventDay[]> {
    if (query.schools.length === 0 || query.types?.length === 0) return [];
    const { rows } = await this.db.query<DeviceEventDay>(
      `SELECT school, device, type, to_char(day, 'YYYY-MM-DD') AS day, count FROM alerting.device_event_days
       ${eventDaysWhere()}
       ORDER BY ${BY_SCHOOL_DEVICE}, type COLLATE "C", day`,
      eventDaysParams(query),
    );
    return rows;
  }
}

function eventDaysWhere(): string {
  return `WHERE school IN (SELECT jsonb_array_elements_text($1::jsonb))
         AND ($2::jsonb IS NULL OR type IN (SELECT jsonb_array_elements_text($2::jsonb)))
         AND day BETWEEN $3::date AND $4::date`;
}

function eventDaysParams(query: EventCountQuery): (string | null)[] {
  return [
    JSON.stringify(query.schools),
    query.types === undefined ? null : JSON.stringify(query.types),
    checkDay(query.fromDay),
    checkDay(query.toDay),
  ];
}

function checkDay(day: string): string {
  if (!DAY.test(day)) throw new Error(`not a local date YYYY-MM-DD: ${JSON.stringify(day)}`);
  return day;
}

function lastPerDevice(states: readonly DeviceState[]): DeviceState[] {
  const byDevice = new Map<string, DeviceState>();
  for (const s of states) byDevice.set(s.device, s);
  return [...byDevice.values()];
}

function mergeIncrements(increments: readonly EventDayIncrement[]): EventDayIncrement[] {
  const byKey = new Map<string, EventDayIncrement>();
  for (const inc of increments) {
    const key = `${inc.device}\u0000${inc.type}\u0000${inc.day}`;
    const seen = byKey.get(key);
    byKey.set(
      key,
      seen === undefined
        ? { ...inc }
        : {
            ...inc,
            count: seen.count + inc.count,
            lastAt: seen.lastAt > inc.lastAt ? seen.lastAt : inc.lastAt,
          },
    );
  }
  return [...byKey.values()];
}
