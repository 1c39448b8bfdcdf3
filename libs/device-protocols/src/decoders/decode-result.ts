import type { CanonicalMessage } from '../model/messages';

/** Why a payload was dropped. These are the `reason` labels of `campus_messages_malformed_total`. */
export const MALFORMED_REASONS = [
  'too_large',
  'invalid_utf8',
  'not_json',
  'wrong_type',
  'non_finite',
  'unknown_channel',
] as const;
export type MalformedReason = (typeof MALFORMED_REASONS)[number];

export interface DecodeRejection {
  ok: false;
  reason: MalformedReason;
  /** Human-readable: what was wrong and where, e.g. `metrics.temperature: expected a finite number`. */
  detail: string;
}

export interface DecodeSuccess {
  ok: true;
  /** Zero messages is a valid outcome: e.g. a Frigate `update`, a Z2M bridge log line. */
  messages: CanonicalMessage[];
  /**
   * Set when a well-formed message was dropped because it concerns no declared device
   * (e.g. a Zigbee2MQTT friendly_name or Frigate camera no device declares through `via`):
   * not malformed, but worth counting and logging. Absent for topics that simply carry no data.
   */
  ignored?: string;
}

export type DecodeResult = DecodeSuccess | DecodeRejection;

export const decoded = (messages: CanonicalMessage[]): DecodeSuccess => ({ ok: true, messages });
export const rejected = (reason: MalformedReason, detail: string): DecodeRejection => ({
  ok: false,
  reason,
  detail,
});
