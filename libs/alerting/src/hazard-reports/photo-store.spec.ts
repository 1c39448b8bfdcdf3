import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jpegBytes } from '../testing/image-bytes.fixture';
import { photoStoreContract } from '../testing/photo-store.contract';
import { S3Double } from '../testing/s3-double';
import { FilePhotoStore } from './photo-store';
import { photoStoreFromEnv } from './photo-store-from-env';
import { S3PhotoStore } from './s3-photo-store';
import { parseS3Url } from './s3-url';

photoStoreContract('files under DATA_DIR', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'photo-store-'));
  return {
    store: new FilePhotoStore(join(dir, 'photos')),
    close: () => rm(dir, { recursive: true, force: true }),
  };
});

photoStoreContract('S3 (a local S3 API double)', async () => {
  const double = await S3Double.start();
  const store = photoStoreFromEnv({ S3_URL: double.s3url('evidence') }, '/nonexistent');
  expect(store).toBeInstanceOf(S3PhotoStore);
  return {
    store,
    close: async () => {
      (store as S3PhotoStore).close();
      await double.close();
    },
  };
});

describe('S3PhotoStore against the double', () => {
  it('writes objects under the prefix of S3_URL, signed with its access key', async () => {
    const double = await S3Double.start();
    const store = new S3PhotoStore(parseS3Url({ S3_URL: double.s3url('school/photos') })!);
    try {
      const key = '00000000-0000-4000-8000-000000000001.jpg';
      await store.put(key, jpegBytes());
      expect([...double.objects.keys()]).toEqual([`school/photos/${key}`]);
      expect(double.objects.get(`school/photos/${key}`)?.contentType).toBe('image/jpeg');
      expect(double.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['HEAD 404', 'PUT 200']);
    } finally {
      store.close();
      await double.close();
    }
  });

  it('fails loudly with the wrong access key (the double refuses it)', async () => {
    const double = await S3Double.start();
    const url = double.s3url().replace(encodeURIComponent(double.accessKeyId), 'SOMEONEELSE');
    const store = new S3PhotoStore(parseS3Url({ S3_URL: url })!);
    try {
      await expect(store.get('00000000-0000-4000-8000-000000000002.jpg')).rejects.toThrow();
      expect(double.requests.every((r) => r.status === 403)).toBe(true);
    } finally {
      store.close();
      await double.close();
    }
  });
});

describe('parseS3Url', () => {
  it('reads endpoint, bucket, prefix, region, path style and credentials', () => {
    expect(
      parseS3Url({
        S3_URL: 's3://AK%2F1:se%2Bcret@minio.campus.local:9000/photos/prod/?region=cn-north-1&tls=false',
      }),
    ).toEqual({
      endpoint: 'http://minio.campus.local:9000',
      bucket: 'photos',
      prefix: 'prod/',
      region: 'cn-north-1',
      forcePathStyle: true,
      accessKeyId: 'AK/1',
      secretAccessKey: 'se+cret',
    });
  });

  it('takes the credentials from S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY when the URL has none', () => {
    expect(
      parseS3Url({
        S3_URL: 's3://oss.example.cn/bucket1?forcePathStyle=false',
        S3_ACCESS_KEY_ID: 'ak',
        S3_SECRET_ACCESS_KEY: 'sk',
      }),
    ).toMatchObject({
      endpoint: 'https://oss.example.cn',
      bucket: 'bucket1',
      prefix: '',
      region: 'us-east-1',
      forcePathStyle: false,
      accessKeyId: 'ak',
      secretAccessKey: 'sk',
    });
  });

  it('is undefined when unset or blank', () => {
    expect(parseS3Url({})).toBeUndefined();
    expect(parseS3Url({ S3_URL: '  ' })).toBeUndefined();
  });

  it.each([
    ['https://k:s@host/bucket', /must start with s3:\/\//],
    ['s3://k:s@host/', /no valid bucket/],
    ['s3://k:s@host/B_ucket', /no valid bucket/],
    ['s3://host/bucket', /has no credentials: put ACCESS_KEY:SECRET@ in it, or set S3_ACCESS_KEY_ID/],
    ['s3://k:s@host/bucket?tls=maybe', /tls must be true or false/],
    ['s3://k:s@host/bucket?pathStyle=true', /unknown options pathStyle/],
    ['s3://k:s@host/bucket?region=Not A Region', /region must look like/],
  ])('refuses %s, naming the problem and the expected form', (url, why) => {
    expect(() => parseS3Url({ S3_URL: url })).toThrow(why);
    expect(() => parseS3Url({ S3_URL: url })).toThrow(/expected s3:\/\/ACCESS_KEY:SECRET@host/);
  });
});
