import { describe, expect, it } from 'vitest';
import { mediaReason } from './media-reason';

describe('mediaReason', () => {
  it('names the reasons the server gives', () => {
    expect(mediaReason('connection refused')).toEqual({ key: 'media.reason.refused' });
    expect(mediaReason('no answer within 5 s')).toEqual({
      key: 'media.reason.timeout',
      values: { seconds: '5' },
    });
    expect(mediaReason('answered HTTP 503')).toEqual({ key: 'media.reason.http', values: { status: '503' } });
    expect(mediaReason('needs the password in CAM_PW, which is not set')).toEqual({
      key: 'media.reason.password',
      values: { name: 'CAM_PW' },
    });
    expect(mediaReason('answered text/html, not image/jpeg')).toEqual({ key: 'media.reason.notImage' });
  });
  it('leaves an unknown reason to be shown as it is', () => {
    expect(mediaReason('something else')).toBeUndefined();
  });
});
