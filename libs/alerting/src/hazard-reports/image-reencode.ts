import sharp from 'sharp';

/** The longest side of a stored photo, in pixels (docs/alerting.md "Hazard reports"). */
export const PHOTO_MAX_SIDE = 2048;
/** Decompression bombs: an image claiming more pixels than this is refused before decoding. */
export const PHOTO_MAX_INPUT_PIXELS = 50_000_000;
const JPEG_QUALITY = 82;

// one photo at a time per process, and no decoded-image cache: the machine is shared with ingest
sharp.concurrency(1);
sharp.cache(false);

/** A photo whose content could not be decoded as the image its magic bytes claim. */
export class UndecodableImageError extends Error {
  override name = 'UndecodableImageError';
}

/**
 * Decodes any accepted photo (JPEG, PNG, WebP) and encodes it again as a baseline JPEG of at most
 * PHOTO_MAX_SIDE px on its longest side: the EXIF orientation is applied to the pixels, then every
 * metadata block (EXIF with GPS, XMP, IPTC, ICC comments) is left behind — sharp writes none unless
 * asked. The browser already downscales, but the server does not trust that. Transparent areas
 * become white (JPEG has no alpha).
 */
export async function reencodePhoto(bytes: Uint8Array): Promise<Uint8Array> {
  try {
    const out = await sharp(bytes, { limitInputPixels: PHOTO_MAX_INPUT_PIXELS, failOn: 'error' })
      .rotate()
      .resize({ width: PHOTO_MAX_SIDE, height: PHOTO_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: JPEG_QUALITY, mozjpeg: false })
      .toBuffer();
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (error) {
    throw new UndecodableImageError(error instanceof Error ? error.message : String(error));
  }
}
