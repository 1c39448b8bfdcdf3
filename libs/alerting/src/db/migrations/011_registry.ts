import type { Migration } from './migration';

/**
 * The registry (docs/registry.md): the org tree, devices, contacts, users, escalation policies,
 * rules and topology that a sites file describes, one table per kind of entry, so a change writes
 * only the rows it touches. Entries come back in `seq` order (the order they were added), which
 * is the order of the seeding file for everything it brought.
 *
 * A user's password hash has one place, `alerting.accounts.password_hash` (migration 004):
 * `registry_users` holds who the user is, the registry writes and reads the hash there, and a
 * password changed through the API changes the registry's user with it. A retired device keeps its
 * row and id (`retired_at`); it is no longer in the registry's document. `registry_version` is one
 * row: the version the rows stand for; `registry_history` one entry per version with its diff.
 */
export const migration011: Migration = {
  version: 11,
  name: 'registry',
  sql: /* sql */ `
CREATE TABLE alerting.registry_orgs (
  code      text PRIMARY KEY,
  level     text NOT NULL CHECK (level IN ('province', 'city', 'county', 'school')),
  parent    text,
  name      text NOT NULL,
  bureau    text,
  timezone  text,
  hours     jsonb,
  location  jsonb,
  seq       bigserial NOT NULL
);
CREATE UNIQUE INDEX registry_orgs_one_province ON alerting.registry_orgs (level) WHERE level = 'province';
CREATE INDEX registry_orgs_parent ON alerting.registry_orgs (parent, seq);

CREATE TABLE alerting.registry_devices (
  id           text PRIMARY KEY,
  school       text NOT NULL,
  kind         text NOT NULL,
  protocol     text,
  body         jsonb NOT NULL DEFAULT '{}'::jsonb,
  secret_hash  text CHECK (secret_hash IS NULL OR secret_hash LIKE 'scrypt$%'),
  retired_at   timestamptz,
  seq          bigserial NOT NULL
);
CREATE INDEX registry_devices_school ON alerting.registry_devices (school, seq) WHERE retired_at IS NULL;

CREATE TABLE alerting.registry_contacts (
  id     text PRIMARY KEY,
  org    text NOT NULL,
  name   text NOT NULL,
  phone  text NOT NULL,
  hours  jsonb,
  seq    bigserial NOT NULL
);
CREATE INDEX registry_contacts_org ON alerting.registry_contacts (org);

CREATE TABLE alerting.registry_users (
  username  text PRIMARY KEY,
  name      text,
  role      text NOT NULL,
  org       text NOT NULL,
  seq       bigserial NOT NULL
);
CREATE INDEX registry_users_org ON alerting.registry_users (org);

CREATE TABLE alerting.registry_escalation (
  severity  text PRIMARY KEY CHECK (severity IN ('critical', 'high', 'medium', 'low')),
  steps     jsonb NOT NULL,
  seq       bigserial NOT NULL
);

CREATE TABLE alerting.registry_rules (
  name  text PRIMARY KEY,
  body  jsonb NOT NULL,
  seq   bigserial NOT NULL
);

CREATE TABLE alerting.registry_topology (
  kind  text NOT NULL CHECK (kind IN ('gateway', 'alertService')),
  id    text NOT NULL,
  body  jsonb NOT NULL,
  seq   bigserial NOT NULL,
  PRIMARY KEY (kind, id)
);

CREATE TABLE alerting.registry_version (
  one      boolean PRIMARY KEY DEFAULT true CHECK (one),
  version  integer NOT NULL CHECK (version >= 0)
);
INSERT INTO alerting.registry_version (one, version) VALUES (true, 0);

CREATE TABLE alerting.registry_history (
  version  integer PRIMARY KEY,
  at       timestamptz NOT NULL,
  actor    text NOT NULL,
  reason   text NOT NULL,
  changes  jsonb NOT NULL
);
`,
};
