import type { Migration } from './migration';

/**
 * The uplink messages already counted, per alert key: an edge gateway forwards at least once (a
 * batch in flight when its link dropped is sent again, with the same gateway-assigned ids), and a
 * replica that dies before acknowledging leaves its message to another. A row here is written in
 * the same statement as the occurrence it counts, so a message raises an alert's `occurrences` once
 * however often it arrives (docs/operations.md, "Edge gateways and the central broker"). Rows are
 * purged after two days; a redelivery is a matter of seconds to hours.
 */
export const migration007: Migration = {
  version: 7,
  name: 'trigger_sources',
  sql: /* sql */ `
CREATE TABLE alerting.trigger_sources (
  source     text NOT NULL,
  dedup_key  text NOT NULL,
  at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source, dedup_key)
);
CREATE INDEX trigger_sources_at ON alerting.trigger_sources (at);
`,
};
