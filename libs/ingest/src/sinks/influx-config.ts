import type { InfluxMode } from './influx-errors';

/**
 * Where and how to write (docs/operations.md): v1 mode (`/write?db=`) when `database` is set and
 * `bucket` is not, for InfluxDB 1.x before 1.8; v2 mode (`/api/v2/write`, the client's WriteApi)
 * otherwise, for InfluxDB 1.8+, 2.x and 3.x.
 */
export interface InfluxSinkConfig {
  url: string;
  /** v1: the database, created by `init()` when missing. */
  database?: string;
  /** v1: sent as `u`/`p` query parameters. */
  username?: string;
  password?: string;
  /** v2: API token (`Authorization: Token …`). */
  token?: string;
  /** v2: organization (InfluxDB 2.x needs it; 3.x ignores it). */
  org?: string;
  /** v2: bucket to write to; reads use it as the InfluxQL `db` (2.x needs a DBRP mapping for it). */
  bucket?: string;
  /** v1: `init()` makes `campus_retention` (this many days) the database's default policy. */
  retentionDays?: number;
  /** Per-request socket timeout, ms (client default 10,000). */
  timeoutMs?: number;
}

export function influxMode(config: InfluxSinkConfig): InfluxMode {
  return config.database && !config.bucket ? 'v1' : 'v2';
}

/** Throws with the variable to set when the config cannot work. */
export function checkInfluxConfig(config: InfluxSinkConfig): void {
  try {
    new URL(config.url);
  } catch {
    throw new Error(`INFLUX_URL ${JSON.stringify(config.url)} is not a URL (e.g. http://localhost:8086)`);
  }
  if (influxMode(config) === 'v2' && !config.bucket) {
    throw new Error(
      'InfluxDB needs a place to write: set INFLUX_BUCKET (with INFLUX_ORG and INFLUX_TOKEN) for 1.8+, 2.x and 3.x, ' +
        'or INFLUX_DATABASE for 1.x before 1.8',
    );
  }
  const days = config.retentionDays;
  if (days !== undefined && (!Number.isInteger(days) || days < 1)) {
    throw new Error(
      `retentionDays must be a whole number of days ≥ 1 (InfluxDB's minimum is 1h), got ${days}`,
    );
  }
}

/** `&u=…&p=…` for v1 auth, or ''. */
export function v1AuthParams(config: InfluxSinkConfig): string {
  let params = '';
  if (config.username !== undefined) params += `&u=${encodeURIComponent(config.username)}`;
  if (config.password !== undefined) params += `&p=${encodeURIComponent(config.password)}`;
  return params;
}
