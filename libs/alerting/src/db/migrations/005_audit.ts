import type { Migration } from './migration';

/**
 * The audit log (审计日志): who did what, to what, from where, and whether it was allowed. One row
 * per entry; `org` is the org unit the target belongs to and `province` … `school` its path (the
 * levels below the unit's own are null), so an official's query is the usual "unit contains the
 * row" condition. Entries without an org unit (`org` null) are read by admins only.
 *
 * Append-only: the code has no UPDATE or DELETE path, and the database refuses both (and TRUNCATE)
 * with a trigger, on PGlite and PostgreSQL alike. SQLSTATE 42501 (insufficient_privilege).
 * Archiving old entries is an operator's job (docs/alerting.md, "Audit log").
 */
export const migration005: Migration = {
  version: 5,
  name: 'audit',
  sql: /* sql */ `
CREATE TABLE alerting.audit_log (
  seq       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at        timestamptz NOT NULL,
  actor     text NOT NULL,
  action    text NOT NULL CHECK (action ~ '^[a-z_]+(\\.[a-z_]+)+$'),
  target    text,
  ip        text,
  outcome   text NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed')),
  org       text,
  province  text,
  city      text,
  county    text,
  school    text,
  detail    jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_at ON alerting.audit_log (at DESC, seq DESC);
CREATE INDEX audit_log_actor ON alerting.audit_log (actor, at DESC);
CREATE INDEX audit_log_target ON alerting.audit_log (target, at DESC);
CREATE INDEX audit_log_county ON alerting.audit_log (county, at DESC);
CREATE INDEX audit_log_school ON alerting.audit_log (school, at DESC);

CREATE FUNCTION alerting.audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'alerting.audit_log is append-only: % refused', TG_OP
    USING ERRCODE = '42501',
          HINT = 'audit entries are never changed or removed; see docs/alerting.md (Audit log) for archiving';
END
$fn$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON alerting.audit_log
  FOR EACH ROW EXECUTE FUNCTION alerting.audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON alerting.audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION alerting.audit_log_append_only();
`,
};
