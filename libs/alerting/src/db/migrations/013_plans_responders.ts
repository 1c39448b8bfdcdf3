import type { Migration } from './migration';

/**
 * 应急预案 and responders (docs/alerting.md "Emergency plans"). `plan_steps`: one row per ticked
 * step of an alert's plan (the primary key makes a second tick a no-op, so two guards tick once).
 * `dispatches`: a person sent to the scene, the SHA-256 of their link's token (never the token) and
 * the time of each mark; `dispatch_photos`: their photos, kept in the PhotoStore under `store_key`.
 */
export const migration013: Migration = {
  version: 13,
  name: 'plans_responders',
  sql: /* sql */ `
CREATE TABLE alerting.plan_steps (
  alert_id   text NOT NULL REFERENCES alerting.alerts (id) ON DELETE CASCADE,
  step_id    text NOT NULL,
  plan_id    text NOT NULL,
  done_by    text NOT NULL,
  done_at    timestamptz NOT NULL,
  outcome    jsonb NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (alert_id, step_id)
);
CREATE TABLE alerting.dispatches (
  id             text PRIMARY KEY,
  alert_id       text NOT NULL REFERENCES alerting.alerts (id) ON DELETE CASCADE,
  person         text NOT NULL,
  name           text NOT NULL,
  phone          text NOT NULL,
  token_hash     text NOT NULL UNIQUE,
  state          text NOT NULL CHECK (state IN ('dispatched', 'on_the_way', 'on_site', 'handled')),
  dispatched_by  text NOT NULL,
  dispatched_at  timestamptz NOT NULL,
  on_the_way_at  timestamptz,
  on_site_at     timestamptz,
  handled_at     timestamptz
);
CREATE INDEX dispatches_alert ON alerting.dispatches (alert_id, dispatched_at);
CREATE TABLE alerting.dispatch_photos (
  id           text PRIMARY KEY,
  dispatch_id  text NOT NULL REFERENCES alerting.dispatches (id) ON DELETE CASCADE,
  store_key    text NOT NULL,
  at           timestamptz NOT NULL
);
CREATE INDEX dispatch_photos_dispatch ON alerting.dispatch_photos (dispatch_id, at);
`,
};
