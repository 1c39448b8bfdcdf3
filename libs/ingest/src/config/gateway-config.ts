import { join, resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_MAX_PAYLOAD_BYTES } from '@campus/device-protocols';

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
/** A TCP port, or unset/empty for "off" (GB26875_PORT). */
const optionalPort = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v.trim() === '') return undefined;
    const n = Number(v.trim());
    if (Number.isInteger(n) && n >= 0 && n <= 65535) return n;
    ctx.addIssue({
      code: 'custom',
      message: `expected a TCP port 0–65535, or unset to turn the listener off; got ${JSON.stringify(v)}`,
    });
    return z.NEVER;
  });
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** The environment the gateway reads (CONTRACTS §1), validated at the boundary. */
const envSchema = z.object({
  PORT: port.default(8080),
  MQTT_PORT: port.default(1883),
  MQTT_WS_PORT: port.default(8083),
  MQTT_URL: optionalText,
  DATA_DIR: z.string().default('./data'),
  SITES_FILE: optionalText,
  MAX_PAYLOAD_BYTES: positiveInt.default(DEFAULT_MAX_PAYLOAD_BYTES),
  INFLUX_URL: optionalText,
  INFLUX_TOKEN: optionalText,
  INFLUX_ORG: optionalText,
  INFLUX_BUCKET: optionalText,
  INFLUX_DATABASE: optionalText,
  INFLUX_USERNAME: optionalText,
  INFLUX_PASSWORD: optionalText,
  RETENTION_DAYS: positiveInt.default(180),
  BATCH_MAX_POINTS: positiveInt.default(1000),
  BATCH_MAX_AGE_MS: positiveInt.default(100),
  OUTBOX_MAX_BYTES: positiveInt.default(512 * 1024 * 1024),
  MQTT_SERVICE_USERNAME: optionalText,
  MQTT_SERVICE_PASSWORD: optionalText,
  GB26875_PORT: optionalPort,
  GB26875_IDLE_SECONDS: positiveInt.default(180),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface InfluxConfig {
  url: string;
  token?: string;
  org?: string;
  bucket?: string;
  database?: string;
  username?: string;
  password?: string;
}

export interface GatewayConfig {
  httpPort: number;
  mqttPort: number;
  mqttWsPort: number;
  /** An external broker to subscribe to instead of running the embedded one. */
  mqttUrl?: string;
  dataDir: string;
  /** Undefined means the built-in demo province. */
  sitesFile?: string;
  maxPayloadBytes: number;
  /** Undefined means the embedded store under `dataDir`. */
  influx?: InfluxConfig;
  retentionDays: number;
  batch: { maxPoints: number; maxAgeMs: number };
  outbox: { dir: string; maxBytes: number };
  /** MQTT account of the alert service (may subscribe to the uplink); none when unset. */
  service?: { username: string; password: string };
  /** The GB/T 26875.3 TCP listener (`GB26875_PORT`); off when absent. */
  gb26875?: { port: number; idleTimeoutMs: number };
  logLevel: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid environment: ${problems}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  if (e.INFLUX_URL === undefined && (e.INFLUX_BUCKET || e.INFLUX_DATABASE)) {
    throw new ConfigError(
      'INFLUX_BUCKET or INFLUX_DATABASE is set but INFLUX_URL is not: set INFLUX_URL too',
    );
  }
  if (e.INFLUX_URL && !e.INFLUX_BUCKET && !e.INFLUX_DATABASE) {
    throw new ConfigError(
      'INFLUX_URL is set without INFLUX_BUCKET (InfluxDB 1.8+/2.x/3.x) or INFLUX_DATABASE (1.x before 1.8): set one',
    );
  }
  if (e.INFLUX_BUCKET && !e.INFLUX_ORG) {
    throw new ConfigError('INFLUX_BUCKET is set without INFLUX_ORG: the v2 write API needs both');
  }
  if ((e.MQTT_SERVICE_USERNAME === undefined) !== (e.MQTT_SERVICE_PASSWORD === undefined)) {
    throw new ConfigError('set both MQTT_SERVICE_USERNAME and MQTT_SERVICE_PASSWORD, or neither');
  }
  if (e.GB26875_PORT) {
    const listeners: [string, number][] = [['PORT', e.PORT]];
    if (!e.MQTT_URL) listeners.push(['MQTT_PORT', e.MQTT_PORT], ['MQTT_WS_PORT', e.MQTT_WS_PORT]);
    const clash = listeners.find(([, p]) => p === e.GB26875_PORT);
    if (clash) {
      throw new ConfigError(
        `GB26875_PORT and ${clash[0]} are both ${e.GB26875_PORT}: give each its own port`,
      );
    }
  }
  const influx: InfluxConfig | undefined = e.INFLUX_URL
    ? stripUndefined({
        url: e.INFLUX_URL,
        token: e.INFLUX_TOKEN,
        org: e.INFLUX_ORG,
        bucket: e.INFLUX_BUCKET,
        database: e.INFLUX_BUCKET ? undefined : e.INFLUX_DATABASE,
        username: e.INFLUX_USERNAME,
        password: e.INFLUX_PASSWORD,
      })
    : undefined;
  return stripUndefined({
    httpPort: e.PORT,
    mqttPort: e.MQTT_PORT,
    mqttWsPort: e.MQTT_WS_PORT,
    mqttUrl: e.MQTT_URL,
    dataDir,
    sitesFile: e.SITES_FILE ? resolve(e.SITES_FILE) : undefined,
    maxPayloadBytes: e.MAX_PAYLOAD_BYTES,
    influx,
    retentionDays: e.RETENTION_DAYS,
    batch: { maxPoints: e.BATCH_MAX_POINTS, maxAgeMs: e.BATCH_MAX_AGE_MS },
    outbox: { dir: join(dataDir, 'outbox'), maxBytes: e.OUTBOX_MAX_BYTES },
    service:
      e.MQTT_SERVICE_USERNAME && e.MQTT_SERVICE_PASSWORD
        ? { username: e.MQTT_SERVICE_USERNAME, password: e.MQTT_SERVICE_PASSWORD }
        : undefined,
    gb26875:
      e.GB26875_PORT === undefined
        ? undefined
        : { port: e.GB26875_PORT, idleTimeoutMs: e.GB26875_IDLE_SECONDS * 1000 },
    logLevel: e.LOG_LEVEL,
  });
}

/** Drops undefined-valued keys so optional properties are absent rather than `undefined`. */
function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
