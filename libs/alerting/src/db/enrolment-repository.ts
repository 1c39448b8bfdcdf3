import type { Database } from './database';
import { toIso, type Instant } from './sql-values';

/** An issued enrolment code (only its hash is stored). */
export interface NewEnrolment {
  codeHash: string;
  device: string;
  school: string;
  issuedBy: { username: string; role: string; org: string };
  issuedAt: Instant;
  expiresAt: Instant;
}

/** An enrolment taken by `take`: who issued it, for which device. */
export interface TakenEnrolment {
  device: string;
  school: string;
  issuedBy: { username: string; role: string; org: string };
}

/** `alerting.device_enrolments` (migration 014): one-time device enrolment codes. */
export class EnrolmentRepository {
  constructor(private readonly db: Database) {}

  /** Stores a new code; the device's earlier unused codes stop working (one code per device at a time). */
  async issue(e: NewEnrolment): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM alerting.device_enrolments WHERE device = $1 AND used_at IS NULL', [
        e.device,
      ]);
      await tx.query(
        `INSERT INTO alerting.device_enrolments
           (code_hash, device, school, issued_by, issuer_role, issuer_org, issued_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          e.codeHash,
          e.device,
          e.school,
          e.issuedBy.username,
          e.issuedBy.role,
          e.issuedBy.org,
          toIso(e.issuedAt),
          toIso(e.expiresAt),
        ],
      );
    });
  }

  /** Marks the code used if it is unused and unexpired at `at`; undefined otherwise (once only, across replicas). */
  async take(codeHash: string, at: Instant): Promise<TakenEnrolment | undefined> {
    const { rows } = await this.db.query<{
      device: string;
      school: string;
      issued_by: string;
      issuer_role: string;
      issuer_org: string;
    }>(
      `UPDATE alerting.device_enrolments SET used_at = $2::timestamptz
        WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2::timestamptz
        RETURNING device, school, issued_by, issuer_role, issuer_org`,
      [codeHash, toIso(at)],
    );
    const r = rows[0];
    return r === undefined
      ? undefined
      : {
          device: r.device,
          school: r.school,
          issuedBy: { username: r.issued_by, role: r.issuer_role, org: r.issuer_org },
        };
  }
}
