import type { Logger } from 'pino';
import { LogNotifier } from './log-notifier';
import type { Notifier } from './notifier';
import { TwilioNotifier } from './twilio-notifier';
import { DEFAULT_TWILIO_API_URL } from './twilio-http-client';

const REQUIRED = ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'] as const;

/** Thrown at start for a half-configured Twilio: paging must not silently fall back to logging. */
export class NotifierConfigError extends Error {
  override name = 'NotifierConfigError';
}

/**
 * The notifier the environment asks for (docs/operations.md): Twilio when TWILIO_ACCOUNT_SID,
 * TWILIO_AUTH_TOKEN and TWILIO_FROM are all set (TWILIO_API_URL optional), the log notifier when
 * none is. Some but not all set, or a SID not starting with `AC`, is refused.
 */
export function notifierFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  logger: Logger,
  options: { statusCallbackUrl?: string } = {},
): Notifier {
  const value = (k: string): string | undefined => (env[k]?.trim() ? env[k]?.trim() : undefined);
  const missing = REQUIRED.filter((k) => value(k) === undefined);
  if (missing.length === REQUIRED.length) {
    logger.warn('TWILIO_* not set: notifications are logged and stored only');
    return new LogNotifier(logger.child({ part: 'notifier' }));
  }
  if (missing.length > 0) {
    throw new NotifierConfigError(`${missing.join(', ')} must be set too (or unset every TWILIO_* variable)`);
  }
  const accountSid = value('TWILIO_ACCOUNT_SID') as string;
  if (!accountSid.startsWith('AC')) {
    throw new NotifierConfigError(
      `TWILIO_ACCOUNT_SID must start with "AC" (got "${accountSid.slice(0, 4)}…")`,
    );
  }
  const apiUrl = value('TWILIO_API_URL') ?? DEFAULT_TWILIO_API_URL;
  try {
    new URL(apiUrl);
  } catch {
    throw new NotifierConfigError(`TWILIO_API_URL is not a URL: "${apiUrl}"`);
  }
  return new TwilioNotifier(
    {
      accountSid,
      authToken: value('TWILIO_AUTH_TOKEN') as string,
      from: value('TWILIO_FROM') as string,
      apiUrl,
      ...(options.statusCallbackUrl === undefined ? {} : { statusCallbackUrl: options.statusCallbackUrl }),
    },
    logger.child({ part: 'notifier' }),
  );
}
