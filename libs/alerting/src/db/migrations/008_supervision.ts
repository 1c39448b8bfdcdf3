import type { Migration } from './migration';

/**
 * 督办 and 在线查岗 (docs/alerting.md "Supervision"). An urge is one row per official's urge of
 * an alert or a hazard (the rate limit reads the official's last one); the school's "已知悉"
 * fills `dismissed_*`. A roll-call stores its deadline, so a restart closes a roll-call that came
 * due meanwhile: its unanswered schools become `missed`.
 */
export const migration008: Migration = {
  version: 8,
  name: 'supervision',
  sql: /* sql */ `
CREATE TABLE alerting.urges (
  id            text PRIMARY KEY,
  target_kind   text NOT NULL CHECK (target_kind IN ('alert', 'hazard')),
  target_id     text NOT NULL,
  subject       text NOT NULL,
  province      text NOT NULL,
  city          text NOT NULL,
  county        text NOT NULL,
  school        text NOT NULL,
  by            text NOT NULL,
  by_org        text NOT NULL,
  by_level      text NOT NULL,
  message       text,
  at            timestamptz NOT NULL,
  dismissed_by  text,
  dismissed_at  timestamptz
);
CREATE INDEX urges_target ON alerting.urges (target_kind, target_id, by, at DESC);
CREATE INDEX urges_school ON alerting.urges (school, at DESC);
CREATE INDEX urges_county ON alerting.urges (county, at);

CREATE TABLE alerting.roll_calls (
  id                text PRIMARY KEY,
  started_by        text NOT NULL,
  started_by_org    text NOT NULL,
  started_by_level  text NOT NULL,
  started_at        timestamptz NOT NULL,
  deadline          timestamptz NOT NULL,
  closed_at         timestamptz,
  CHECK (deadline > started_at)
);
CREATE INDEX roll_calls_open ON alerting.roll_calls (deadline) WHERE closed_at IS NULL;
CREATE INDEX roll_calls_started ON alerting.roll_calls (started_at DESC);

CREATE TABLE alerting.roll_call_schools (
  roll_call_id  text NOT NULL REFERENCES alerting.roll_calls (id) ON DELETE CASCADE,
  school        text NOT NULL,
  county        text NOT NULL,
  city          text NOT NULL,
  province      text NOT NULL,
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'answered', 'missed')),
  answered_by   text,
  answered_at   timestamptz,
  PRIMARY KEY (roll_call_id, school)
);
CREATE INDEX roll_call_schools_school ON alerting.roll_call_schools (school);
CREATE INDEX roll_call_schools_county ON alerting.roll_call_schools (county);
`,
};
