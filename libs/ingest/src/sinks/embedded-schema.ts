/**
 * The embedded store's tables, in schema `ts`. Long format: one row per (device, metric, ts) for
 * telemetry, so any metric can be added without DDL. The org tags ride on every row like the
 * InfluxDB tags of docs/operations.md, so reports per school, county, … need no join.
 *
 * The primary keys are what makes writes idempotent: a batch written twice upserts onto the same
 * rows (`INSERT … ON CONFLICT (key) DO UPDATE`), the way InfluxDB overwrites a point with the same
 * series and time.
 */
export const EMBEDDED_SCHEMA_SQL = `
CREATE SCHEMA IF NOT EXISTS ts;

CREATE TABLE IF NOT EXISTS ts.telemetry (
  ts timestamptz NOT NULL,
  device text NOT NULL,
  metric text NOT NULL,
  value double precision NOT NULL,
  province text NOT NULL,
  city text NOT NULL,
  county text NOT NULL,
  school text NOT NULL,
  kind text NOT NULL,
  PRIMARY KEY (device, metric, ts)
);
CREATE INDEX IF NOT EXISTS telemetry_school_ts ON ts.telemetry (school, ts);
CREATE INDEX IF NOT EXISTS telemetry_ts ON ts.telemetry (ts);

CREATE TABLE IF NOT EXISTS ts.events (
  ts timestamptz NOT NULL,
  device text NOT NULL,
  type text NOT NULL,
  data jsonb NOT NULL,
  province text NOT NULL,
  city text NOT NULL,
  county text NOT NULL,
  school text NOT NULL,
  kind text NOT NULL,
  PRIMARY KEY (device, type, ts)
);
CREATE INDEX IF NOT EXISTS events_school_ts ON ts.events (school, ts);
CREATE INDEX IF NOT EXISTS events_device_ts ON ts.events (device, ts);
CREATE INDEX IF NOT EXISTS events_ts ON ts.events (ts);

CREATE TABLE IF NOT EXISTS ts.status (
  ts timestamptz NOT NULL,
  device text NOT NULL,
  online boolean NOT NULL,
  province text NOT NULL,
  city text NOT NULL,
  county text NOT NULL,
  school text NOT NULL,
  kind text NOT NULL,
  PRIMARY KEY (device, ts)
);
CREATE INDEX IF NOT EXISTS status_school_ts ON ts.status (school, ts);
CREATE INDEX IF NOT EXISTS status_ts ON ts.status (ts);
`;

export const EMBEDDED_TABLES = ['telemetry', 'events', 'status'] as const;
export type EmbeddedTable = (typeof EMBEDDED_TABLES)[number];
