import type { Device } from '../model/device';

/** What a decoder may know beyond the payload. Decoders are pure: time and lookups come from here. */
export interface DecodeContext {
  /** Gateway receive time, epoch ms; used when the payload carries no timestamp. */
  now: number;
  /** The device a bridge calls `name` (Zigbee2MQTT friendly_name, Frigate camera), if declared. */
  resolveVia(bridgeId: string, name: string): Device | undefined;
  /** Whether the school is open at `ts` (its hours in the province's timezone). */
  isSchoolOpen(schoolCode: string, ts: number): boolean;
}

/** Largest payload a device may send; `MAX_PAYLOAD_BYTES` overrides. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024;
