import { randomUUID } from 'node:crypto';
import { ORG_LEVELS, type OrgLevel } from '@campus/device-protocols';
import {
  DISPOSITIONS,
  type Alert,
  type AlertStatus,
  type AlertTrigger,
  type Disposition,
  type TimelineItem,
} from '../domain';
import {
  alertColumns,
  timelineData,
  toAlert,
  toTimelineItem,
  type AlertRow,
  type TimelineRow,
} from './alert-rows';
import type { Database, SqlParam } from './database';
import { checkLimit, orgContainsSql, SqlParams, whereClause } from './sql-params';
import { toIso, type Instant } from './sql-values';

export type AlertChange =
  | { ok: true; alert: Alert }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'wrong_state'; status: AlertStatus };

export type LevelChange = { ok: true; alert: Alert; raised: boolean } | { ok: false; reason: 'not_found' };

export interface AlertListQuery {
  status?: AlertStatus;
  /** Any org code (province, city, county or school): only alerts of schools it contains. */
  orgUnit?: string;
  /** Page size, 1 … 1000. */
  limit: number;
  /** Only alerts opened strictly before this instant (the previous page's last `openedAt`). */
  before?: Instant;
}

const LEVEL_RANK = `ARRAY['school', 'county', 'city', 'province']::text[]`;

/**
 * `alerting.alerts` and `alerting.alert_timeline`. Stores and fetches; which transitions a user may
 * make, and when, is the alert service's business. Each change and its timeline item are one
 * statement, so they land together.
 */
export class AlertRepository {
  constructor(private readonly db: Database) {}

  /**
   * Opens an alert for the trigger, or — when an unresolved alert with the same dedup key exists —
   * counts one more occurrence on it (`occurred` in the timeline). One `INSERT … ON CONFLICT` on
   * the partial unique index, so concurrent replicas handling the same trigger yield one alert.
   */
  async openOrOccur(
    trigger: AlertTrigger,
    options: { drill: boolean; level?: OrgLevel },
  ): Promise<{ alert: Alert; opened: boolean }> {
    const result = await this.upsert(trigger, options, undefined);
    if (!result) throw new Error(`opening alert ${trigger.key} returned no row`);
    return result;
  }

  /**
   * `openOrOccur`, counted once per `source` (the uplink message's id): the first delivery opens or
   * counts, a later one of the same message changes nothing and resolves to undefined. The source is
   * recorded in the same statement as the count (alerting.trigger_sources), so two replicas handed
   * the same message cannot both count it.
   */
  async openOrOccurOnce(
    trigger: AlertTrigger,
    source: string,
    options: { drill: boolean; level?: OrgLevel },
  ): Promise<{ alert: Alert; opened: boolean } | undefined> {
    return this.upsert(trigger, options, source);
  }

  /** Forgets the message ids counted before `before` (redeliveries come within hours, not days). */
  async purgeTriggerSources(before: Instant): Promise<number> {
    const { rowCount } = await this.db.query(`DELETE FROM alerting.trigger_sources WHERE at < $1`, [
      toIso(before),
    ]);
    return rowCount;
  }

  private async upsert(
    trigger: AlertTrigger,
    options: { drill: boolean; level?: OrgLevel },
    source: string | undefined,
  ): Promise<{ alert: Alert; opened: boolean } | undefined> {
    const id = randomUUID();
    const at = toIso(trigger.at);
    const { org } = trigger;
    // With a source, the row is inserted only when the source is new (`FROM seen`); `WHERE true`
    // keeps ON CONFLICT from being read as a join condition.
    const seen =
      source === undefined
        ? ''
        : `seen AS (
         INSERT INTO alerting.trigger_sources (source, dedup_key) VALUES ($17, $2)
         ON CONFLICT DO NOTHING RETURNING 1
       ), `;
    const { rows } = await this.db.query<AlertRow>(
      `WITH ${seen}up AS (
         INSERT INTO alerting.alerts AS a (id, dedup_key, rule, type, severity, status, level, province, city,
           county, school, device, opened_at, last_occurred_at, occurrences, drill, panic, auto_resolvable, detail)
         SELECT $1, $2, $3, $4, $5, 'open', $6, $7, $8, $9, $10, $11, $12::timestamptz, $12::timestamptz, 1,
           $13::boolean, $14::boolean, $15::boolean, $16::jsonb${source === undefined ? '' : ' FROM seen'}
         WHERE true
         ON CONFLICT (dedup_key) WHERE status <> 'resolved' DO UPDATE
           SET occurrences = a.occurrences + 1,
               last_occurred_at = GREATEST(a.last_occurred_at, EXCLUDED.last_occurred_at)
         RETURNING ${alertColumns('a')}
       ), tl AS (
         INSERT INTO alerting.alert_timeline (alert_id, at, kind, data)
         SELECT id, $12::timestamptz, CASE WHEN id = $1 THEN 'opened' ELSE 'occurred' END, '{}'::jsonb FROM up
       )
       SELECT * FROM up`,
      [
        id,
        trigger.key,
        trigger.rule,
        trigger.type,
        trigger.severity,
        options.level ?? 'school',
        org.province,
        org.city,
        org.county,
        org.school,
        trigger.device,
        at,
        options.drill,
        trigger.panic,
        trigger.panic ? false : trigger.autoResolvable,
        JSON.stringify(trigger.detail),
        ...(source === undefined ? [] : [source]),
      ],
    );
    const row = rows[0];
    return row ? { alert: toAlert(row), opened: row.id === id } : undefined;
  }

  /** open → acknowledged, with an `acknowledged` timeline item. */
  acknowledge(id: string, by: string, note?: string, at: Instant = Date.now()): Promise<AlertChange> {
    return this.change(id, ['open'], `status = 'acknowledged', acknowledged_at = $2, acknowledged_by = $3`, {
      kind: 'acknowledged',
      at: toIso(at),
      by,
      note,
    });
  }

  /** open or acknowledged → resolved, with a `resolved` timeline item. */
  resolve(
    id: string,
    by: string,
    disposition: Disposition,
    note?: string,
    at: Instant = Date.now(),
  ): Promise<AlertChange> {
    return this.change(
      id,
      ['open', 'acknowledged'],
      `status = 'resolved', resolved_at = $2, resolved_by = $3, disposition = $7`,
      { kind: 'resolved', at: toIso(at), by, note, disposition },
      [disposition],
    );
  }

  private async change(
    id: string,
    from: readonly AlertStatus[],
    set: string,
    item: TimelineItem & { by: string },
    extra: readonly SqlParam[] = [],
  ): Promise<AlertChange> {
    if (item.disposition !== undefined && !DISPOSITIONS.includes(item.disposition)) {
      throw new Error(
        `unknown disposition ${JSON.stringify(item.disposition)}: use ${DISPOSITIONS.join(', ')}`,
      );
    }
    const allowed = from.map((s) => `'${s}'`).join(', ');
    const { rows } = await this.db.query<AlertRow>(
      `WITH upd AS (
         UPDATE alerting.alerts SET ${set}, note = COALESCE($4, note)
         WHERE id = $1 AND status IN (${allowed})
         RETURNING ${alertColumns()}
       ), tl AS (
         INSERT INTO alerting.alert_timeline (alert_id, at, kind, data) SELECT id, $2, $5, $6::jsonb FROM upd
       )
       SELECT * FROM upd`,
      [id, item.at, item.by, item.note ?? null, item.kind, timelineData(item), ...extra],
    );
    const row = rows[0];
    if (row) return { ok: true, alert: toAlert(row) };
    const current = await this.get(id);
    return current
      ? { ok: false, reason: 'wrong_state', status: current.status }
      : { ok: false, reason: 'not_found' };
  }

  async get(id: string): Promise<Alert | undefined> {
    const { rows } = await this.db.query<AlertRow>(
      `SELECT ${alertColumns()} FROM alerting.alerts WHERE id = $1`,
      [id],
    );
    return rows[0] ? toAlert(rows[0]) : undefined;
  }

  /** The unresolved alert with this dedup key, if any (for an all-clear). */
  async findUnresolvedByKey(key: string): Promise<Alert | undefined> {
    const { rows } = await this.db.query<AlertRow>(
      `SELECT ${alertColumns()} FROM alerting.alerts WHERE dedup_key = $1 AND status <> 'resolved'`,
      [key],
    );
    return rows[0] ? toAlert(rows[0]) : undefined;
  }

  /** Newest first (by `openedAt`, then id). */
  async list(query: AlertListQuery): Promise<Alert[]> {
    const p = new SqlParams();
    const where: string[] = [];
    if (query.status !== undefined) where.push(`status = ${p.add(query.status)}`);
    if (query.orgUnit !== undefined) where.push(orgContainsSql(p.add(query.orgUnit)));
    if (query.before !== undefined) where.push(`opened_at < ${p.add(toIso(query.before))}`);
    const limit = p.add(checkLimit(query.limit));
    const { rows } = await this.db.query<AlertRow>(
      `SELECT ${alertColumns()} FROM alerting.alerts ${whereClause(where)} ORDER BY opened_at DESC, id DESC LIMIT ${limit}`,
      p.values,
    );
    return rows.map(toAlert);
  }

  /** Appends a timeline item; false when there is no such alert. */
  async appendTimeline(id: string, item: TimelineItem): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `INSERT INTO alerting.alert_timeline (alert_id, at, kind, data)
       SELECT id, $2, $3, $4::jsonb FROM alerting.alerts WHERE id = $1`,
      [id, toIso(item.at), item.kind, timelineData(item)],
    );
    return rowCount === 1;
  }

  /** The alert's timeline in the order it was written (empty for an unknown id). */
  async timeline(id: string): Promise<TimelineItem[]> {
    // An `action` item shows its action's current result (alerting.alert_actions, migration 008).
    const { rows } = await this.db.query<TimelineRow>(
      `SELECT t.at, t.kind,
         CASE WHEN x.id IS NULL THEN t.data ELSE t.data || jsonb_strip_nulls(jsonb_build_object(
           'result', x.result, 'error', x.error, 'confirmedBy', x.confirmed_by)) END AS data
       FROM alerting.alert_timeline t
       LEFT JOIN alerting.alert_actions x ON t.kind = 'action' AND x.id = t.data->>'action'
       WHERE t.alert_id = $1 ORDER BY t.seq`,
      [id],
    );
    return rows.map(toTimelineItem);
  }

  /** Raises `level` to `level` (school < county < city < province); never lowers it. */
  async setLevel(id: string, level: OrgLevel): Promise<LevelChange> {
    if (!ORG_LEVELS.includes(level))
      throw new Error(`unknown level ${JSON.stringify(level)}: use ${ORG_LEVELS.join(', ')}`);
    const { rows } = await this.db.query<AlertRow>(
      `UPDATE alerting.alerts SET level = $2
       WHERE id = $1 AND array_position(${LEVEL_RANK}, level) < array_position(${LEVEL_RANK}, $2::text)
       RETURNING ${alertColumns()}`,
      [id, level],
    );
    if (rows[0]) return { ok: true, alert: toAlert(rows[0]), raised: true };
    const current = await this.get(id);
    return current ? { ok: true, alert: current, raised: false } : { ok: false, reason: 'not_found' };
  }
}
