import { join, resolve } from 'node:path';
import { z } from 'zod';

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const envSchema = z.object({
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
});

/** What the alert service needs besides the sites file (CONTRACTS §1). */
export interface AlertServiceConfig {
  httpPort: number;
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
  return {
    httpPort: e.PORT,
    dataDir: resolve(e.DATA_DIR),
    ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}),
    ...(e.SITES_FILE ? { sitesFile: resolve(e.SITES_FILE) } : {}),
    mqttUrl: e.MQTT_URL,
    service: { username: e.MQTT_SERVICE_USERNAME, password: e.MQTT_SERVICE_PASSWORD },
    ...(e.ALERT_SERVICE_CLIENT_ID ? { intakeClientId: e.ALERT_SERVICE_CLIENT_ID } : {}),
    ...publicUrlField(e.PUBLIC_URL),
    ...(e.REDIS_URL ? { redisUrl: e.REDIS_URL } : {}),
  };
}

function publicUrlField(value: string | undefined): { publicUrl?: string } {
  const publicUrl = parsePublicUrl(value);
  return publicUrl === undefined ? {} : { publicUrl };
}

export function alertingDataDir(config: AlertServiceConfig): string {
  return join(config.dataDir, 'alerting');
}
