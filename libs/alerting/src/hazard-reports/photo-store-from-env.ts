import { join } from 'node:path';
import { FilePhotoStore, type PhotoStore } from './photo-store';
import { S3PhotoStore } from './s3-photo-store';
import { parseS3Url } from './s3-url';

/**
 * The photo store the environment asks for: S3-compatible storage with S3_URL, else files in
 * `<dataDir>/photos`. A malformed S3_URL stops the start (S3ConfigError) rather than storing
 * evidence somewhere nobody looks.
 */
export function photoStoreFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  dataDir: string,
): PhotoStore {
  const s3 = parseS3Url(env);
  return s3 === undefined ? new FilePhotoStore(join(dataDir, 'photos')) : new S3PhotoStore(s3);
}
