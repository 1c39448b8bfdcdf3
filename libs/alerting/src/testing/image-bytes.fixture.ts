import { deflateSync } from 'node:zlib';

/** Test-only: small real images, made here so no binary files live in the repository. */

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A valid RGB PNG of `width`×`height` in one colour. */
export function pngBytes(width = 4, height = 4, rgb: [number, number, number] = [200, 30, 30]): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, deflate, no filter, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array()),
  ]);
}

/**
 * A valid baseline JPEG: one 8×8 grey block. Quantisation all ones; one Huffman code per table
 * (DC category 0, AC end-of-block), so the scan is the bits 0 0 padded with ones.
 */
export function jpegBytes(): Uint8Array {
  const segment = (marker: number, body: number[]): number[] => [
    0xff,
    marker,
    (body.length + 2) >> 8,
    (body.length + 2) & 0xff,
    ...body,
  ];
  const huffman = (tableClass: number): number[] => [tableClass << 4, 1, ...Array<number>(15).fill(0), 0x00];
  return Uint8Array.from([
    0xff,
    0xd8, // SOI
    ...segment(0xdb, [0x00, ...Array<number>(64).fill(1)]), // DQT, table 0
    ...segment(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]), // SOF0: 8×8, 1 component
    ...segment(0xc4, huffman(0)), // DHT DC 0
    ...segment(0xc4, huffman(1)), // DHT AC 0
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]), // SOS
    0x3f, // DC diff 0 ("0"), EOB ("0"), padding 1s
    0xff,
    0xd9, // EOI
  ]);
}

/** The GPS position a phone camera writes into EXIF (IFD3), as the tests look for it. */
export const GPS_EXIF = {
  GPSLatitudeRef: 'N',
  GPSLatitude: '34/1 15/1 0/1',
  GPSLongitudeRef: 'E',
  GPSLongitude: '108/1 56/1 0/1',
} as const;

/**
 * A camera-like JPEG: `width`×`height` with EXIF naming the camera and the GPS position where it
 * was taken (what a phone writes unless told not to). Made with sharp, like the server's re-encoding.
 */
export async function jpegWithGps(width = 64, height = 48): Promise<Uint8Array> {
  const { default: sharp } = await import('sharp');
  const out = await sharp({ create: { width, height, channels: 3, background: { r: 40, g: 90, b: 160 } } })
    .withExif({ IFD0: { Make: 'PhoneMaker', Model: 'Camera 1' }, IFD3: { ...GPS_EXIF } })
    .jpeg()
    .toBuffer();
  return new Uint8Array(out);
}

/** Whether `bytes` hold an EXIF block anywhere (APP1 "Exif\0\0"), or the GPS text the fixture wrote. */
export function hasExif(bytes: Uint8Array): boolean {
  const buf = Buffer.from(bytes);
  return buf.includes(Buffer.from('Exif\0\0', 'latin1')) || buf.includes(Buffer.from('PhoneMaker'));
}
