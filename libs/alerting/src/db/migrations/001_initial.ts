import type { Migration } from './migration';

/**
 * The first schema of the alert service (schema `alerting`). Column names avoid SQL keywords:
 * a notification's `to` is `recipient`, a drill's `from`/`to` are `starts_at`/`ends_at`.
 */
export const migration001: Migration = {
  version: 1,
  name: 'initial',
  sql: /* sql */ `
CREATE TABLE alerting.alerts (
  id                text PRIMARY KEY,
  dedup_key         text NOT NULL,
  rule              text NOT NULL,
  type              text NOT NULL,
  severity          text NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low')),
  status            text NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
  level             text NOT NULL CHECK (level IN ('school', 'county', 'city', 'province')),
  province          text NOT NULL,
  city              text NOT NULL,
  county            text NOT NULL,
  school            text NOT NULL,
  device            text,
  opened_at         timestamptz NOT NULL,
  last_occurred_at  timestamptz NOT NULL,
  occurrences       integer NOT NULL DEFAULT 1,
  acknowledged_at   timestamptz,
  acknowledged_by   text,
  resolved_at       timestamptz,
  resolved_by       text,
  disposition       text CHECK (disposition IN ('genuine', 'false_alarm', 'drill')),
  note              text,
  drill             boolean NOT NULL DEFAULT false,
  panic             boolean NOT NULL DEFAULT false,
  auto_resolvable   boolean NOT NULL DEFAULT true,
  detail            jsonb NOT NULL DEFAULT '{}'::jsonb
);
-- At most one unresolved alert per dedup key: repeats increment occurrences (INSERT … ON CONFLICT).
CREATE UNIQUE INDEX alerts_one_unresolved_per_key ON alerting.alerts (dedup_key) WHERE status <> 'resolved';
CREATE INDEX alerts_opened ON alerting.alerts (opened_at DESC, id DESC);
CREATE INDEX alerts_school ON alerting.alerts (school, opened_at DESC);
CREATE INDEX alerts_county ON alerting.alerts (county, opened_at DESC);
CREATE INDEX alerts_city ON alerting.alerts (city, opened_at DESC);
CREATE INDEX alerts_unresolved ON alerting.alerts (status) WHERE status <> 'resolved';

CREATE TABLE alerting.alert_timeline (
  seq       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  alert_id  text NOT NULL REFERENCES alerting.alerts (id) ON DELETE CASCADE,
  at        timestamptz NOT NULL,
  kind      text NOT NULL,
  data      jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX alert_timeline_alert ON alerting.alert_timeline (alert_id, seq);

-- One row per alert: the durable escalation timer. steps is the policy as it was at opening.
CREATE TABLE alerting.escalations (
  alert_id         text PRIMARY KEY REFERENCES alerting.alerts (id) ON DELETE CASCADE,
  policy           jsonb NOT NULL,
  opened_at        timestamptz NOT NULL,
  next_step_index  integer NOT NULL DEFAULT 0,
  next_step_at     timestamptz,
  done             boolean NOT NULL DEFAULT false,
  claimed_by       text,
  claimed_until    timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (done OR next_step_at IS NOT NULL)
);
CREATE INDEX escalations_due ON alerting.escalations (next_step_at) WHERE NOT done;

-- One row per delivery attempt; a failed attempt with next_attempt_at is due for a retry.
CREATE TABLE alerting.notifications (
  id               text PRIMARY KEY,
  alert_id         text NOT NULL REFERENCES alerting.alerts (id) ON DELETE CASCADE,
  level            text NOT NULL,
  channel          text NOT NULL,
  recipient        text NOT NULL,
  name             text,
  status           text NOT NULL,
  provider_sid     text,
  attempt          integer NOT NULL DEFAULT 1,
  retry_of         text REFERENCES alerting.notifications (id) ON DELETE SET NULL,
  next_attempt_at  timestamptz,
  claimed_by       text,
  claimed_until    timestamptz,
  error            text,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL
);
CREATE INDEX notifications_alert ON alerting.notifications (alert_id, created_at);
CREATE UNIQUE INDEX notifications_provider_sid ON alerting.notifications (provider_sid) WHERE provider_sid IS NOT NULL;
CREATE INDEX notifications_retry_due ON alerting.notifications (next_attempt_at) WHERE next_attempt_at IS NOT NULL;

CREATE TABLE alerting.hazards (
  id              text PRIMARY KEY,
  key             text NOT NULL,
  source          text NOT NULL,
  title           text NOT NULL,
  grade           text NOT NULL CHECK (grade IN ('general', 'major')),
  state           text NOT NULL CHECK (state IN ('registered', 'rectifying', 'awaiting_acceptance', 'closed')),
  province        text NOT NULL,
  city            text NOT NULL,
  county          text NOT NULL,
  school          text NOT NULL,
  device          text,
  owner           text,
  deadline        timestamptz NOT NULL,
  registered_at   timestamptz NOT NULL,
  last_seen_at    timestamptz NOT NULL,
  occurrences     integer NOT NULL DEFAULT 1,
  rectified_by    text,
  rectified_at    timestamptz,
  accepted_by     text,
  closed_at       timestamptz,
  escalated_to    text NOT NULL DEFAULT 'school' CHECK (escalated_to IN ('school', 'county', 'city', 'province')),
  escalated_at    timestamptz,
  detail          jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE UNIQUE INDEX hazards_one_unclosed_per_key ON alerting.hazards (key) WHERE state <> 'closed';
CREATE INDEX hazards_school ON alerting.hazards (school, registered_at DESC);
CREATE INDEX hazards_county ON alerting.hazards (county, registered_at DESC);
CREATE INDEX hazards_open_deadline ON alerting.hazards (deadline) WHERE state <> 'closed';

CREATE TABLE alerting.hazard_events (
  seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  hazard_id   text NOT NULL REFERENCES alerting.hazards (id) ON DELETE CASCADE,
  at          timestamptz NOT NULL,
  from_state  text,
  to_state    text NOT NULL,
  by          text NOT NULL,
  note        text
);
CREATE INDEX hazard_events_hazard ON alerting.hazard_events (hazard_id, seq);

-- 应急演练: alerts of a school (device null) or one device in [starts_at, ends_at) are drills.
CREATE TABLE alerting.drills (
  id          text PRIMARY KEY,
  province    text NOT NULL,
  city        text NOT NULL,
  county      text NOT NULL,
  school      text NOT NULL,
  device      text,
  starts_at   timestamptz NOT NULL,
  ends_at     timestamptz NOT NULL,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL,
  note        text,
  CHECK (ends_at > starts_at)
);
CREATE INDEX drills_school ON alerting.drills (school, ends_at);

-- 风险分级管控: risk points with their LEC assessment (D = L × E × C).
CREATE TABLE alerting.risk_points (
  id          text PRIMARY KEY,
  province    text NOT NULL,
  city        text NOT NULL,
  county      text NOT NULL,
  school      text NOT NULL,
  device      text,
  name        text NOT NULL,
  grade       text NOT NULL CHECK (grade IN ('red', 'orange', 'yellow', 'blue')),
  lec_l       double precision,
  lec_e       double precision,
  lec_c       double precision,
  lec_score   double precision GENERATED ALWAYS AS (lec_l * lec_e * lec_c) STORED,
  measures    text,
  owner       text,
  updated_by  text NOT NULL,
  updated_at  timestamptz NOT NULL
);
CREATE INDEX risk_points_school ON alerting.risk_points (school, name);
CREATE INDEX risk_points_county ON alerting.risk_points (county);
`,
};
