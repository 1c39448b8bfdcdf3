import type { Migration } from './migration';

/**
 * Live device state for the dashboard and inspections, kept by the alert service from the uplink
 * (so it works in every mode, with or without a time-series store the service can read).
 * `device_event_days` counts events per device, type and local day (province timezone): patrol
 * check-ins, one-key alarm tests, gate events — what an inspection's checklist reads.
 * `low_battery_at`: the last `low_battery` event not yet followed by a battery reading above 20.
 */
export const migration002: Migration = {
  version: 2,
  name: 'device_state',
  sql: /* sql */ `
CREATE TABLE alerting.device_state (
  device             text PRIMARY KEY,
  province           text NOT NULL,
  city               text NOT NULL,
  county             text NOT NULL,
  school             text NOT NULL,
  kind               text NOT NULL,
  online             boolean,
  online_changed_at  timestamptz,
  last_seen_at       timestamptz,
  battery            double precision,
  battery_at         timestamptz,
  low_battery_at     timestamptz,
  faulty             boolean NOT NULL DEFAULT false,
  fault              text,
  fault_at           timestamptz,
  updated_at         timestamptz NOT NULL
);
CREATE INDEX device_state_school ON alerting.device_state (school);
CREATE INDEX device_state_county ON alerting.device_state (county);

CREATE TABLE alerting.device_event_days (
  device    text NOT NULL,
  province  text NOT NULL,
  city      text NOT NULL,
  county    text NOT NULL,
  school    text NOT NULL,
  type      text NOT NULL,
  day       date NOT NULL,
  count     integer NOT NULL,
  last_at   timestamptz NOT NULL,
  PRIMARY KEY (device, type, day)
);
CREATE INDEX device_event_days_school ON alerting.device_event_days (school, day);
`,
};
