/**
 * The native topic scheme: `campus/v1/{school}/{device}/{channel}`.
 * A device may publish only under its own `campus/v1/{school}/{device}/`.
 */
export const NATIVE_TOPIC_ROOT = 'campus/v1';
/**
 * What a device publishes: readings, events, its status, and its answers to commands
 * (`command/ack`, the one channel two levels deep). `command` itself is the platform's to publish.
 */
export const NATIVE_CHANNELS = ['telemetry', 'event', 'status', 'command/ack'] as const;
/** The platform publishes commands on `campus/v1/{school}/{device}/command` (docs/protocol.md). */
export const NATIVE_COMMAND_CHANNEL = 'command';
export const NATIVE_COMMAND_ACK_CHANNEL = 'command/ack';
export type NativeChannel = (typeof NATIVE_CHANNELS)[number];

export interface NativeTopic {
  school: string;
  device: string;
  channel: string;
}

export function nativeTopic(
  school: string,
  device: string,
  channel: NativeChannel | typeof NATIVE_COMMAND_CHANNEL,
): string {
  return `${NATIVE_TOPIC_ROOT}/${school}/${device}/${channel}`;
}

/**
 * Splits a native topic; `undefined` when the topic is not under `campus/v1/` with exactly three
 * levels (four for `…/command/ack`, whose channel is then `command/ack`).
 */
export function parseNativeTopic(topic: string): NativeTopic | undefined {
  if (!topic.startsWith(`${NATIVE_TOPIC_ROOT}/`)) return undefined;
  const parts = topic.slice(NATIVE_TOPIC_ROOT.length + 1).split('/');
  if (parts.length === 4 && parts[2] === 'command' && parts[3] === 'ack') {
    parts.splice(2, 2, NATIVE_COMMAND_ACK_CHANNEL);
  }
  if (parts.length !== 3) return undefined;
  const [school, device, channel] = parts as [string, string, string];
  if (!school || !device || !channel) return undefined;
  return { school, device, channel };
}

export function isNativeChannel(channel: string): channel is NativeChannel {
  return (NATIVE_CHANNELS as readonly string[]).includes(channel);
}
