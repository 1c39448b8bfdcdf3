import { randomUUID } from 'node:crypto';
import type { OrgLevel } from '@campus/device-protocols';
import type { AttemptChannel, NotificationRecord } from '../domain/notification';
import type { Database } from './database';
import { notificationColumns, toAttempt, type NotificationRow } from './notification-rows';
import { checkLimit, SqlParams } from './sql-params';
import { orNull, toIso, toIsoOrNull, type Instant } from './sql-values';

export interface NewAttempt {
  alertId: string;
  level: OrgLevel;
  channel: AttemptChannel;
  to: string;
  name?: string | null;
  /** Default `pending`. */
  status?: string;
  /** Default 1; a retry passes the failed attempt's + 1 with `retryOf`. */
  attempt?: number;
  /** The failed attempt this retries: its `nextAttemptAt` and claim are cleared in the same statement. */
  retryOf?: string;
  providerSid?: string | null;
  error?: string | null;
  nextAttemptAt?: Instant | null;
  at?: Instant;
}

export interface AttemptResult {
  status: string;
  /** Kept when omitted. */
  providerSid?: string | null;
  error?: string | null;
  /** When to retry (a backoff chosen by the caller); null or omitted: no retry. */
  nextAttemptAt?: Instant | null;
  at?: Instant;
}

/** `alerting.notifications`: every delivery attempt, its provider status and its pending retry. */
export class NotificationRepository {
  constructor(private readonly db: Database) {}

  async record(input: NewAttempt): Promise<NotificationRecord> {
    const at = toIso(input.at ?? Date.now());
    const { rows } = await this.db.query<NotificationRow>(
      `WITH retried AS (
         UPDATE alerting.notifications SET next_attempt_at = NULL, claimed_by = NULL, claimed_until = NULL, updated_at = $12
         WHERE id = $10
       )
       INSERT INTO alerting.notifications (id, alert_id, level, channel, recipient, name, status, provider_sid,
         attempt, retry_of, next_attempt_at, error, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $13, $12, $12)
       RETURNING ${notificationColumns()}`,
      [
        randomUUID(),
        input.alertId,
        input.level,
        input.channel,
        input.to,
        orNull(input.name),
        input.status ?? 'pending',
        orNull(input.providerSid),
        input.attempt ?? 1,
        orNull(input.retryOf),
        toIsoOrNull(input.nextAttemptAt),
        at,
        orNull(input.error),
      ],
    );
    const row = rows[0];
    if (!row) throw new Error(`recording a notification attempt for alert ${input.alertId} returned no row`);
    return toAttempt(row);
  }

  /** Stores the outcome of an attempt; undefined when there is no such attempt. */
  markResult(id: string, result: AttemptResult): Promise<NotificationRecord | undefined> {
    return this.update('id', id, result);
  }

  /** Stores a delivery-status callback's outcome on the attempt with that provider SID. */
  updateByProviderSid(providerSid: string, result: AttemptResult): Promise<NotificationRecord | undefined> {
    return this.update('provider_sid', providerSid, result);
  }

  private async update(
    column: 'id' | 'provider_sid',
    key: string,
    result: AttemptResult,
  ): Promise<NotificationRecord | undefined> {
    const p = new SqlParams();
    const sets = [
      `status = ${p.add(result.status)}`,
      `error = ${p.add(orNull(result.error))}`,
      `next_attempt_at = ${p.add(toIsoOrNull(result.nextAttemptAt))}`,
      `updated_at = ${p.add(toIso(result.at ?? Date.now()))}`,
    ];
    if (result.providerSid !== undefined) sets.push(`provider_sid = ${p.add(result.providerSid)}`);
    const { rows } = await this.db.query<NotificationRow>(
      `UPDATE alerting.notifications SET ${sets.join(', ')} WHERE ${column} = ${p.add(key)}
       RETURNING ${notificationColumns()}`,
      p.values,
    );
    return rows[0] ? toAttempt(rows[0]) : undefined;
  }

  /**
   * Claims up to `limit` attempts due for a retry (`next_attempt_at <= now`, no live claim) for
   * `owner` until `now + leaseMs`, earliest first, with `FOR UPDATE … SKIP LOCKED` like the
   * escalation timers. Recording the retry (`record({ retryOf })`) consumes the claim; if the owner
   * dies first, the lease runs out and another replica claims it.
   */
  async claimRetries(
    now: Instant,
    owner: string,
    limit: number,
    leaseMs = 60_000,
  ): Promise<NotificationRecord[]> {
    if (!Number.isInteger(leaseMs) || leaseMs < 1)
      throw new Error(`leaseMs must be a positive integer, got ${leaseMs}`);
    const at = toIso(now);
    const { rows } = await this.db.query<NotificationRow>(
      `WITH due AS (
         SELECT id FROM alerting.notifications
         WHERE next_attempt_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $1)
         ORDER BY next_attempt_at, id
         LIMIT $4
         FOR UPDATE SKIP LOCKED
       )
       UPDATE alerting.notifications n SET claimed_by = $2, claimed_until = $3
       FROM due WHERE n.id = due.id
       RETURNING ${notificationColumns('n')}`,
      [at, owner, toIso(Date.parse(at) + leaseMs), checkLimit(limit)],
    );
    return rows.map(toAttempt).sort((a, b) => (a.nextAttemptAt ?? '').localeCompare(b.nextAttemptAt ?? ''));
  }

  /** Drops every pending retry of the alert (acknowledged: nobody needs waking any more). */
  async cancelRetries(alertId: string): Promise<number> {
    const { rowCount } = await this.db.query(
      `UPDATE alerting.notifications SET next_attempt_at = NULL, claimed_by = NULL, claimed_until = NULL
       WHERE alert_id = $1 AND next_attempt_at IS NOT NULL`,
      [alertId],
    );
    return rowCount;
  }

  async get(id: string): Promise<NotificationRecord | undefined> {
    const { rows } = await this.db.query<NotificationRow>(
      `SELECT ${notificationColumns()} FROM alerting.notifications WHERE id = $1`,
      [id],
    );
    return rows[0] ? toAttempt(rows[0]) : undefined;
  }

  /** The attempt the provider knows by `providerSid` (a message or call SID). */
  async findByProviderSid(providerSid: string): Promise<NotificationRecord | undefined> {
    const { rows } = await this.db.query<NotificationRow>(
      `SELECT ${notificationColumns()} FROM alerting.notifications WHERE provider_sid = $1`,
      [providerSid],
    );
    return rows[0] ? toAttempt(rows[0]) : undefined;
  }

  /** Every attempt for the alert, oldest first. */
  async listForAlert(alertId: string): Promise<NotificationRecord[]> {
    const { rows } = await this.db.query<NotificationRow>(
      `SELECT ${notificationColumns()} FROM alerting.notifications WHERE alert_id = $1 ORDER BY created_at, attempt, id`,
      [alertId],
    );
    return rows.map(toAttempt);
  }
}
