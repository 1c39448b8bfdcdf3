import type { Migration } from './migration';

/**
 * Video verification (视频复核, docs/alerting.md): the pictures fetched from the cameras covering an
 * alert's place when it opened. One row per fetched file (`key` in the PhotoStore), or per camera
 * that could not be reached (`key` null, `error` the reason) so a missing picture is explained,
 * never a hole. Deleted with the alert.
 */
export const migration012: Migration = {
  version: 12,
  name: 'alert_media',
  sql: /* sql */ `
CREATE TABLE alerting.alert_media (
  id            text PRIMARY KEY,
  alert_id      text NOT NULL REFERENCES alerting.alerts (id) ON DELETE CASCADE,
  camera        text NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('snapshot', 'clip')),
  content_type  text,
  size          integer,
  key           text,
  fetched_at    timestamptz NOT NULL,
  error         text,
  CHECK ((key IS NULL) = (error IS NOT NULL))
);
CREATE INDEX alert_media_alert ON alerting.alert_media (alert_id, fetched_at);
`,
};
