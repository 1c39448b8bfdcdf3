import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { hasExif, jpegBytes, jpegWithGps, pngBytes } from '../testing/image-bytes.fixture';
import { PHOTO_MAX_SIDE, reencodePhoto, UndecodableImageError } from './image-reencode';

describe('reencodePhoto', () => {
  it('drops EXIF with the GPS position and keeps the picture', async () => {
    const camera = await jpegWithGps(64, 48);
    expect(hasExif(camera)).toBe(true);
    expect((await sharp(camera).metadata()).exif).toBeDefined();

    const clean = await reencodePhoto(camera);
    expect(hasExif(clean)).toBe(false);
    const meta = await sharp(clean).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 64, height: 48 });
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
  });

  it('shrinks to at most 2048 px on the longest side, never enlarges', async () => {
    const wide = await sharp({ create: { width: 4000, height: 1000, channels: 3, background: '#888' } })
      .png()
      .toBuffer();
    const meta = await sharp(await reencodePhoto(wide)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', PHOTO_MAX_SIDE, 512]);
    const small = await sharp(await reencodePhoto(pngBytes(4, 4))).metadata();
    expect([small.width, small.height]).toEqual([4, 4]);
  });

  it('turns PNG, WebP and JPEG all into JPEG', async () => {
    const webp = await sharp({ create: { width: 10, height: 8, channels: 4, background: '#00000000' } })
      .webp()
      .toBuffer();
    for (const input of [pngBytes(5, 5), jpegBytes(), webp]) {
      expect((await sharp(await reencodePhoto(input)).metadata()).format).toBe('jpeg');
    }
  });

  it('applies the EXIF orientation to the pixels before dropping it', async () => {
    const rotated = await sharp({ create: { width: 60, height: 20, channels: 3, background: '#444' } })
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    const meta = await sharp(await reencodePhoto(rotated)).metadata();
    expect([meta.width, meta.height, meta.orientation]).toEqual([20, 60, undefined]);
  });

  it('refuses bytes that only start like an image', async () => {
    const fake = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6, 7, 8]);
    await expect(reencodePhoto(fake)).rejects.toBeInstanceOf(UndecodableImageError);
  });
});
