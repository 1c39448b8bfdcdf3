import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { hostSchema, optionalText } from '@campus/service-runtime';
import { DEFAULT_MAX_PAYLOAD_BYTES, ipNetworkProblem } from '@campus/device-protocols';
import type { Gb26875Limits } from '../gb26875/gb26875-limits';
import { brokerLimitsEnv, brokerLimitsFromEnv, type BrokerLimits } from '../broker/broker-limits';
import type { ClientTlsFiles, ServerTlsFiles } from '../broker/tls-material';
import { parseGatewaySchools } from './served-schools';

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
/** GB26875_ALLOW_FROM: comma-separated IP addresses or CIDR networks; unset or empty for none. */
const gb26875AllowFrom = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const entries = (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (entries.length === 0) return undefined;
    for (const entry of entries) {
      const problem = ipNetworkProblem(entry);
      if (problem !== undefined) {
        ctx.addIssue({ code: 'custom', message: `${problem} (a comma-separated list)` });
        return z.NEVER;
      }
    }
    return entries;
  });
/** METRICS_TOKEN: a bearer token long enough not to be guessed. */
const metricsToken = optionalText.refine((v) => v === undefined || (v.length >= 16 && !/\s/.test(v)), {
  message: 'METRICS_TOKEN must be at least 16 characters without spaces: use e.g. `openssl rand -hex 32`',
});

/** The environment the gateway reads (docs/operations.md), validated at the boundary. */
const envSchema = z.object({
  PORT: port.default(8080),
  MQTT_PORT: port.default(1883),
  MQTT_WS_PORT: port.default(8083),
  MQTT_URL: optionalText,
  DATA_DIR: z.string().default('./data'),
  SITES_FILE: optionalText,
  MAX_PAYLOAD_BYTES: positiveInt.default(DEFAULT_MAX_PAYLOAD_BYTES),
  // MAX_PACKET_BYTES, MQTT_MAX_CONNECTIONS(_PER_IP), MQTT_*_SECONDS, MQTT_AUTH_MAX_FAILURES_*
  ...brokerLimitsEnv,
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
  GB26875_ALLOW_FROM: gb26875AllowFrom,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: hostSchema,
  METRICS_TOKEN: metricsToken,
  METRICS_PORT: optionalPort,
  // TLS (docs/protocol.md, "TLS"): listeners, their certificate, the device CA, outgoing MQTT TLS
  MQTTS_PORT: optionalPort,
  MQTT_WSS_PORT: optionalPort,
  HTTPS_PORT: optionalPort,
  TLS_CERT_FILE: optionalText,
  TLS_KEY_FILE: optionalText,
  TLS_CA_FILE: optionalText,
  MQTT_CA_FILE: optionalText,
  MQTT_CLIENT_CERT_FILE: optionalText,
  MQTT_CLIENT_KEY_FILE: optionalText,
  // store-and-forward to a central broker (docs/deployment.md, "Edge gateways")
  UPLINK_URL: optionalText,
  UPLINK_USERNAME: optionalText,
  UPLINK_PASSWORD: optionalText,
  UPLINK_MAX_BYTES: positiveInt.default(256 * 1024 * 1024),
  GATEWAY_SCHOOLS: z
    .string()
    .optional()
    .transform(parseGatewaySchools)
    .refine((codes) => codes === undefined || codes.every((c) => /^\d{10}$/.test(c)), {
      message: 'GATEWAY_SCHOOLS: comma-separated 10-digit school codes (e.g. 2161010001,2161010002)',
    }),
  GATEWAY_ID: optionalText.refine((v) => v === undefined || /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(v), {
    message:
      'GATEWAY_ID: 1–64 letters, digits, `.`, `_` or `-` (it names the MQTT session campus-gateway-<GATEWAY_ID>)',
  }),
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
  /** The embedded broker's connection, packet and login bounds (`MAX_PACKET_BYTES`, `MQTT_MAX_*` …). */
  mqttLimits: BrokerLimits;
  /** Undefined means the embedded store under `dataDir`. */
  influx?: InfluxConfig;
  retentionDays: number;
  batch: { maxPoints: number; maxAgeMs: number };
  outbox: { dir: string; maxBytes: number };
  /** MQTT account of the alert service (may subscribe to the uplink); none when unset. */
  service?: { username: string; password: string };
  /** The GB/T 26875.3 TCP listener (`GB26875_PORT`); off when absent. */
  gb26875?: {
    port: number;
    idleTimeoutMs: number;
    /** `GB26875_ALLOW_FROM`: where panels without `allowFrom` may connect from; absent = loopback only. */
    allowFrom?: string[];
    /** Per-connection bounds (no variable: the defaults suit every transmitter; tests shorten them). */
    limits?: Partial<Gb26875Limits>;
  };
  logLevel: string;
  /**
   * Bind address of every listener (`HOST`): `127.0.0.1` with the built-in demo province, absent
   * (all interfaces) with a real `SITES_FILE`, unless HOST says otherwise.
   */
  host?: string;
  /** `METRICS_TOKEN`: `/metrics` on PORT wants `Authorization: Bearer <token>` (else loopback only). */
  metricsToken?: string;
  /** `METRICS_PORT`: a listener of its own for `/metrics` alone, on HOST, without a token. */
  metricsPort?: number;
  /**
   * TLS listeners (`MQTTS_PORT`, `MQTT_WSS_PORT`, `HTTPS_PORT`) with `TLS_CERT_FILE`/`TLS_KEY_FILE`,
   * and `TLS_CA_FILE` for devices' client certificates; absent when no TLS port is set. The files
   * are read at start (`loadServerTls`).
   */
  tls?: TlsListenersConfig;
  /** Outgoing MQTT over TLS (`MQTT_CA_FILE`, `MQTT_CLIENT_CERT_FILE`, `MQTT_CLIENT_KEY_FILE`). */
  mqttTls?: ClientTlsFiles;
  /**
   * `UPLINK_URL`: forward every decoded message to this central MQTT 5 broker, journalled under
   * `DATA_DIR/uplink` while the link is down (bounded by `UPLINK_MAX_BYTES`).
   */
  /** `GATEWAY_ID` (default the host name): prefixes the id of every uplink message. */
  gatewayId: string;
  /**
   * `GATEWAY_SCHOOLS`: the school codes this gateway serves; devices and GB/T 26875.3 panels of
   * other schools are refused. Absent means every school of the sites file.
   */
  gatewaySchools?: string[];
  uplink?: {
    url: string;
    username?: string;
    password?: string;
    /** `GATEWAY_ID`, default the host name: the session `campus-gateway-<id>`. */
    gatewayId: string;
    dir: string;
    maxBytes: number;
  };
}

export interface TlsListenersConfig {
  files: ServerTlsFiles;
  mqttsPort?: number;
  mqttWssPort?: number;
  httpsPort?: number;
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
  const influx = influxFromEnv(e);
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
  const mqttLimits = brokerLimitsFromEnv(e, e.MAX_PAYLOAD_BYTES);
  if (!mqttLimits.ok) throw new ConfigError(mqttLimits.problem);
  if (e.METRICS_PORT) {
    const listeners: [string, number | undefined][] = [
      ['PORT', e.PORT],
      ['GB26875_PORT', e.GB26875_PORT],
    ];
    if (!e.MQTT_URL) listeners.push(['MQTT_PORT', e.MQTT_PORT], ['MQTT_WS_PORT', e.MQTT_WS_PORT]);
    const clash = listeners.find(([, p]) => p === e.METRICS_PORT);
    if (clash) {
      throw new ConfigError(
        `METRICS_PORT and ${clash[0]} are both ${e.METRICS_PORT}: give each its own port`,
      );
    }
  }
  const tls = tlsListeners(e);
  return stripUndefined({
    httpPort: e.PORT,
    mqttPort: e.MQTT_PORT,
    mqttWsPort: e.MQTT_WS_PORT,
    mqttUrl: e.MQTT_URL,
    dataDir,
    sitesFile: e.SITES_FILE ? resolve(e.SITES_FILE) : undefined,
    maxPayloadBytes: e.MAX_PAYLOAD_BYTES,
    mqttLimits: mqttLimits.limits,
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
        : stripUndefined({
            port: e.GB26875_PORT,
            idleTimeoutMs: e.GB26875_IDLE_SECONDS * 1000,
            allowFrom: e.GB26875_ALLOW_FROM,
          }),
    logLevel: e.LOG_LEVEL,
    host: defaultHost(e.HOST, e.SITES_FILE),
    metricsToken: e.METRICS_TOKEN,
    metricsPort: e.METRICS_PORT,
    tls,
    mqttTls:
      e.MQTT_CA_FILE || e.MQTT_CLIENT_CERT_FILE || e.MQTT_CLIENT_KEY_FILE
        ? stripUndefined({ ca: e.MQTT_CA_FILE, cert: e.MQTT_CLIENT_CERT_FILE, key: e.MQTT_CLIENT_KEY_FILE })
        : undefined,
    uplink: uplinkConfig(e, dataDir),
    gatewayId: gatewayIdOf(e),
    gatewaySchools: e.GATEWAY_SCHOOLS,
  });
}

type InfluxEnv = Pick<
  z.infer<typeof envSchema>,
  | 'INFLUX_URL'
  | 'INFLUX_TOKEN'
  | 'INFLUX_ORG'
  | 'INFLUX_BUCKET'
  | 'INFLUX_DATABASE'
  | 'INFLUX_USERNAME'
  | 'INFLUX_PASSWORD'
>;

/** INFLUX_* checked together (docs/operations.md); undefined when INFLUX_URL is unset. */
function influxFromEnv(e: InfluxEnv): InfluxConfig | undefined {
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
  return e.INFLUX_URL
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
}

const serviceExtrasSchema = envSchema.pick({
  INFLUX_URL: true,
  INFLUX_TOKEN: true,
  INFLUX_ORG: true,
  INFLUX_BUCKET: true,
  INFLUX_DATABASE: true,
  INFLUX_USERNAME: true,
  INFLUX_PASSWORD: true,
  METRICS_TOKEN: true,
  METRICS_PORT: true,
});

/**
 * What a central alert service reads besides its own variables (docs/deployment.md): INFLUX_* as
 * on the gateway (it reads the history the gateways write there) and METRICS_TOKEN / METRICS_PORT
 * with the gateway's rules (docs/security.md).
 */
export function loadServiceExtrasConfig(env: NodeJS.ProcessEnv = process.env): {
  influx?: InfluxConfig;
  metricsToken?: string;
  metricsPort?: number;
} {
  const parsed = serviceExtrasSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid environment: ${problems}`);
  }
  const e = parsed.data;
  return stripUndefined({
    influx: influxFromEnv(e),
    metricsToken: e.METRICS_TOKEN,
    metricsPort: e.METRICS_PORT,
  });
}

/** GATEWAY_ID, default the host name (as a session-name-safe word). */
function gatewayIdOf(e: z.infer<typeof envSchema>): string {
  return (
    e.GATEWAY_ID ??
    hostname()
      .replace(/[^A-Za-z0-9_.-]/g, '-')
      .slice(0, 64)
  );
}

function uplinkConfig(e: z.infer<typeof envSchema>, dataDir: string): GatewayConfig['uplink'] {
  if (e.UPLINK_URL === undefined) {
    if (e.UPLINK_USERNAME || e.UPLINK_PASSWORD) {
      throw new ConfigError('UPLINK_USERNAME/UPLINK_PASSWORD are set without UPLINK_URL: set UPLINK_URL too');
    }
    return undefined;
  }
  if (!/^(mqtts?|tcp|ssl|tls):\/\//.test(e.UPLINK_URL)) {
    throw new ConfigError(
      `UPLINK_URL must be mqtt://host:1883 or mqtts://host:8883 (the central broker), not "${e.UPLINK_URL}"`,
    );
  }
  if ((e.UPLINK_USERNAME === undefined) !== (e.UPLINK_PASSWORD === undefined)) {
    throw new ConfigError('set both UPLINK_USERNAME and UPLINK_PASSWORD, or neither');
  }
  return stripUndefined({
    url: e.UPLINK_URL,
    username: e.UPLINK_USERNAME,
    password: e.UPLINK_PASSWORD,
    gatewayId:
      e.GATEWAY_ID ??
      hostname()
        .replace(/[^A-Za-z0-9_.-]/g, '-')
        .slice(0, 64),
    dir: join(dataDir, 'uplink'),
    maxBytes: e.UPLINK_MAX_BYTES,
  });
}

/** The TLS variables checked together: a TLS port needs TLS_CERT_FILE and TLS_KEY_FILE. */
function tlsListeners(e: z.infer<typeof envSchema>): TlsListenersConfig | undefined {
  if ((e.MQTT_CLIENT_CERT_FILE === undefined) !== (e.MQTT_CLIENT_KEY_FILE === undefined)) {
    throw new ConfigError('set both MQTT_CLIENT_CERT_FILE and MQTT_CLIENT_KEY_FILE, or neither');
  }
  const ports = (
    [
      ['MQTTS_PORT', e.MQTTS_PORT],
      ['MQTT_WSS_PORT', e.MQTT_WSS_PORT],
      ['HTTPS_PORT', e.HTTPS_PORT],
    ] as const
  ).filter(([, p]) => p !== undefined);
  if (ports.length === 0) {
    if (e.TLS_CERT_FILE || e.TLS_KEY_FILE || e.TLS_CA_FILE) {
      throw new ConfigError(
        'TLS_CERT_FILE, TLS_KEY_FILE or TLS_CA_FILE is set but no TLS listener is: set MQTTS_PORT, MQTT_WSS_PORT or HTTPS_PORT',
      );
    }
    return undefined;
  }
  const names = ports.map(([name]) => name).join(', ');
  const missing = [
    ...(e.TLS_CERT_FILE ? [] : ['TLS_CERT_FILE']),
    ...(e.TLS_KEY_FILE ? [] : ['TLS_KEY_FILE']),
  ];
  if (missing.length > 0) {
    throw new ConfigError(
      `${names} set without ${missing.join(' and ')}: a TLS listener needs the server certificate ` +
        '(TLS_CERT_FILE) and its private key (TLS_KEY_FILE), both PEM files',
    );
  }
  const taken: [string, number | undefined][] = [
    ['PORT', e.PORT],
    ['GB26875_PORT', e.GB26875_PORT],
    ['METRICS_PORT', e.METRICS_PORT],
  ];
  if (!e.MQTT_URL) taken.push(['MQTT_PORT', e.MQTT_PORT], ['MQTT_WS_PORT', e.MQTT_WS_PORT]);
  for (const [name, p] of ports) {
    const clash = [...taken].find(([, q]) => q === p && p !== 0);
    if (clash) throw new ConfigError(`${name} and ${clash[0]} are both ${p}: give each its own port`);
    taken.push([name, p]);
  }
  if (e.MQTT_URL && (e.MQTTS_PORT !== undefined || e.MQTT_WSS_PORT !== undefined)) {
    throw new ConfigError(
      'MQTTS_PORT / MQTT_WSS_PORT are listeners of the embedded broker, which MQTT_URL replaces: unset them, or MQTT_URL',
    );
  }
  return stripUndefined({
    files: stripUndefined({ cert: e.TLS_CERT_FILE!, key: e.TLS_KEY_FILE!, ca: e.TLS_CA_FILE }),
    mqttsPort: e.MQTTS_PORT,
    mqttWssPort: e.MQTT_WSS_PORT,
    httpsPort: e.HTTPS_PORT,
  });
}

/**
 * The bind address: HOST when set; else loopback for the built-in demo province (its credentials
 * are public) and every interface (undefined) for a real sites file. See docs/operations.md.
 */
export function defaultHost(host: string | undefined, sitesFile: string | undefined): string | undefined {
  if (host !== undefined) return host;
  return sitesFile === undefined ? '127.0.0.1' : undefined;
}

/** Drops undefined-valued keys so optional properties are absent rather than `undefined`. */
function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
