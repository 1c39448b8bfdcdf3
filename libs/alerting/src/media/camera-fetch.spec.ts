import { describe, expect, it } from 'vitest';
import { jpegBytes } from '../testing/image-bytes.fixture';
import { contentProblem, describeFetchError, isMp4 } from './camera-fetch';
import { DEFAULT_MEDIA_LIMITS, mediaLimitsFromEnv } from './media-limits';

const mp4 = () => {
  const b = Buffer.alloc(16);
  b.writeUInt32BE(16, 0);
  b.write('ftypisom', 4, 'latin1');
  return new Uint8Array(b);
};

describe('camera files', () => {
  it('a snapshot is a JPEG by its type and its bytes', () => {
    expect(contentProblem('snapshot', 'image/jpeg', jpegBytes())).toBeUndefined();
    expect(contentProblem('snapshot', 'image/jpeg; charset=binary', jpegBytes())).toBeUndefined();
    expect(contentProblem('snapshot', 'text/html', jpegBytes())).toBe('answered text/html, not image/jpeg');
    expect(contentProblem('snapshot', '', jpegBytes())).toBe('answered no content type, not image/jpeg');
    expect(contentProblem('snapshot', 'image/jpeg', new Uint8Array([1, 2, 3]))).toBe(
      'answered bytes that are not a JPEG image',
    );
  });
  it('a clip is an MP4 by its type and its ftyp box', () => {
    expect(isMp4(mp4())).toBe(true);
    expect(contentProblem('clip', 'video/mp4', mp4())).toBeUndefined();
    expect(contentProblem('clip', 'video/mp4', jpegBytes())).toBe('answered bytes that are not an MP4 video');
    expect(contentProblem('clip', 'image/jpeg', mp4())).toBe('answered image/jpeg, not video/mp4');
  });
  it('words the network failures', () => {
    const net = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: { code } });
    expect(describeFetchError(net('ECONNREFUSED'), 5000)).toBe('connection refused');
    expect(describeFetchError(net('EHOSTUNREACH'), 5000)).toBe('host unreachable');
    expect(describeFetchError(Object.assign(new Error('x'), { name: 'TimeoutError' }), 5000)).toBe(
      'no answer within 5 s',
    );
  });
  it('limits: defaults, the environment, and a clear refusal', () => {
    expect(mediaLimitsFromEnv({})).toEqual(DEFAULT_MEDIA_LIMITS);
    expect(DEFAULT_MEDIA_LIMITS.timeoutMs).toBe(5000);
    expect(mediaLimitsFromEnv({ CAMERA_TIMEOUT_MS: '2500' }).timeoutMs).toBe(2500);
    expect(() => mediaLimitsFromEnv({ CAMERA_CLIP_MAX_BYTES: '-1' })).toThrow(
      /CAMERA_CLIP_MAX_BYTES must be above 0/,
    );
  });
});
