import type { Device } from '@campus/device-protocols';

/**
 * Which devices "silent 5 min" (docs/alerting.md) applies to, and from when:
 * - `from_start`: native devices (their own MQTT session, regular telemetry). Watched from the
 *   engine's start, so a declared device that never connects is reported 5 min after start.
 * - `after_first_message`: GB/T 26875.3 transmitters, which keep a heartbeat once connected but
 *   are only reachable while the optional TCP listener runs (`GB26875_PORT`).
 * - `never`: bridges (Zigbee2MQTT, Frigate) and devices behind them. Bridges have a will on their
 *   availability topic; Zigbee devices report rarely (hours apart on battery) and Zigbee2MQTT's own
 *   availability check speaks for them; cameras speak only when they see something and count as
 *   alive while their NVR is. Their `availability` messages still open and clear `device_offline`.
 */
export type SilenceWatch = 'from_start' | 'after_first_message' | 'never';

export function silenceWatch(device: Device | undefined): SilenceWatch {
  if (!device || device.via) return 'never';
  if (device.protocol === 'native') return 'from_start';
  if (device.protocol === 'gb26875') return 'after_first_message';
  return 'never';
}
