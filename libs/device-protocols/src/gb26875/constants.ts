/**
 * GB/T 26875.3-2011 framing constants. Byte numbers in comments are 1-based, as in the standard;
 * offsets in code are 0-based.
 */

/** Start marker `@@`. */
export const GB26875_START = 0x40;
/** End marker `##`. */
export const GB26875_END = 0x23;
/** Bytes 1–27: start marker and control unit (serial … command byte). */
export const GB26875_HEADER_BYTES = 27;
/** Header + checksum + end marker: a frame with an empty ADU. */
export const GB26875_MIN_FRAME_BYTES = 30;
/** The standard caps the application data unit at 1024 bytes. */
export const GB26875_MAX_ADU_BYTES = 1024;
export const GB26875_MAX_FRAME_BYTES = GB26875_MIN_FRAME_BYTES + GB26875_MAX_ADU_BYTES;
/** The largest 6-byte address. */
export const GB26875_MAX_ADDRESS = 2 ** 48 - 1;

/** 0-based offsets of the control-unit fields. */
export const OFFSET = {
  serial: 2,
  majorVersion: 4,
  userVersion: 5,
  timeLabel: 6,
  source: 12,
  destination: 18,
  aduLength: 24,
  command: 26,
  adu: 27,
} as const;

/** 控制单元命令字节 (§3.3 of the notes). 0 and 7–127 are reserved, 128–255 user-defined. */
export const GB26875_COMMAND = {
  control: 1,
  send: 2,
  confirm: 3,
  request: 4,
  answer: 5,
  deny: 6,
} as const;
export type Gb26875Command = (typeof GB26875_COMMAND)[keyof typeof GB26875_COMMAND];

/**
 * Why a frame or its content was refused. These are `reason` labels of
 * `campus_messages_malformed_total` for the GB/T 26875.3 listener.
 */
export const GB26875_MALFORMED_REASONS = [
  /** Bytes before a `@@` that belong to no frame (skipped while resynchronising). */
  'noise',
  /** The ADU length field is over 1024. */
  'adu_too_large',
  /** No `##` where the ADU length says the frame ends. */
  'bad_end_marker',
  /** The 8-bit sum of bytes 3…27+L does not match. */
  'bad_checksum',
  /** A command byte a device does not send to a centre (0, 1, 4, 7–255). */
  'unknown_command',
  /** The ADU's length does not match its type and object count. */
  'bad_adu',
] as const;
export type Gb26875MalformedReason = (typeof GB26875_MALFORMED_REASONS)[number];
