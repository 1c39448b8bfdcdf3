import type { Migration } from './migration';

/**
 * 人人参与 (docs/alerting.md "Hazard reports"): hazards reported by people, and the photos of the
 * hazard loop. A report is triaged once: registered as a hazard, merged into one, or dismissed.
 * Photos are files in the PhotoStore (DATA_DIR/photos); a row names the file and what it shows
 * (the report, the hazard, the stage), and its org path so the scope rule applies to it like to
 * every other record.
 */
export const migration006: Migration = {
  version: 6,
  name: 'hazard_reports',
  sql: /* sql */ `
CREATE TABLE alerting.hazard_reports (
  id              text PRIMARY KEY,
  status          text NOT NULL CHECK (status IN ('unverified', 'new', 'registered', 'merged', 'dismissed')),
  channel         text NOT NULL CHECK (channel IN ('account', 'public')),
  category        text NOT NULL,
  description     text NOT NULL,
  building        text,
  floor           text,
  room            text,
  urgent          boolean NOT NULL DEFAULT false,
  reported_by     text NOT NULL,
  contact         text,
  province        text NOT NULL,
  city            text NOT NULL,
  county          text NOT NULL,
  school          text NOT NULL,
  created_at      timestamptz NOT NULL,
  triaged_by      text,
  triaged_at      timestamptz,
  dismiss_reason  text,
  hazard_id       text REFERENCES alerting.hazards (id)
);
CREATE INDEX hazard_reports_school ON alerting.hazard_reports (school, created_at DESC);
CREATE INDEX hazard_reports_county ON alerting.hazard_reports (county, created_at DESC);
CREATE INDEX hazard_reports_reporter ON alerting.hazard_reports (reported_by, created_at DESC);
CREATE INDEX hazard_reports_hazard ON alerting.hazard_reports (hazard_id) WHERE hazard_id IS NOT NULL;

CREATE TABLE alerting.photos (
  id            text PRIMARY KEY,
  seq           bigint GENERATED ALWAYS AS IDENTITY,
  stage         text NOT NULL CHECK (stage IN ('before', 'after', 'acceptance')),
  content_type  text NOT NULL,
  bytes         integer NOT NULL CHECK (bytes > 0),
  storage_key   text NOT NULL,
  by            text NOT NULL,
  at            timestamptz NOT NULL,
  report_id     text REFERENCES alerting.hazard_reports (id),
  hazard_id     text REFERENCES alerting.hazards (id),
  province      text NOT NULL,
  city          text NOT NULL,
  county        text NOT NULL,
  school        text NOT NULL,
  CHECK (report_id IS NOT NULL OR hazard_id IS NOT NULL)
);
CREATE INDEX photos_report ON alerting.photos (report_id) WHERE report_id IS NOT NULL;
CREATE INDEX photos_hazard ON alerting.photos (hazard_id, at) WHERE hazard_id IS NOT NULL;
`,
};
