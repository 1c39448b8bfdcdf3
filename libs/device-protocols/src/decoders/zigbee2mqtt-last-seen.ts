import { isPlausibleTimestamp } from './timestamp';

/** ISO 8601 with an explicit offset, as Z2M writes `last_seen` (`ISO_8601` or `ISO_8601_local`). */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/**
 * The time of a Zigbee2MQTT state message: its `last_seen` (ISO string or epoch ms, present when
 * `advanced.last_seen` is enabled) when plausible, else `now`. A string without an offset is not
 * used: it would be read in the gateway's own timezone.
 */
export function zigbee2mqttStateTime(lastSeen: unknown, now: number): number {
  let ts: number | undefined;
  if (typeof lastSeen === 'number') ts = Math.round(lastSeen);
  else if (typeof lastSeen === 'string' && ISO_WITH_OFFSET.test(lastSeen)) ts = Date.parse(lastSeen);
  return ts !== undefined && isPlausibleTimestamp(ts, now) ? ts : now;
}
