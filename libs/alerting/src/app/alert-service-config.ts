import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { hostSchema, optionalText } from '@campus/service-runtime';

const host = hostSchema;

const envSchema = z.object({
  HOST: host,
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  DATA_DIR: z.string().default('./data'),
  SITES_FILE: optionalText,
  DATABASE_URL: optionalText,
  MQTT_URL: optionalText,
  MQTT_SERVICE_USERNAME: optionalText,
  MQTT_SERVICE_PASSWORD: optionalText,
  ALERT_SERVICE_CLIENT_ID: optionalText,
  PUBLIC_URL: optionalText,
  REDIS_URL: optionalText,
  HTTPS_PORT: optionalText,
  TLS_CERT_FILE: optionalText,
  TLS_KEY_FILE: optionalText,
});

/** What the alert service needs besides the sites file (docs/alerting.md, docs/operations.md). */
export interface AlertServiceConfig {
  httpPort: number;
  /**
   * Bind address (`HOST`): `127.0.0.1` with the built-in demo province (its passwords are public),
   * absent (all interfaces) with a real `SITES_FILE`, unless HOST says otherwise.
   */
  host?: string;
  /** PGlite lives in `<dataDir>/alerting` unless `databaseUrl` is set. */
  dataDir: string;
  databaseUrl?: string;
  sitesFile?: string;
  /** The broker the gateway forwards the uplink to. */
  mqttUrl: string;
  service: { username: string; password: string };
  /** Stable per replica: the broker keeps this session's QoS 1 messages while the service restarts. */
  intakeClientId?: string;
  /**
   * PUBLIC_URL: where Twilio can reach this service (`https://campus.example.cn`). Twilio posts
   * delivery-status callbacks to `<publicUrl>/api/notifications/twilio/status`; without it none
   * are requested, since a callback to an address Twilio cannot reach would only fail.
   */
  publicUrl?: string;
  /** `REDIS_URL`: socket.io goes through Redis so that several replicas reach every socket. */
  redisUrl?: string;
  /** HTTPS_PORT with TLS_CERT_FILE / TLS_KEY_FILE, read at start (docs/protocol.md, "TLS"). */
  https?: { port: number; material: { cert: Buffer; key: Buffer } };
}

export class AlertServiceConfigError extends Error {
  override name = 'AlertServiceConfigError';
}

/**
 * PUBLIC_URL checked: an absolute http(s) URL without query or fragment, returned without a
 * trailing slash; undefined when unset or blank.
 */
export function parsePublicUrl(value: string | undefined): string | undefined {
  const text = value?.trim();
  if (text === undefined || text === '') return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AlertServiceConfigError(`PUBLIC_URL is not a URL: "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AlertServiceConfigError(`PUBLIC_URL must be an http(s) URL, got "${text}"`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new AlertServiceConfigError(`PUBLIC_URL must not have a query or fragment: "${text}"`);
  }
  return url.toString().replace(/\/+$/, '');
}

/** For `apps/alert-service` on its own: the broker and its service account are required. */
export function loadAlertServiceConfig(env: NodeJS.ProcessEnv = process.env): AlertServiceConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new AlertServiceConfigError(
      `invalid environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const e = parsed.data;
  if (!e.MQTT_URL) {
    throw new AlertServiceConfigError(
      'MQTT_URL is not set: point it at the broker the gateways forward to (e.g. mqtt://gateway:1883)',
    );
  }
  if (!e.MQTT_SERVICE_USERNAME || !e.MQTT_SERVICE_PASSWORD) {
    throw new AlertServiceConfigError(
      'MQTT_SERVICE_USERNAME and MQTT_SERVICE_PASSWORD are required: the account the gateways accept for the uplink',
    );
  }
  const bindHost = e.HOST ?? (e.SITES_FILE ? undefined : '127.0.0.1');
  return {
    httpPort: e.PORT,
    ...(bindHost === undefined ? {} : { host: bindHost }),
    dataDir: resolve(e.DATA_DIR),
    ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}),
    ...(e.SITES_FILE ? { sitesFile: resolve(e.SITES_FILE) } : {}),
    mqttUrl: e.MQTT_URL,
    service: { username: e.MQTT_SERVICE_USERNAME, password: e.MQTT_SERVICE_PASSWORD },
    ...(e.ALERT_SERVICE_CLIENT_ID ? { intakeClientId: e.ALERT_SERVICE_CLIENT_ID } : {}),
    ...publicUrlField(e.PUBLIC_URL),
    ...(e.REDIS_URL ? { redisUrl: e.REDIS_URL } : {}),
    ...httpsField(e.HTTPS_PORT, e.TLS_CERT_FILE, e.TLS_KEY_FILE),
  };
}

/** HTTPS_PORT: needs TLS_CERT_FILE and TLS_KEY_FILE, readable PEM files that belong together. */
function httpsField(
  portText: string | undefined,
  certFile: string | undefined,
  keyFile: string | undefined,
): Pick<AlertServiceConfig, 'https'> {
  if (portText === undefined) return {};
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new AlertServiceConfigError(
      `HTTPS_PORT: expected a TCP port 0–65535; got ${JSON.stringify(portText)}`,
    );
  }
  const missing = [...(certFile ? [] : ['TLS_CERT_FILE']), ...(keyFile ? [] : ['TLS_KEY_FILE'])];
  if (missing.length > 0 || certFile === undefined || keyFile === undefined) {
    throw new AlertServiceConfigError(
      `HTTPS_PORT set without ${missing.join(' and ')}: the HTTPS listener needs the server certificate ` +
        '(TLS_CERT_FILE) and its private key (TLS_KEY_FILE), both PEM files',
    );
  }
  const read = (variable: string, file: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (err) {
      throw new AlertServiceConfigError(
        `${variable}=${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'}); point ${variable} at a readable PEM file`,
      );
    }
  };
  const material = { cert: read('TLS_CERT_FILE', certFile), key: read('TLS_KEY_FILE', keyFile) };
  try {
    createSecureContext(material);
  } catch (err) {
    throw new AlertServiceConfigError(
      `TLS_CERT_FILE=${certFile} / TLS_KEY_FILE=${keyFile}: not a PEM certificate and its private key (${(err as Error).message})`,
    );
  }
  return { https: { port, material } };
}

function publicUrlField(value: string | undefined): { publicUrl?: string } {
  const publicUrl = parsePublicUrl(value);
  return publicUrl === undefined ? {} : { publicUrl };
}

export function alertingDataDir(config: AlertServiceConfig): string {
  return join(config.dataDir, 'alerting');
}
