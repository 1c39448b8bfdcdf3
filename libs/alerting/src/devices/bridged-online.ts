/**
 * Whether a device is online, given its own availability and, for a device behind a bridge
 * (Zigbee2MQTT, Frigate NVR), the bridge's. A bridge that is offline takes its devices with it
 * (nothing of theirs can arrive); a device that never reported availability itself — a Frigate
 * camera, whose NVR reports `frigate/available` for all of them — is as online as its bridge.
 * Null: nothing known yet.
 */
export function effectiveOnline(
  own: boolean | null | undefined,
  bridge: boolean | null | undefined,
): boolean | null {
  if (bridge === false) return false;
  if (own !== null && own !== undefined) return own;
  return bridge ?? null;
}
