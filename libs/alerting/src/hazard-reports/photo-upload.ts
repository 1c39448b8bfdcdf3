import type { IncomingMessage } from 'node:http';
import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import { IMAGE_TYPES, imageTypeOf, type ImageType } from './image-check';
import { PHOTO_MAX_INPUT_PIXELS, reencodePhoto, UndecodableImageError } from './image-reencode';

/** A photo that passed the checks, re-encoded: its type (always JPEG now) and its bytes. */
export interface CheckedPhoto {
  type: ImageType;
  bytes: Uint8Array;
}

export interface Upload {
  /** The text fields (the first value of each). */
  fields: Record<string, string>;
  photos: CheckedPhoto[];
}

export interface UploadRules {
  photoMaxBytes: number;
  requestMaxBytes: number;
  minPhotos: number;
  maxPhotos: number;
}

const MIB = 1024 * 1024;
const size = (n: number): string => (n >= MIB ? `${(n / MIB).toFixed(1)} MiB` : `${n} bytes`);

/**
 * Reads a `multipart/form-data` request (text fields and files in the field `photos`) and checks
 * it entirely before anything is stored: the request's size (413), each photo's size (413), each
 * photo's content (400 unless JPEG, PNG or WebP by its magic bytes), the number of photos (400).
 * A request over the size limit is read to its end and dropped, so the client gets the answer.
 * Then every photo is decoded and encoded again (`reencodePhoto`: JPEG, ≤ 2048 px, no EXIF/GPS);
 * one that does not decode is refused (400).
 */
export async function readUpload(req: IncomingMessage, rules: UploadRules): Promise<Upload> {
  const contentType = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data;/i.test(contentType)) {
    throw new BadRequestException(
      'send multipart/form-data: the text fields, and the photos as files in the field "photos"',
    );
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total <= rules.requestMaxBytes) chunks.push(chunk);
  }
  if (total > rules.requestMaxBytes) {
    throw new PayloadTooLargeException(
      `the upload is ${size(total)}, over the limit of ${size(rules.requestMaxBytes)} per request (HAZARD_REPORT_MAX_BYTES): send fewer or smaller photos`,
    );
  }
  let form: FormData;
  try {
    form = await new Response(Buffer.concat(chunks), { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new BadRequestException('the multipart/form-data body could not be read: send it again');
  }
  const fields: Record<string, string> = {};
  const files: File[] = [];
  for (const [name, value] of form) {
    if (typeof value === 'string') {
      if (!(name in fields)) fields[name] = value;
    } else if (name === 'photos') {
      files.push(value);
    } else {
      throw new BadRequestException(
        `unexpected file in the field "${name}": photos go in the field "photos"`,
      );
    }
  }
  if (files.length < rules.minPhotos || files.length > rules.maxPhotos) {
    throw new BadRequestException(
      rules.minPhotos === rules.maxPhotos
        ? `send ${rules.minPhotos} photos in the field "photos", got ${files.length}`
        : `send ${rules.minPhotos} to ${rules.maxPhotos} photos in the field "photos", got ${files.length}`,
    );
  }
  const photos: CheckedPhoto[] = [];
  for (const [i, file] of files.entries()) {
    const label = `photo ${i + 1} (${JSON.stringify(file.name)})`;
    if (file.size > rules.photoMaxBytes) {
      throw new PayloadTooLargeException(
        `${label} is ${size(file.size)}, over the limit of ${size(rules.photoMaxBytes)} per photo (HAZARD_PHOTO_MAX_BYTES): downscale it`,
      );
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const type = imageTypeOf(bytes);
    if (type === undefined) {
      throw new BadRequestException(
        `${label} is not a ${Object.keys(IMAGE_TYPES).join(', ')} image (checked by its content): send a photo`,
      );
    }
    let clean: Uint8Array;
    try {
      clean = await reencodePhoto(bytes);
    } catch (error) {
      if (!(error instanceof UndecodableImageError)) throw error;
      throw new BadRequestException(
        `${label} looks like ${type} but could not be decoded (${error.message}; at most ${PHOTO_MAX_INPUT_PIXELS} pixels): send the photo again or take a new one`,
      );
    }
    photos.push({ type: 'image/jpeg', bytes: clean });
  }
  return { fields, photos };
}
