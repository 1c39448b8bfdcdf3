import type { NotifierChannel } from './notifier';
import { TWILIO_CHANNEL } from './twilio-notifier';

/**
 * Every notification channel (provider) the environment may configure, once; the first one the
 * environment configures is used, and with none the notifications are only logged
 * (notifier-from-env.ts). A new channel is its file (its `Notifier` and its `NotifierChannel`)
 * and one line here.
 */
export const NOTIFIER_CHANNELS: Readonly<Record<string, NotifierChannel>> = {
  twilio: TWILIO_CHANNEL,
};
