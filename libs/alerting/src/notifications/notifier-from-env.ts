import type { Logger } from 'pino';
import { LogNotifier } from './log-notifier';
import type { Notifier, NotifierChannelOptions, NotifierEnv } from './notifier';
import { NOTIFIER_CHANNELS } from './notifier-channels';

export { NotifierConfigError } from './notifier';

/**
 * The notifier the environment asks for (docs/operations.md): the first channel of
 * NOTIFIER_CHANNELS the environment configures (Twilio: TWILIO_*), the log notifier when it
 * configures none. A half-configured channel is refused (NotifierConfigError).
 */
export function notifierFromEnv(
  env: NotifierEnv,
  logger: Logger,
  options: NotifierChannelOptions = {},
): Notifier {
  for (const channel of Object.values(NOTIFIER_CHANNELS)) {
    const notifier = channel.fromEnv(env, logger, options);
    if (notifier) return notifier;
  }
  logger.warn('TWILIO_* not set: notifications are logged and stored only');
  return new LogNotifier(logger.child({ part: 'notifier' }));
}
