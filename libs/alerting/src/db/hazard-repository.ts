import { randomUUID } from 'node:crypto';
import { ORG_LEVELS, type OrgLevel } from '@campus/device-protocols';
import {
  HAZARD_STATES,
  type Hazard,
  type HazardEvent,
  type HazardState,
  type HazardTrigger,
} from '../domain';
import type { Database } from './database';
import { hazardColumns, toHazard, toHazardEvent, type HazardEventRow, type HazardRow } from './hazard-rows';
import { checkLimit, orgContainsSql, SqlParams, whereClause } from './sql-params';
import { orNull, toIso, type Instant } from './sql-values';

export type HazardChange =
  | { ok: true; hazard: Hazard }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'wrong_state'; state: HazardState };

export interface HazardTransition {
  /** The state the caller saw: the change applies only if the hazard is still in it. */
  from: HazardState;
  to: HazardState;
  by: string;
  note?: string;
  /** Sets the responsible person (kept when omitted). */
  owner?: string;
  at?: Instant;
}

export interface HazardListQuery {
  /** Any org code: only hazards of schools it contains. */
  orgUnit: string;
  state?: HazardState;
  /** true: unclosed and past the deadline; false: the others. */
  overdue?: boolean;
  /** The clock for `overdue` (default now). */
  now?: Instant;
  /** Default 500. */
  limit?: number;
}

/** What the target state stamps on the row (who rectified, who accepted, when). */
const STAMPS: Record<HazardState, string> = {
  registered: '',
  rectifying: ', rectified_by = NULL, rectified_at = NULL',
  awaiting_acceptance: ', rectified_by = $4, rectified_at = $5',
  closed: ', accepted_by = $4, closed_at = $5',
};

/**
 * `alerting.hazards` and their workflow history `alerting.hazard_events` (隐患排查治理). Stores and
 * fetches; who may move a hazard where is the hazard service's business.
 */
export class HazardRepository {
  constructor(private readonly db: Database) {}

  /**
   * Registers a hazard for the trigger, or — when an unclosed hazard with the same key exists —
   * touches it (`lastSeenAt`, `occurrences`). One `INSERT … ON CONFLICT`, race-safe like alerts.
   * The registration event is by `registeredBy` (a person, e.g. an inspector), else by the source.
   */
  async registerOrTouch(
    trigger: HazardTrigger,
    deadline: Instant,
    registeredBy?: string,
  ): Promise<{ hazard: Hazard; registered: boolean }> {
    const id = randomUUID();
    const at = toIso(trigger.at);
    const { org } = trigger;
    const { rows } = await this.db.query<HazardRow>(
      `WITH up AS (
         INSERT INTO alerting.hazards AS h (id, key, source, title, grade, state, province, city, county, school,
           device, deadline, registered_at, last_seen_at, occurrences, detail)
         VALUES ($1, $2, $3, $4, $5, 'registered', $6, $7, $8, $9, $10, $11, $12, $12, 1, $13::jsonb)
         ON CONFLICT (key) WHERE state <> 'closed' DO UPDATE
           SET last_seen_at = GREATEST(h.last_seen_at, EXCLUDED.last_seen_at), occurrences = h.occurrences + 1
         RETURNING h.*
       ), ev AS (
         INSERT INTO alerting.hazard_events (hazard_id, at, from_state, to_state, by)
         SELECT id, $12, NULL, 'registered', COALESCE($14::text, $3) FROM up WHERE id = $1
       )
       SELECT ${hazardColumns('$12')} FROM up`,
      [
        id,
        trigger.key,
        trigger.source,
        trigger.title,
        trigger.grade,
        org.province,
        org.city,
        org.county,
        org.school,
        trigger.device,
        toIso(deadline),
        at,
        JSON.stringify(trigger.detail),
        registeredBy ?? null,
      ],
    );
    const row = rows[0];
    if (!row) throw new Error(`registering hazard ${trigger.key} returned no row`);
    return { hazard: toHazard(row), registered: row.id === id };
  }

  /**
   * Moves the hazard `from` → `to` if it is still in `from` (optimistic check), stamping
   * rectified/accepted/closed by the target state and appending a `hazard_events` row.
   */
  async transition(id: string, change: HazardTransition): Promise<HazardChange> {
    for (const state of [change.from, change.to]) {
      if (!HAZARD_STATES.includes(state))
        throw new Error(`unknown hazard state ${JSON.stringify(state)}: use ${HAZARD_STATES.join(', ')}`);
    }
    const at = toIso(change.at ?? Date.now());
    const { rows } = await this.db.query<HazardRow>(
      `WITH upd AS (
         UPDATE alerting.hazards SET state = $3, owner = COALESCE($6, owner)${STAMPS[change.to]}
         WHERE id = $1 AND state = $2
         RETURNING *
       ), ev AS (
         INSERT INTO alerting.hazard_events (hazard_id, at, from_state, to_state, by, note)
         SELECT id, $5, $2, $3, $4, $7 FROM upd
       )
       SELECT ${hazardColumns('$5')} FROM upd`,
      [id, change.from, change.to, change.by, at, orNull(change.owner), orNull(change.note)],
    );
    if (rows[0]) return { ok: true, hazard: toHazard(rows[0]) };
    const current = await this.get(id);
    return current
      ? { ok: false, reason: 'wrong_state', state: current.state }
      : { ok: false, reason: 'not_found' };
  }

  async get(id: string, now: Instant = Date.now()): Promise<Hazard | undefined> {
    const { rows } = await this.db.query<HazardRow>(
      `SELECT ${hazardColumns('$2')} FROM alerting.hazards WHERE id = $1`,
      [id, toIso(now)],
    );
    return rows[0] ? toHazard(rows[0]) : undefined;
  }

  /** Newest registration first. */
  async list(query: HazardListQuery): Promise<Hazard[]> {
    const p = new SqlParams();
    const now = p.add(toIso(query.now ?? Date.now()));
    const where = [orgContainsSql(p.add(query.orgUnit))];
    if (query.state !== undefined) where.push(`state = ${p.add(query.state)}`);
    if (query.overdue !== undefined) {
      where.push(`${query.overdue ? '' : 'NOT '}(state <> 'closed' AND deadline <= ${now}::timestamptz)`);
    }
    const limit = p.add(checkLimit(query.limit ?? 500));
    const { rows } = await this.db.query<HazardRow>(
      `SELECT ${hazardColumns(now)} FROM alerting.hazards ${whereClause(where)}
       ORDER BY registered_at DESC, id DESC LIMIT ${limit}`,
      p.values,
    );
    return rows.map(toHazard);
  }

  /** The workflow history, registration first. */
  async events(id: string): Promise<HazardEvent[]> {
    const { rows } = await this.db.query<HazardEventRow>(
      'SELECT hazard_id, at, from_state, to_state, by, note FROM alerting.hazard_events WHERE hazard_id = $1 ORDER BY seq',
      [id],
    );
    return rows.map(toHazardEvent);
  }

  /**
   * Unclosed hazards past their deadline that have not escalated yet (`escalatedAt` null) or, with
   * `repeatAfterMs`, whose last escalation is at least that old — and have not reached `province`.
   * Oldest deadline first. Record an escalation with {@link markEscalated} before notifying.
   */
  async dueForOverdueEscalation(now: Instant, repeatAfterMs?: number, limit = 100): Promise<Hazard[]> {
    const at = toIso(now);
    const p = new SqlParams();
    const nowParam = p.add(at);
    const repeat =
      repeatAfterMs === undefined
        ? ''
        : ` OR escalated_at <= ${p.add(toIso(Date.parse(at) - repeatAfterMs))}::timestamptz`;
    const { rows } = await this.db.query<HazardRow>(
      `SELECT ${hazardColumns(nowParam)} FROM alerting.hazards
       WHERE state <> 'closed' AND deadline <= ${nowParam}::timestamptz AND escalated_to <> 'province'
         AND (escalated_at IS NULL${repeat})
       ORDER BY deadline, id LIMIT ${p.add(checkLimit(limit))}`,
      p.values,
    );
    return rows.map(toHazard);
  }

  /**
   * Records that the overdue escalation reached `to`, if it was still at `from` (so of two replicas
   * only one wins and notifies). False when another replica got there first or there is no such hazard.
   */
  async markEscalated(id: string, from: OrgLevel, to: OrgLevel, at: Instant = Date.now()): Promise<boolean> {
    for (const level of [from, to]) {
      if (!ORG_LEVELS.includes(level))
        throw new Error(`unknown level ${JSON.stringify(level)}: use ${ORG_LEVELS.join(', ')}`);
    }
    const { rowCount } = await this.db.query(
      `UPDATE alerting.hazards SET escalated_to = $3, escalated_at = $4 WHERE id = $1 AND escalated_to = $2 AND state <> 'closed'`,
      [id, from, to, toIso(at)],
    );
    return rowCount === 1;
  }
}
