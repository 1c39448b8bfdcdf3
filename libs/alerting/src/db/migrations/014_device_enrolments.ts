import type { Migration } from './migration';

/**
 * Device enrolment by one-time code (docs/registry.md, "Provisioning"): an installer's code,
 * stored as its SHA-256 only, valid until `expires_at`, exchanged once for the device's secret
 * (`used_at` set by one conditional UPDATE, so two replicas or two taps exchange it once). The
 * issuer is kept: the secret is set in the registry in their name.
 */
export const migration014: Migration = {
  version: 14,
  name: 'device_enrolments',
  sql: /* sql */ `
CREATE TABLE alerting.device_enrolments (
  code_hash    text PRIMARY KEY,
  device       text NOT NULL,
  school       text NOT NULL,
  issued_by    text NOT NULL,
  issuer_role  text NOT NULL,
  issuer_org   text NOT NULL,
  issued_at    timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  used_at      timestamptz
);
CREATE INDEX device_enrolments_device ON alerting.device_enrolments (device);
`,
};
