import { writeGb26875Address } from './address';
import { gb26875Checksum } from './checksum';
import {
  GB26875_COMMAND,
  GB26875_END,
  GB26875_MAX_ADDRESS,
  GB26875_MAX_ADU_BYTES,
  GB26875_MIN_FRAME_BYTES,
  GB26875_START,
  OFFSET,
} from './constants';
import type { Gb26875Header } from './frame';
import { writeTimeLabel, type TimeLabel } from './time-label';

export interface Gb26875FrameFields {
  serial: number;
  /** Default 1 (fixed by the standard). */
  majorVersion?: number;
  /** Default 1. */
  userVersion?: number;
  timeLabel: TimeLabel;
  source: number;
  destination: number;
  command: number;
  /** Default empty (heartbeats, 确认, 否认). */
  adu?: Uint8Array;
}

/** Encodes one frame: `@@`, control unit, ADU, checksum, `##`. */
export function buildGb26875Frame(fields: Gb26875FrameFields): Uint8Array {
  const adu = fields.adu ?? new Uint8Array(0);
  if (adu.length > GB26875_MAX_ADU_BYTES) {
    throw new RangeError(`ADU is ${adu.length} bytes, over the limit of ${GB26875_MAX_ADU_BYTES}`);
  }
  for (const [name, value] of [
    ['source', fields.source],
    ['destination', fields.destination],
  ] as const) {
    if (!Number.isInteger(value) || value < 0 || value > GB26875_MAX_ADDRESS)
      throw new RangeError(`${name} address must be an integer 0 … ${GB26875_MAX_ADDRESS}, got ${value}`);
  }
  const frame = new Uint8Array(GB26875_MIN_FRAME_BYTES + adu.length);
  frame[0] = GB26875_START;
  frame[1] = GB26875_START;
  frame[OFFSET.serial] = fields.serial & 0xff;
  frame[OFFSET.serial + 1] = (fields.serial >> 8) & 0xff;
  frame[OFFSET.majorVersion] = fields.majorVersion ?? 1;
  frame[OFFSET.userVersion] = fields.userVersion ?? 1;
  writeTimeLabel(frame, OFFSET.timeLabel, fields.timeLabel);
  writeGb26875Address(frame, OFFSET.source, fields.source);
  writeGb26875Address(frame, OFFSET.destination, fields.destination);
  frame[OFFSET.aduLength] = adu.length & 0xff;
  frame[OFFSET.aduLength + 1] = adu.length >> 8;
  frame[OFFSET.command] = fields.command;
  frame.set(adu, OFFSET.adu);
  const checksumAt = OFFSET.adu + adu.length;
  frame[checksumAt] = gb26875Checksum(frame, OFFSET.serial, checksumAt);
  frame[checksumAt + 1] = GB26875_END;
  frame[checksumAt + 2] = GB26875_END;
  return frame;
}

/**
 * The centre's answer to a frame: 确认 (3) or 否认 (6) with an empty ADU, the request's serial and
 * versions echoed, source and destination swapped, stamped with the centre's local time.
 */
export function buildGb26875Reply(
  request: Gb26875Header,
  command: typeof GB26875_COMMAND.confirm | typeof GB26875_COMMAND.deny,
  timeLabel: TimeLabel,
): Uint8Array {
  return buildGb26875Frame({
    serial: request.serial,
    majorVersion: request.majorVersion,
    userVersion: request.userVersion,
    timeLabel,
    source: request.destination,
    destination: request.source,
    command,
  });
}
