import type { AuditAction, AuditOutcome } from '../domain/audit';

/** One entry to record. Only `action` and `actor` are required. */
export interface AuditRecord {
  action: AuditAction;
  /** A username, a device id, or `system`. */
  actor: string;
  /** What was acted on, `kind:id` (`alert:…`, `hazard:…`, `drill:…`, `user:yanta`), or a request line for `access.denied`. */
  target?: string | null;
  /** The client's address (`req.ip`: the socket's, or X-Forwarded-For's under Express's trust proxy). */
  ip?: string | null;
  /** Default `ok`. */
  outcome?: AuditOutcome;
  /**
   * The org unit code the target belongs to (an alert's school, a user's unit): officials read the
   * entries of their unit and below; null or unknown: admins only.
   */
  org?: string | null;
  /**
   * A little JSON that explains the entry (a hazard's from/to, the fields a risk-point edit changed).
   * Never secrets: no passwords, tokens or phone numbers. Cut to 4 KiB.
   */
  detail?: Record<string, unknown>;
  /** Default now. */
  at?: number | Date | string;
}

/**
 * Where audit entries go. `record` never rejects: a failed write is logged and counted, and the
 * caller's action goes on (docs/alerting.md, "Audit log", explains why). Await it so the entry is
 * readable when the request answers.
 */
export interface AuditSink {
  record(entry: AuditRecord): Promise<void>;
}

/**
 * Nest token of the AuditSink (the AuditLog service), provided by the global AuditModule. In a
 * part that may run without it (AuthModule in a bare test app): `@Optional() @Inject(AUDIT_SINK)`.
 */
export const AUDIT_SINK = Symbol('AUDIT_SINK');
