import { HttpError } from '@influxdata/influxdb-client';

export type InfluxMode = 'v1' | 'v2';

/** `what` failed, e.g. `write to http://host:8086/write?db=campus` (credentials already removed). */
export interface FailureContext {
  what: string;
  mode: InfluxMode;
}

/** Removes `p=` and `u=` (v1 credentials) from a URL or path before it goes into a message. */
export function redact(urlOrPath: string): string {
  return urlOrPath.replace(/([?&])(p|u)=[^&]*/g, '$1$2=…');
}

function bodyOf(error: HttpError): string {
  const body = (error.body ?? '').replace(/\s+/g, ' ').trim();
  return body.length > 300 ? `${body.slice(0, 300)}…` : body;
}

function networkCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function hint(error: unknown, mode: InfluxMode): string {
  if (error instanceof HttpError) {
    const body = (error.body ?? '').toLowerCase();
    switch (error.statusCode) {
      case 401:
      case 403:
        return mode === 'v1'
          ? 'check INFLUX_USERNAME and INFLUX_PASSWORD'
          : 'check INFLUX_TOKEN: it needs write (and read) access to INFLUX_BUCKET';
      case 404:
        if (body.includes('database not found')) {
          return 'the database is created by init() at start: check INFLUX_DATABASE, or create it by hand';
        }
        if (body.includes('bucket') || body.includes('organization'))
          return 'check INFLUX_ORG and INFLUX_BUCKET';
        return mode === 'v1'
          ? 'is INFLUX_URL an InfluxDB 1.x server (or a 1.x-compatible /write endpoint)?'
          : 'is INFLUX_URL an InfluxDB 1.8+, 2.x or 3.x server? set INFLUX_DATABASE (not INFLUX_BUCKET) for 1.x before 1.8';
      case 413:
        return 'the batch is larger than the server accepts: lower the outbox batch size or raise max-body-size';
      case 400:
        if (body.includes('field type conflict') || body.includes('conflict')) {
          return 'a field was stored earlier with another type in this shard (e.g. a metric sent as a string once)';
        }
        if (body.includes('retention')) return 'the points are older than the retention policy keeps';
        return 'the server refused the request as malformed';
      default:
        return error.statusCode >= 500
          ? 'the server failed; the batch stays in the outbox and is retried'
          : '';
    }
  }
  const code = networkCode(error);
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EHOSTUNREACH' || code === 'ENOTFOUND') {
    return 'is InfluxDB running and INFLUX_URL right? the batch stays in the outbox and is retried';
  }
  return '';
}

/** An Error saying what failed, the server's answer and how to fix it; the original is its `cause`. */
export function influxFailure(error: unknown, { what, mode }: FailureContext): Error {
  let detail: string;
  if (error instanceof HttpError) {
    detail = `${error.statusCode}${error.statusMessage ? ` ${error.statusMessage}` : ''}`;
    const body = bodyOf(error);
    if (body) detail += `: ${body}`;
  } else {
    detail = error instanceof Error ? error.message : String(error);
  }
  const fix = hint(error, mode);
  return new Error(`InfluxDB ${redact(what)} failed: ${detail}${fix ? ` — ${fix}` : ''}`, { cause: error });
}
