/**
 * Photos leave the phone small and without EXIF (docs/user-guide.md "隐患随手拍"): each is drawn
 * on a canvas at most MAX_EDGE pixels on its longer side and encoded as JPEG. A canvas holds pixels
 * only, so the location and camera data of the original never reach the server.
 */
export const MAX_EDGE = 1600;
export const JPEG_QUALITY = 0.85;

/** The size to draw at: the longer side at most `maxEdge`, the aspect kept, never enlarged, whole pixels ≥ 1. */
export function fitWithin(
  width: number,
  height: number,
  maxEdge = MAX_EDGE,
): { width: number; height: number } {
  if (!(width > 0 && height > 0)) throw new RangeError(`not an image size: ${width}×${height}`);
  const scale = Math.min(1, maxEdge / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

/** The photo re-drawn within MAX_EDGE as JPEG (EXIF dropped; the phone's orientation applied by the browser). */
export async function downscaleToJpeg(file: Blob, maxEdge = MAX_EDGE): Promise<Blob> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const size = fitWithin(bitmap.width, bitmap.height, maxEdge);
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const ctx = canvas.getContext('2d');
    if (ctx === null) throw new Error('this browser cannot draw on a canvas');
    // JPEG has no transparency: a white ground instead of black for PNGs with alpha
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, size.width, size.height);
    ctx.drawImage(bitmap, 0, 0, size.width, size.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('the photo could not be encoded as JPEG'))),
        'image/jpeg',
        JPEG_QUALITY,
      ),
    );
  } finally {
    bitmap.close();
  }
}
