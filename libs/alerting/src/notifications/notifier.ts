import type { NotificationChannel, OrgLevel } from '@campus/device-protocols';
import type { Logger } from 'pino';

/** One message to one person on one channel (SMS text, or the text a voice call speaks). */
export interface NotificationRequest {
  alertId: string;
  level: OrgLevel;
  channel: NotificationChannel;
  /** E.164 phone number. */
  to: string;
  /** The contact's name (for the timeline and logs). */
  name: string;
  /** SMS text, or the text the call speaks. */
  body: string;
  /** 1 for the first try. */
  attempt: number;
}

export type SendResult =
  { ok: true; sid: string; status: string } | { ok: false; error: string; retryable: boolean };

/** Sends one notification once; never throws (failures are results). */
export interface Notifier {
  send(n: NotificationRequest): Promise<SendResult>;
}

/** Thrown at start for a half-configured channel: paging must not silently fall back to logging. */
export class NotifierConfigError extends Error {
  override name = 'NotifierConfigError';
}

export type NotifierEnv = Readonly<Record<string, string | undefined>>;

export interface NotifierChannelOptions {
  /** Public URL the provider posts delivery status to. */
  statusCallbackUrl?: string;
}

/**
 * A way notifications leave the platform (a provider behind the `Notifier` port), listed in
 * NOTIFIER_CHANNELS (notifier-channels.ts) and chosen from the environment.
 */
export interface NotifierChannel {
  /**
   * The notifier when `env` configures this channel; undefined when `env` says nothing of it.
   * Throws NotifierConfigError when it is half-configured or malformed.
   */
  fromEnv(env: NotifierEnv, logger: Logger, options: NotifierChannelOptions): Notifier | undefined;
}
