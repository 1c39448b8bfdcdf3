import { z } from 'zod';

/** Where and how to reach the photo bucket, from S3_URL (docs/operations.md "Photo storage"). */
export interface S3Location {
  /** `https://host[:port]` (`http://` with `tls=false`). */
  endpoint: string;
  bucket: string;
  /** Key prefix inside the bucket, empty or ending in `/`. */
  prefix: string;
  region: string;
  forcePathStyle: boolean;
  accessKeyId: string;
  secretAccessKey: string;
}

export class S3ConfigError extends Error {
  override name = 'S3ConfigError';
}

const FORMAT =
  's3://ACCESS_KEY:SECRET@host[:port]/bucket[/prefix]?region=cn-north-1&forcePathStyle=true&tls=true';

const flag = (name: string, fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { error: `S3_URL: ${name} must be true or false` })
    .optional()
    .transform((v) => (v === undefined ? fallback : v === 'true' || v === '1'));

const optionsSchema = z
  .object({
    region: z
      .string()
      .regex(/^[a-z0-9-]{1,40}$/, 'S3_URL: region must look like cn-north-1 or us-east-1')
      .default('us-east-1'),
    forcePathStyle: flag('forcePathStyle', true),
    tls: flag('tls', true),
  })
  .strict();

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * S3_URL checked: `s3://ACCESS_KEY:SECRET@host[:port]/bucket[/prefix]?region=…&forcePathStyle=…&tls=…`
 * (credentials percent-encoded). S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY give the credentials
 * instead, when the URL has none (so the secret need not sit in a URL). Undefined when S3_URL is
 * unset or blank; throws S3ConfigError saying what is wrong and the expected form.
 */
export function parseS3Url(env: Readonly<Record<string, string | undefined>>): S3Location | undefined {
  const text = env['S3_URL']?.trim();
  if (text === undefined || text === '') return undefined;
  const fail = (why: string): never => {
    throw new S3ConfigError(`S3_URL ${why}; expected ${FORMAT}`);
  };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail('is not a URL');
  }
  if (url.protocol !== 's3:') fail(`must start with s3://, got ${url.protocol}//`);
  if (url.hostname === '') fail('names no host');
  const [bucket = '', ...rest] = decodeURIComponent(url.pathname).replace(/^\/+/, '').split('/');
  if (!BUCKET.test(bucket)) fail(`names no valid bucket (got ${JSON.stringify(bucket)})`);
  const prefixPath = rest.filter((p) => p !== '').join('/');
  const options = optionsSchema.safeParse(Object.fromEntries(url.searchParams));
  if (!options.success) {
    fail(
      options.error.issues
        .map((i) => (i.code === 'unrecognized_keys' ? `has unknown options ${i.keys.join(', ')}` : i.message))
        .join('; '),
    );
  }
  const { region, forcePathStyle, tls } = options.data!;
  const accessKeyId = decodeURIComponent(url.username) || env['S3_ACCESS_KEY_ID']?.trim() || '';
  const secretAccessKey = decodeURIComponent(url.password) || env['S3_SECRET_ACCESS_KEY']?.trim() || '';
  if (accessKeyId === '' || secretAccessKey === '') {
    fail(
      'has no credentials: put ACCESS_KEY:SECRET@ in it, or set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY',
    );
  }
  return {
    endpoint: `${tls ? 'https' : 'http'}://${url.host}`,
    bucket,
    prefix: prefixPath === '' ? '' : `${prefixPath}/`,
    region,
    forcePathStyle,
    accessKeyId,
    secretAccessKey,
  };
}
