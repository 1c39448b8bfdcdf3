import type { EscalationStep } from '@campus/device-protocols';
import type { Database } from './database';
import type { Escalation } from '../domain/escalation';
import { ESCALATION_COLUMNS, toEscalation, type EscalationRow } from './escalation-rows';
import { checkLimit } from './sql-params';
import { toIso, toIsoOrNull, type Instant } from './sql-values';

function checkLease(leaseMs: number): number {
  if (!Number.isInteger(leaseMs) || leaseMs < 1) {
    throw new Error(`leaseMs must be a positive integer (milliseconds), got ${leaseMs}`);
  }
  return leaseMs;
}

/**
 * `alerting.escalations`: one durable timer row per alert (`next_step_at`), claimed by one
 * scheduler at a time with a lease. A replica that crashes after claiming loses its claim when
 * `claimed_until` passes, and another replica picks the step up; a step is advanced only by the
 * replica that still holds the claim, so it is never run twice by two live replicas.
 */
export class EscalationRepository {
  constructor(private readonly db: Database) {}

  /**
   * Stores the policy snapshot and the first step's due time (`openedAt + steps[0].afterSeconds`).
   * Idempotent: an alert that already has a row keeps it (false is returned). No steps: done at once.
   */
  async schedule(alertId: string, steps: readonly EscalationStep[], openedAt: Instant): Promise<boolean> {
    const opened = toIso(openedAt);
    const first = steps[0];
    const nextAt = first ? toIso(Date.parse(opened) + first.afterSeconds * 1000) : null;
    const { rowCount } = await this.db.query(
      `INSERT INTO alerting.escalations (alert_id, policy, opened_at, next_step_index, next_step_at, done, updated_at)
       VALUES ($1, $2::jsonb, $3, 0, $4, $5, now())
       ON CONFLICT (alert_id) DO NOTHING`,
      [alertId, JSON.stringify(steps), opened, nextAt, first === undefined],
    );
    return rowCount === 1;
  }

  async get(alertId: string): Promise<Escalation | undefined> {
    const { rows } = await this.db.query<EscalationRow>(
      `SELECT ${ESCALATION_COLUMNS} FROM alerting.escalations e JOIN alerting.alerts a ON a.id = e.alert_id
       WHERE e.alert_id = $1`,
      [alertId],
    );
    return rows[0] ? toEscalation(rows[0]) : undefined;
  }

  /**
   * Claims up to `limit` due timers for `owner` until `now + leaseMs`: not done, `next_step_at <=
   * now`, the alert still `open`, and not under another live claim (`claimed_until` unset or past).
   * Earliest due first. On PostgreSQL the rows are locked with `FOR UPDATE … SKIP LOCKED` in the
   * same statement that stamps the claim, so concurrent replicas claim disjoint rows without waiting.
   */
  async claimDue(now: Instant, owner: string, limit: number, leaseMs: number): Promise<Escalation[]> {
    const at = toIso(now);
    const until = toIso(Date.parse(at) + checkLease(leaseMs));
    const { rows } = await this.db.query<EscalationRow>(
      `WITH due AS (
         SELECT e.alert_id FROM alerting.escalations e JOIN alerting.alerts a ON a.id = e.alert_id
         WHERE NOT e.done AND e.next_step_at <= $1 AND a.status = 'open'
           AND (e.claimed_until IS NULL OR e.claimed_until <= $1)
         ORDER BY e.next_step_at, e.alert_id
         LIMIT $4
         FOR UPDATE OF e SKIP LOCKED
       )
       UPDATE alerting.escalations e SET claimed_by = $2, claimed_until = $3, updated_at = now()
       FROM due JOIN alerting.alerts a ON a.id = due.alert_id
       WHERE e.alert_id = due.alert_id
       RETURNING ${ESCALATION_COLUMNS}`,
      [at, owner, until, checkLimit(limit)],
    );
    return rows.map(toEscalation).sort((a, b) => (a.nextStepAt ?? '').localeCompare(b.nextStepAt ?? ''));
  }

  /**
   * Records that the claimed step ran: the next one is `nextStepIndex` due at `nextStepAt`, or
   * none (`null`: done). Releases the claim. False — and nothing changes — when `owner` no longer
   * holds the claim (it expired and another replica took it, or the alert was cancelled).
   */
  async advance(
    alertId: string,
    owner: string,
    nextStepIndex: number,
    nextStepAt: Instant | null,
  ): Promise<boolean> {
    const next = toIsoOrNull(nextStepAt);
    const { rowCount } = await this.db.query(
      `UPDATE alerting.escalations
       SET next_step_index = $3, next_step_at = $4, done = $5, claimed_by = NULL, claimed_until = NULL, updated_at = now()
       WHERE alert_id = $1 AND claimed_by = $2 AND NOT done`,
      [alertId, owner, nextStepIndex, next, next === null],
    );
    return rowCount === 1;
  }

  /** Gives a claim back without running the step (it becomes due again at once). */
  async release(alertId: string, owner: string): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE alerting.escalations SET claimed_by = NULL, claimed_until = NULL, updated_at = now()
       WHERE alert_id = $1 AND claimed_by = $2`,
      [alertId, owner],
    );
    return rowCount === 1;
  }

  /** Stops the alert's escalation (acknowledged or resolved); false if there was none running. */
  async cancel(alertId: string): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE alerting.escalations SET done = true, next_step_at = NULL, claimed_by = NULL, claimed_until = NULL,
         updated_at = now()
       WHERE alert_id = $1 AND NOT done`,
      [alertId],
    );
    return rowCount === 1;
  }

  /**
   * When the next timer becomes claimable (its due time, or the end of a live claim on it), for the
   * scheduler to sleep exactly until then; undefined when nothing is pending. Only timers of open
   * alerts count, like in {@link claimDue}, so a timer whose cancel was missed never keeps the
   * scheduler spinning.
   */
  async nextDueAt(): Promise<string | undefined> {
    const { rows } = await this.db.query<{ at: string | null }>(
      `SELECT min(GREATEST(e.next_step_at, COALESCE(e.claimed_until, e.next_step_at))) AS at
       FROM alerting.escalations e JOIN alerting.alerts a ON a.id = e.alert_id
       WHERE NOT e.done AND a.status = 'open'`,
    );
    return rows[0]?.at ?? undefined;
  }
}
