import type { Migration } from './migration';

/**
 * Linkage (联动, docs/alerting.md "Linkage"): one row per command to a device for an alert, with
 * where it stands. Its timeline item (`kind = 'action'`, `data.action` = the row's id) is written
 * in the same statement and shows the row's current result when read (alert-repository.ts), so the
 * timeline keeps one line per action. `result` moves awaiting_confirmation → sent → acknowledged |
 * failed | timeout, each move a conditional UPDATE so two replicas (or two clicks) confirm once.
 */
export const migration010: Migration = {
  version: 10,
  name: 'alert_actions',
  sql: /* sql */ `
CREATE TABLE alerting.alert_actions (
  id            text PRIMARY KEY,
  alert_id      text NOT NULL REFERENCES alerting.alerts (id) ON DELETE CASCADE,
  device        text NOT NULL,
  device_kind   text,
  command       text NOT NULL,
  params        jsonb NOT NULL DEFAULT '{}'::jsonb,
  result        text NOT NULL CHECK (result IN ('awaiting_confirmation', 'sent', 'acknowledged', 'failed', 'timeout')),
  rule          text,
  requested_by  text NOT NULL,
  confirmed_by  text,
  error         text,
  created_at    timestamptz NOT NULL,
  answered_at   timestamptz
);
CREATE INDEX alert_actions_alert ON alerting.alert_actions (alert_id, created_at);
`,
};
