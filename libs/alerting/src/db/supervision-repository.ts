import { randomUUID } from 'node:crypto';
import type { OrgLevel, OrgPath } from '@campus/device-protocols';
import type { RollCall, RollCallAnswer, RollCallSchool, Urge, UrgeTarget } from '../domain/supervision';
import type { Database, SqlParam } from './database';
import type { ReportQuery } from './report-repository';
import { checkLimit, orgContainsSql, SqlParams, whereClause } from './sql-params';
import { orNull, toIso, type Instant } from './sql-values';

export interface NewUrge {
  target: UrgeTarget;
  targetId: string;
  subject: string;
  org: OrgPath;
  by: string;
  byOrg: string;
  byLevel: OrgLevel;
  message?: string;
  at: Instant;
}

/** An urge stored, or refused because the same official urged the same target within the interval. */
export type UrgeResult = { ok: true; urge: Urge } | { ok: false; lastAt: string };

export interface NewRollCall {
  startedBy: string;
  startedByOrg: string;
  startedByLevel: OrgLevel;
  startedAt: Instant;
  deadline: Instant;
  schools: readonly OrgPath[];
}

export type AnswerResult =
  | { ok: true; rollCall: RollCall }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'answered'; by: string | null; at: string | null }
  | { ok: false; reason: 'closed'; deadline: string };

/** Per child unit (null: the report's total), for the reports. */
export interface SupervisionCountRow {
  org: string | null;
  urges: number;
  rollCallAnswered: number;
  rollCallMissed: number;
}

interface UrgeRow {
  id: string;
  target_kind: UrgeTarget;
  target_id: string;
  subject: string;
  province: string;
  city: string;
  county: string;
  school: string;
  by: string;
  by_org: string;
  by_level: OrgLevel;
  message: string | null;
  at: string;
  dismissed_by: string | null;
  dismissed_at: string | null;
}

const URGE_COLUMNS = [
  'id',
  'target_kind',
  'target_id',
  'subject',
  'province',
  'city',
  'county',
  'school',
  'by',
  'by_org',
  'by_level',
  'message',
  'at',
  'dismissed_by',
  'dismissed_at',
];
const urgeColumns = (alias = ''): string => URGE_COLUMNS.map((c) => (alias ? `${alias}.${c}` : c)).join(', ');

function toUrge(r: UrgeRow): Urge {
  return {
    id: r.id,
    target: r.target_kind,
    targetId: r.target_id,
    subject: r.subject,
    school: r.school,
    county: r.county,
    city: r.city,
    province: r.province,
    schoolName: null,
    by: r.by,
    byOrg: r.by_org,
    byLevel: r.by_level,
    message: r.message,
    at: r.at,
    dismissedBy: r.dismissed_by,
    dismissedAt: r.dismissed_at,
  };
}

interface RollCallRow {
  id: string;
  started_by: string;
  started_by_org: string;
  started_by_level: OrgLevel;
  started_at: string;
  deadline: string;
  closed_at: string | null;
}

interface RollCallSchoolRow {
  roll_call_id: string;
  school: string;
  county: string;
  status: RollCallAnswer;
  answered_by: string | null;
  answered_at: string | null;
}

const ROLL_CALL_COLUMNS = 'id, started_by, started_by_org, started_by_level, started_at, deadline, closed_at';

function toRollCall(r: RollCallRow, schools: readonly RollCallSchoolRow[]): RollCall {
  return {
    id: r.id,
    startedBy: r.started_by,
    startedByOrg: r.started_by_org,
    startedByLevel: r.started_by_level,
    startedAt: r.started_at,
    deadline: r.deadline,
    closedAt: r.closed_at,
    schools: schools
      .filter((s) => s.roll_call_id === r.id)
      .map((s): RollCallSchool => ({
        school: s.school,
        county: s.county,
        name: null,
        status: s.status,
        answeredBy: s.answered_by,
        answeredAt: s.answered_at,
      })),
  };
}

/**
 * `alerting.urges` (督办) and `alerting.roll_calls` with their schools (在线查岗). The rate limit of
 * urges and the answer-before-deadline rule are conditions of the writing statement itself, so two
 * replicas (or two clicks) cannot both pass them.
 */
export class SupervisionRepository {
  constructor(private readonly db: Database) {}

  /**
   * Stores the urge unless the same official urged the same target after `notBefore` (the rate
   * limit); then answers the time of that last urge.
   */
  async urge(input: NewUrge, notBefore: Instant): Promise<UrgeResult> {
    const { org } = input;
    const { rows } = await this.db.query<UrgeRow>(
      `INSERT INTO alerting.urges (id, target_kind, target_id, subject, province, city, county, school,
         by, by_org, by_level, message, at)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13
       WHERE NOT EXISTS (
         SELECT 1 FROM alerting.urges
         WHERE target_kind = $2 AND target_id = $3 AND by = $9 AND at > $14
       )
       RETURNING ${urgeColumns()}`,
      [
        randomUUID(),
        input.target,
        input.targetId,
        input.subject,
        org.province,
        org.city,
        org.county,
        org.school,
        input.by,
        input.byOrg,
        input.byLevel,
        orNull(input.message),
        toIso(input.at),
        toIso(notBefore),
      ],
    );
    const row = rows[0];
    if (row) return { ok: true, urge: toUrge(row) };
    const last = await this.db.query<{ at: string }>(
      `SELECT max(at) AS at FROM alerting.urges WHERE target_kind = $1 AND target_id = $2 AND by = $3`,
      [input.target, input.targetId, input.by],
    );
    return { ok: false, lastAt: last.rows[0]?.at ?? toIso(input.at) };
  }

  async getUrge(id: string): Promise<Urge | undefined> {
    const { rows } = await this.db.query<UrgeRow>(
      `SELECT ${urgeColumns()} FROM alerting.urges WHERE id = $1`,
      [id],
    );
    return rows[0] ? toUrge(rows[0]) : undefined;
  }

  /** "已知悉": the first dismissal counts; undefined for an unknown id. */
  async dismissUrge(id: string, by: string, at: Instant): Promise<Urge | undefined> {
    const { rows } = await this.db.query<UrgeRow>(
      `UPDATE alerting.urges SET dismissed_by = COALESCE(dismissed_by, $2), dismissed_at = COALESCE(dismissed_at, $3)
       WHERE id = $1 RETURNING ${urgeColumns()}`,
      [id, by, toIso(at)],
    );
    return rows[0] ? toUrge(rows[0]) : undefined;
  }

  /**
   * Urges of schools in `orgUnit`, newest first. `active`: not dismissed, and the alert neither
   * resolved nor acknowledged since the urge (an urge about an alert acknowledged before it still
   * shows), or the hazard not closed.
   */
  async listUrges(query: {
    orgUnit: string;
    active?: boolean;
    target?: { kind: UrgeTarget; id: string };
    limit: number;
  }): Promise<Urge[]> {
    const p = new SqlParams();
    const where = [orgContainsSql(p.add(query.orgUnit), 'u')];
    if (query.target !== undefined) {
      where.push(`u.target_kind = ${p.add(query.target.kind)}`, `u.target_id = ${p.add(query.target.id)}`);
    }
    if (query.active === true) {
      where.push(
        'u.dismissed_at IS NULL',
        `(EXISTS (SELECT 1 FROM alerting.alerts a WHERE u.target_kind = 'alert' AND a.id = u.target_id
            AND a.status <> 'resolved' AND (a.acknowledged_at IS NULL OR a.acknowledged_at < u.at))
          OR EXISTS (SELECT 1 FROM alerting.hazards h WHERE u.target_kind = 'hazard' AND h.id = u.target_id AND h.state <> 'closed'))`,
      );
    }
    const limit = p.add(checkLimit(query.limit));
    const { rows } = await this.db.query<UrgeRow>(
      `SELECT ${urgeColumns('u')} FROM alerting.urges u ${whereClause(where)} ORDER BY u.at DESC, u.id DESC LIMIT ${limit}`,
      p.values,
    );
    return rows.map(toUrge);
  }

  async createRollCall(input: NewRollCall): Promise<RollCall> {
    if (input.schools.length === 0) throw new Error('a roll-call needs at least one school');
    const id = randomUUID();
    const startedAt = toIso(input.startedAt);
    const deadline = toIso(input.deadline);
    if (deadline <= startedAt)
      throw new Error(`a roll-call's deadline ${deadline} must come after its start ${startedAt}`);
    const p = new SqlParams();
    const values = input.schools.map(
      (s) => `(${p.add(id)}, ${p.add(s.school)}, ${p.add(s.county)}, ${p.add(s.city)}, ${p.add(s.province)})`,
    );
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO alerting.roll_calls (${ROLL_CALL_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, NULL)`,
        [id, input.startedBy, input.startedByOrg, input.startedByLevel, startedAt, deadline],
      );
      await tx.query(
        `INSERT INTO alerting.roll_call_schools (roll_call_id, school, county, city, province) VALUES ${values.join(', ')}`,
        p.values,
      );
    });
    const created = await this.getRollCall(id);
    if (created === undefined) throw new Error(`roll-call ${id} was not found right after it was created`);
    return created;
  }

  async getRollCall(id: string): Promise<RollCall | undefined> {
    return (await this.rollCalls(`WHERE r.id = $1`, [id]))[0];
  }

  /** Roll-calls with at least one school in `orgUnit`, newest first; each with all its schools (the service filters). */
  async listRollCalls(query: { orgUnit: string; open?: boolean; limit: number }): Promise<RollCall[]> {
    const p = new SqlParams();
    const where = [
      `EXISTS (SELECT 1 FROM alerting.roll_call_schools s WHERE s.roll_call_id = r.id AND ${orgContainsSql(p.add(query.orgUnit), 's')})`,
    ];
    if (query.open !== undefined) where.push(query.open ? 'r.closed_at IS NULL' : 'r.closed_at IS NOT NULL');
    const limit = p.add(checkLimit(query.limit));
    return this.rollCalls(
      `${whereClause(where)} ORDER BY r.started_at DESC, r.id DESC LIMIT ${limit}`,
      p.values,
    );
  }

  /** The roll-calls `tail` selects (`r` is the table's alias), with their schools. */
  private async rollCalls(tail: string, params: readonly SqlParam[]): Promise<RollCall[]> {
    const { rows } = await this.db.query<RollCallRow>(
      `SELECT ${ROLL_CALL_COLUMNS} FROM alerting.roll_calls r ${tail}`,
      params,
    );
    if (rows.length === 0) return [];
    const schools = await this.db.query<RollCallSchoolRow>(
      `SELECT roll_call_id, school, county, status, answered_by, answered_at FROM alerting.roll_call_schools
       WHERE roll_call_id IN (SELECT r.id FROM alerting.roll_calls r ${tail}) ORDER BY school`,
      params,
    );
    return rows.map((r) => toRollCall(r, schools.rows));
  }

  /** The school answers: only while pending and before the deadline. */
  async answer(id: string, school: string, by: string, at: Instant): Promise<AnswerResult> {
    const when = toIso(at);
    const { rowCount } = await this.db.query(
      `UPDATE alerting.roll_call_schools s SET status = 'answered', answered_by = $3, answered_at = $4
       FROM alerting.roll_calls r
       WHERE s.roll_call_id = $1 AND s.school = $2 AND s.status = 'pending'
         AND r.id = s.roll_call_id AND r.closed_at IS NULL AND r.deadline > $4`,
      [id, school, by, when],
    );
    const rollCall = await this.getRollCall(id);
    const line = rollCall?.schools.find((s) => s.school === school);
    if (rollCall === undefined || line === undefined) return { ok: false, reason: 'not_found' };
    if (rowCount === 1) return { ok: true, rollCall };
    if (line.status === 'answered')
      return { ok: false, reason: 'answered', by: line.answeredBy, at: line.answeredAt };
    return { ok: false, reason: 'closed', deadline: rollCall.deadline };
  }

  /**
   * Closes every roll-call whose deadline is at or before `now`: its pending schools become
   * `missed`. One statement, so of two replicas one closes each roll-call. Answers the ones closed.
   */
  async closeDue(now: Instant): Promise<RollCall[]> {
    const { rows } = await this.db.query<{ id: string }>(
      `WITH due AS (
         UPDATE alerting.roll_calls SET closed_at = $1 WHERE closed_at IS NULL AND deadline <= $1 RETURNING id
       ), missed AS (
         UPDATE alerting.roll_call_schools s SET status = 'missed'
         FROM due WHERE s.roll_call_id = due.id AND s.status = 'pending' RETURNING s.roll_call_id
       )
       SELECT id FROM due`,
      [toIso(now)],
    );
    if (rows.length === 0) return [];
    const closed = await Promise.all(rows.map((r) => this.getRollCall(r.id)));
    return closed.filter((r): r is RollCall => r !== undefined);
  }

  /** The earliest deadline of an open roll-call, if any (the closer's next wake-up). */
  async nextDeadline(): Promise<string | undefined> {
    const { rows } = await this.db.query<{ deadline: string | null }>(
      'SELECT min(deadline) AS deadline FROM alerting.roll_calls WHERE closed_at IS NULL',
    );
    return rows[0]?.deadline ?? undefined;
  }

  /**
   * For the reports: urges sent in [from, to), and roll-call lines of roll-calls started in it,
   * answered and missed, per child unit of `orgUnit` and in total.
   */
  async reportCounts(q: ReportQuery): Promise<SupervisionCountRow[]> {
    const child = q.childLevel;
    const p = new SqlParams();
    const unit = p.add(q.orgUnit);
    const from = p.add(toIso(q.from));
    const to = p.add(toIso(q.to));
    const col = child === null ? 'NULL::text' : child;
    const group = child === null ? '' : `GROUP BY GROUPING SETS ((${child}), ())`;
    const { rows } = await this.db.query<SupervisionCountRow>(
      `WITH facts AS (
         SELECT province, city, county, school, 1 AS urge, 0 AS answered, 0 AS missed
         FROM alerting.urges WHERE ${orgContainsSql(unit)} AND at >= ${from} AND at < ${to}
         UNION ALL
         SELECT s.province, s.city, s.county, s.school, 0,
           CASE WHEN s.status = 'answered' THEN 1 ELSE 0 END, CASE WHEN s.status = 'missed' THEN 1 ELSE 0 END
         FROM alerting.roll_call_schools s JOIN alerting.roll_calls r ON r.id = s.roll_call_id
         WHERE ${orgContainsSql(unit, 's')} AND r.started_at >= ${from} AND r.started_at < ${to}
       )
       SELECT ${col} AS org, count(*) FILTER (WHERE urge = 1) AS urges,
         coalesce(sum(answered), 0) AS "rollCallAnswered", coalesce(sum(missed), 0) AS "rollCallMissed"
       FROM facts ${group}`,
      p.values,
    );
    return rows.map((r) => ({
      org: r.org,
      urges: Number(r.urges),
      rollCallAnswered: Number(r.rollCallAnswered),
      rollCallMissed: Number(r.rollCallMissed),
    }));
  }
}
