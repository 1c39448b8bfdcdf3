import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Keys whose values never reach a log line: credentials, people's phone numbers and the text sent
 * to them (SMS and voice bodies). Matched at the top level of a log object and one level down
 * (`{n: {to}}`), with the few deeper shapes the code has. See docs/operations.md.
 */
const SENSITIVE_KEYS = [
  // credentials
  'password',
  'passwd',
  'passwordHash',
  'currentPassword',
  'newPassword',
  'secret',
  'secretHash',
  'token',
  'accessToken',
  'refreshToken',
  'authToken',
  'apiKey',
  'authorization',
  'cookie',
  // people: phone numbers (`to` is the number a notification goes to)
  'to',
  'phone',
  'phones',
  'phoneNumber',
  // what is said to them (SMS text, TwiML)
  'body',
  'text',
  'twiml',
] as const;

/** Paths for pino's `redact` (fast-redact syntax). */
export const REDACT_PATHS: readonly string[] = [
  ...SENSITIVE_KEYS.flatMap((k) => [k, `*.${k}`]),
  // a top-level SMS `message` (not `*.message`: that would blank every error's message)
  'message',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'contacts[*].phone',
  '*.contacts[*].phone',
  'users[*].password',
  'users[*].passwordHash',
  'devices[*].secret',
  'devices[*].secretHash',
];

export const REDACTED = '[redacted]';

/** `scheme://user:password@host` → `scheme://[redacted]@host` (greedy: a password may hold `@`). */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]*@/gi;
/** `?token=…`, `&password=…` and the like in a URL's query. */
const SECRET_QUERY =
  /([?&](?:token|access_token|accessToken|auth|password|passwd|secret|api_key|apikey|key|signature|sig)=)[^&#\s"']*/gi;

/** A text with the credentials of any URL in it replaced (user:password@ and secret query values). */
export function redactText(text: string): string {
  if (!text.includes('://') && !text.includes('=')) return text;
  return text.replace(URL_CREDENTIALS, `$1${REDACTED}@`).replace(SECRET_QUERY, `$1${REDACTED}`);
}

const MAX_DEPTH = 6;

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** `redactText` applied to every string of plain objects and arrays (bounded depth; errors as serialized). */
export function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth >= MAX_DEPTH || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v, depth + 1));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, depth + 1);
  return out;
}

export interface CreateLoggerOptions {
  /** Default `LOG_LEVEL`, else `info`. */
  level?: string;
  /** Default stdout. */
  destination?: DestinationStream;
}

/**
 * The one pino logger of each deployable: named, levelled by LOG_LEVEL, and safe to hand anything:
 * sensitive keys are redacted (`REDACT_PATHS`), URLs lose their `user:password@` and secret query
 * values wherever they appear — in fields, in error messages and stacks, in the message itself.
 * Children inherit all of it.
 */
export function createLogger(name: string, options: CreateLoggerOptions = {}): Logger {
  const level = options.level ?? process.env['LOG_LEVEL'] ?? 'info';
  const config = {
    name,
    level,
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    formatters: { log: (object: Record<string, unknown>) => redactDeep(object) as Record<string, unknown> },
    serializers: {
      // the standard serializer's object has a prototype of its own: copy it to walk it
      err: (err: unknown) => redactDeep(err instanceof Error ? { ...pino.stdSerializers.err(err) } : err),
      msg: (msg: unknown) => (typeof msg === 'string' ? redactText(msg) : msg),
    },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}
