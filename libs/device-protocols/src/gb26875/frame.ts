import { readGb26875Address, readUint16 } from './address';
import { GB26875_HEADER_BYTES, GB26875_MIN_FRAME_BYTES, OFFSET } from './constants';
import { readTimeLabel, type TimeLabel } from './time-label';

/** The control unit (bytes 3–27): everything needed to answer a frame, even a broken one. */
export interface Gb26875Header {
  /** 业务流水号, little-endian; the replier echoes it. */
  serial: number;
  /** Fixed 1 in the standard (not enforced: it is only reported). */
  majorVersion: number;
  userVersion: number;
  /** The send time, local time of the province. */
  timeLabel: TimeLabel;
  /** 6-byte little-endian source address as an integer: the transmitter's, for upstream frames. */
  source: number;
  destination: number;
  /** Declared ADU length (≤ 1024 in a valid frame). */
  aduLength: number;
  command: number;
}

/** A whole frame whose markers, length and checksum are right. */
export interface Gb26875Frame extends Gb26875Header {
  adu: Uint8Array;
  /** The frame as received, `@@` to `##`. */
  raw: Uint8Array;
}

/** Reads the control unit from the first 27 bytes of `bytes` (which start with `@@`). */
export function readGb26875Header(bytes: Uint8Array): Gb26875Header {
  if (bytes.length < GB26875_HEADER_BYTES) {
    throw new RangeError(`a GB/T 26875.3 header is ${GB26875_HEADER_BYTES} bytes, got ${bytes.length}`);
  }
  return {
    serial: readUint16(bytes, OFFSET.serial),
    majorVersion: bytes[OFFSET.majorVersion]!,
    userVersion: bytes[OFFSET.userVersion]!,
    timeLabel: readTimeLabel(bytes, OFFSET.timeLabel),
    source: readGb26875Address(bytes, OFFSET.source),
    destination: readGb26875Address(bytes, OFFSET.destination),
    aduLength: readUint16(bytes, OFFSET.aduLength),
    command: bytes[OFFSET.command]!,
  };
}

/** A frame from bytes the deframer has checked (markers, length, checksum). */
export function toGb26875Frame(raw: Uint8Array): Gb26875Frame {
  const header = readGb26875Header(raw);
  const end = OFFSET.adu + header.aduLength;
  if (raw.length !== GB26875_MIN_FRAME_BYTES + header.aduLength) {
    throw new RangeError(`frame is ${raw.length} bytes but its ADU length says ${30 + header.aduLength}`);
  }
  return { ...header, adu: raw.slice(OFFSET.adu, end), raw };
}
