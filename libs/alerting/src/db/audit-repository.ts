import type { Database, SqlParam } from './database';
import { checkLimit, orgContainsSql, SqlParams, whereClause } from './sql-params';
import { toIso, toJson, type Instant } from './sql-values';
import type { AuditAction, AuditEntry, AuditOutcome } from '../domain/audit';

/** The path of an entry's org unit: the codes from the province down to the unit's level. */
export interface AuditOrgPath {
  province?: string;
  city?: string;
  county?: string;
  school?: string;
}

export interface NewAuditEntry {
  at: Instant;
  actor: string;
  action: AuditAction;
  target: string | null;
  ip: string | null;
  outcome: AuditOutcome;
  org: string | null;
  path: AuditOrgPath;
  detail: Record<string, unknown>;
}

/** Where a page ends: the next page starts after this entry (newest first). */
export interface AuditCursor {
  at: string;
  seq: number;
}

export interface AuditQuery {
  /** Entries whose org unit lies within this unit (itself or below); undefined: every entry (admins). */
  orgUnit?: string;
  /** [from, to) */
  from?: Instant;
  to?: Instant;
  actor?: string;
  /** Exact action names (any of them). */
  actions?: readonly AuditAction[];
  target?: string;
  outcome?: AuditOutcome;
  /** Entries older than this one (the previous page's last). */
  after?: AuditCursor;
  /** 1 … 10,001 (a page of 10,000 and one to tell whether more follow); default 100. */
  limit?: number;
}

interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  ip: string | null;
  outcome: string;
  org: string | null;
  detail: Record<string, unknown>;
}

const COLUMNS = 'seq, at, actor, action, target, ip, outcome, org, detail';
export const AUDIT_MAX_LIMIT = 10_000;

const toEntry = (r: AuditRow): AuditEntry => ({
  seq: r.seq,
  at: r.at,
  actor: r.actor,
  action: r.action as AuditAction,
  target: r.target,
  ip: r.ip,
  outcome: r.outcome as AuditOutcome,
  org: r.org,
  detail: r.detail,
});

/**
 * `alerting.audit_log`: append and read, nothing else. There is deliberately no update or delete
 * here, and the database refuses both (migration 005).
 */
export class AuditRepository {
  constructor(private readonly db: Database) {}

  async append(entry: NewAuditEntry): Promise<AuditEntry> {
    const [row] = await this.appendMany([entry]);
    if (!row) throw new Error(`recording the audit entry ${entry.action} by ${entry.actor} returned no row`);
    return row;
  }

  /**
   * Appends entries in one statement, in order (their `seq` ascending as given): a burst of
   * entries — a storm of failed logins — costs the database one round instead of one each.
   */
  async appendMany(entries: readonly NewAuditEntry[]): Promise<AuditEntry[]> {
    if (entries.length === 0) return [];
    const values: SqlParam[] = [];
    const tuples = entries.map((entry) => {
      const base = values.length;
      values.push(
        toIso(entry.at),
        entry.actor,
        entry.action,
        entry.target,
        entry.ip,
        entry.outcome,
        entry.org,
        entry.path.province ?? null,
        entry.path.city ?? null,
        entry.path.county ?? null,
        entry.path.school ?? null,
        toJson(entry.detail),
      );
      const p = (i: number) => `$${base + i}`;
      return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}, ${p(9)}, ${p(10)}, ${p(11)}, ${p(12)}::jsonb)`;
    });
    const { rows } = await this.db.query<AuditRow>(
      `INSERT INTO alerting.audit_log (at, actor, action, target, ip, outcome, org, province, city, county, school, detail)
       VALUES ${tuples.join(', ')} RETURNING ${COLUMNS}`,
      values,
    );
    return rows.map(toEntry).sort((a, b) => a.seq - b.seq);
  }

  /** Newest first (by `at`, then insertion order). */
  async query(query: AuditQuery = {}): Promise<AuditEntry[]> {
    const p = new SqlParams();
    const where: string[] = [];
    if (query.orgUnit !== undefined) where.push(orgContainsSql(p.add(query.orgUnit)));
    if (query.from !== undefined) where.push(`at >= ${p.add(toIso(query.from))}::timestamptz`);
    if (query.to !== undefined) where.push(`at < ${p.add(toIso(query.to))}::timestamptz`);
    if (query.actor !== undefined) where.push(`actor = ${p.add(query.actor)}`);
    if (query.actions !== undefined) {
      if (query.actions.length === 0) return [];
      where.push(`action IN (${query.actions.map((a) => p.add(a)).join(', ')})`);
    }
    if (query.target !== undefined) where.push(`target = ${p.add(query.target)}`);
    if (query.outcome !== undefined) where.push(`outcome = ${p.add(query.outcome)}`);
    if (query.after !== undefined) {
      where.push(
        `(at, seq) < (${p.add(toIso(query.after.at))}::timestamptz, ${p.add(query.after.seq)}::bigint)`,
      );
    }
    const { rows } = await this.db.query<AuditRow>(
      `SELECT ${COLUMNS} FROM alerting.audit_log ${whereClause(where)}
       ORDER BY at DESC, seq DESC LIMIT ${p.add(checkLimit(query.limit ?? 100, AUDIT_MAX_LIMIT + 1))}`,
      p.values,
    );
    return rows.map(toEntry);
  }
}
