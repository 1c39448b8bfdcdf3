/** Reads a 6-byte little-endian address (源地址/目的地址) as an integer (exact: 48 bits fit a double). */
export function readGb26875Address(bytes: Uint8Array, offset: number): number {
  let value = 0;
  for (let i = 5; i >= 0; i--) value = value * 256 + (bytes[offset + i] ?? 0);
  return value;
}

/** Writes `address` (0 … 2^48−1) as 6 bytes little-endian. */
export function writeGb26875Address(target: Uint8Array, offset: number, address: number): void {
  let rest = address;
  for (let i = 0; i < 6; i++) {
    target[offset + i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
}

/** Little-endian unsigned 16-bit. */
export function readUint16(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] ?? 0) | ((bytes[offset + 1] ?? 0) << 8);
}

/** Little-endian signed 16-bit (模拟量值). */
export function readInt16(bytes: Uint8Array, offset: number): number {
  const value = readUint16(bytes, offset);
  return value >= 0x8000 ? value - 0x10000 : value;
}

/** Little-endian unsigned 32-bit (部件地址). */
export function readUint32(bytes: Uint8Array, offset: number): number {
  return readUint16(bytes, offset) + readUint16(bytes, offset + 2) * 0x10000;
}

/** Lower-case hex of the bytes, for logs and the `raw` field of event data. */
export function toHex(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += byte.toString(16).padStart(2, '0');
  return text;
}
