import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { checkKey, type PhotoStore } from './photo-store';
import type { S3Location } from './s3-url';

const CONTENT_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  mp4: 'video/mp4',
};

/** Whether the S3 error says "no such object" (GetObject: NoSuchKey; HeadObject: a bare 404). */
function isMissing(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.name === 'NoSuchKey' || error.name === 'NotFound' || error.$metadata.httpStatusCode === 404)
  );
}

/**
 * Photos as objects of one bucket of S3-compatible storage (`S3_URL`, docs/operations.md "Photo
 * storage"), under an optional key prefix. Uses PutObject, GetObject, HeadObject and DeleteObject
 * only, so any S3-compatible service (MinIO, Ceph RGW, OSS/COS/OBS in S3 mode) serves it.
 */
export class S3PhotoStore implements PhotoStore {
  private readonly client: S3Client;

  constructor(private readonly location: S3Location) {
    this.client = new S3Client({
      endpoint: location.endpoint,
      region: location.region,
      forcePathStyle: location.forcePathStyle,
      credentials: { accessKeyId: location.accessKeyId, secretAccessKey: location.secretAccessKey },
      // the newer default checksums (CRC32 headers and trailers) are unknown to many S3-compatible servers
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 3,
    });
  }

  /** Where it writes, for the start-up log (no credentials). */
  describe(): string {
    return `${this.location.endpoint}/${this.location.bucket}/${this.location.prefix}`;
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const Key = this.objectKey(key);
    // keys are fresh UUIDs; the HEAD only guards against overwriting evidence by a bug
    if (await this.exists(Key)) throw new Error(`photo ${key} exists already in the bucket: not overwritten`);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.location.bucket,
        Key,
        Body: bytes,
        ContentLength: bytes.byteLength,
        ContentType: CONTENT_TYPES[key.slice(key.lastIndexOf('.') + 1)] ?? 'application/octet-stream',
      }),
    );
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.location.bucket, Key: this.objectKey(key) }),
      );
      if (out.Body === undefined) return undefined;
      return Buffer.from(await out.Body.transformToByteArray());
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    await this.client.send(
      new DeleteObjectCommand({ Bucket: this.location.bucket, Key: this.objectKey(key) }),
    );
  }

  close(): void {
    this.client.destroy();
  }

  private async exists(Key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.location.bucket, Key }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  private objectKey(key: string): string {
    return `${this.location.prefix}${checkKey(key)}`;
  }
}
