import type { Migration } from './migration';

/**
 * 线上督查: an inspection of one school by a county/city/province officer. `checklist` is the
 * list of items (automatic ones computed from live data when the inspection starts, manual ones
 * ticked by the inspector); findings become hazards at the school (`hazard_id`).
 */
export const migration003: Migration = {
  version: 3,
  name: 'inspections',
  sql: /* sql */ `
CREATE TABLE alerting.inspections (
  id              text PRIMARY KEY,
  province        text NOT NULL,
  city            text NOT NULL,
  county          text NOT NULL,
  school          text NOT NULL,
  inspector       text NOT NULL,
  inspector_org   text NOT NULL,
  status          text NOT NULL CHECK (status IN ('in_progress', 'completed')),
  started_at      timestamptz NOT NULL,
  completed_at    timestamptz,
  checklist       jsonb NOT NULL DEFAULT '[]'::jsonb,
  conclusion      text
);
CREATE INDEX inspections_school ON alerting.inspections (school, started_at DESC);
CREATE INDEX inspections_county ON alerting.inspections (county, started_at DESC);

CREATE TABLE alerting.inspection_findings (
  id             text PRIMARY KEY,
  inspection_id  text NOT NULL REFERENCES alerting.inspections (id) ON DELETE CASCADE,
  item_key       text,
  title          text NOT NULL,
  grade          text NOT NULL CHECK (grade IN ('general', 'major')),
  deadline       timestamptz NOT NULL,
  note           text,
  hazard_id      text NOT NULL REFERENCES alerting.hazards (id),
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL
);
CREATE INDEX inspection_findings_inspection ON alerting.inspection_findings (inspection_id, created_at);
`,
};
