/**
 * GB/T 26875.3-2011 example frames (device 0x000000000379 = 889, centre 0x000000015B38 = 88888,
 * header time 2012-09-26 09:58:32), from the public transcription named in
 * the GB/T 26875.3 worked example (docs/protocol.md); checksums re-verified by the specs.
 */

/** Hex with any whitespace → bytes. */
export function hexBytes(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  if (clean.length % 2 !== 0) throw new Error(`odd number of hex digits: ${hex}`);
  return Uint8Array.from(clean.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

const DEVICE_HEADER = '40 40 01 00 01 01 20 3A 09 1A 09 0C 79 03 00 00 00 00 38 5B 01 00 00 00';
const CENTRE_HEADER = '40 40 01 00 01 01 20 3A 09 1A 09 0C 38 5B 01 00 00 00 79 03 00 00 00 00';

export const DEVICE_ADDRESS = 889;
export const CENTRE_ADDRESS = 88888;

export const VECTORS = {
  /** 2号10区 感烟探测器 火警 2012-09-26 09:58:02 (type 2, sys 1/1, comp type 40, state 0x0002). */
  smokeFireAlarm: hexBytes(
    `${DEVICE_HEADER} 30 00 02 02 01 01 01 28 0A 00 02 00 02 00 ${'20 '.repeat(30)} 00 02 3A 09 1A 09 0C 46 23 23`,
  ),
  /** The centre's 确认 of it, sent at 09:58:35. */
  centreConfirm: hexBytes(
    '40 40 01 00 01 01 23 3A 09 1A 09 0C 38 5B 01 00 00 00 79 03 00 00 00 00 00 00 03 AB 23 23',
  ),
  /** The centre's 否认 of it. */
  centreDeny: hexBytes(
    '40 40 01 00 01 01 23 3A 09 1A 09 0C 38 5B 01 00 00 00 79 03 00 00 00 00 00 00 06 AE 23 23',
  ),
  /** Transmitter software version V1.1 (type 25). */
  softwareVersion: hexBytes(`${DEVICE_HEADER} 04 00 02 19 01 01 01 C7 23 23`),
  /** Transmitter main power fault (type 21, state 0x08) 2012-09-26 09:58:02. */
  mainPowerFault: hexBytes(`${DEVICE_HEADER} 09 00 02 15 01 08 02 3A 09 1A 09 0C 42 23 23`),
  /** Transmitter operation: duty check answered (type 24, flags 0x20, operator 1). */
  dutyCheckAnswer: hexBytes(`${DEVICE_HEADER} 0A 00 02 18 01 20 01 02 3A 09 1A 09 0C 5F 23 23`),
  /** Transmitter clock (type 28). */
  transmitterTime: hexBytes(`${DEVICE_HEADER} 08 00 02 1C 01 02 3A 09 1A 09 0C 40 23 23`),
  /** Centre reads the transmitter state (cmd 4, type 81). */
  readTransmitterState: hexBytes(`${CENTRE_HEADER} 03 00 04 51 01 00 FE 23 23`),
  /** Centre syncs the transmitter clock (cmd 1, type 90, with the 6-byte time). */
  clockSync: hexBytes(`${CENTRE_HEADER} 08 00 01 5A 01 02 3A 09 1A 09 0C 7D 23 23`),
  /** Centre's duty check (cmd 1, type 91, byte 0x0A). */
  dutyCheck: hexBytes(`${CENTRE_HEADER} 03 00 01 5B 01 0A 0F 23 23`),
} as const;
