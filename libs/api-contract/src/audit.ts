/** 审计日志 (docs/alerting.md, "Audit log"). */
export const AUDIT_OUTCOMES = ['ok', 'denied', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** An entry as `GET /api/audit` answers it; `action` is one of the server's closed set. */
export interface AuditEntry {
  /** Insertion order, unique. */
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  ip: string | null;
  outcome: AuditOutcome;
  /** The org unit the target belongs to; null: admins only. */
  org: string | null;
  detail: Record<string, unknown>;
}

/** One page of `GET /api/audit`, newest first; `nextCursor` continues it. */
export interface AuditPage {
  items: AuditEntry[];
  nextCursor: string | null;
}
