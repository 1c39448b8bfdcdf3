/** 8-bit arithmetic sum of `bytes[start, end)`, carries dropped (the frame checksum of GB/T 26875.3). */
export function gb26875Checksum(bytes: Uint8Array, start: number, end: number): number {
  let sum = 0;
  for (let i = start; i < end; i++) sum = (sum + (bytes[i] ?? 0)) & 0xff;
  return sum;
}
