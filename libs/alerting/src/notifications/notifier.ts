import type { NotificationChannel, OrgLevel } from '@campus/device-protocols';

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
