import { describe, expect, it } from 'vitest';
import { parseSites } from '../sites/parse-sites';
import { oneSchoolWith } from '../testing/sites.fixture';

const refusal = (devices: string) => {
  try {
    parseSites(oneSchoolWith(devices), 'test');
  } catch (error) {
    return (error as Error).message;
  }
  return 'accepted';
};

describe('sites file: cameras for video verification', () => {
  it('refuses covers on a device that is not a camera', () => {
    expect(
      refusal('              - { id: s1, kind: smoke_detector, secret: x, covers: [{ room: a }] }'),
    ).toMatch(/covers is only for cameras/);
  });
  it('refuses an empty covers entry and a URL with credentials', () => {
    expect(
      refusal(
        '              - { id: c1, kind: camera, isapi: { url: "http://x", username: a }, covers: [{}] }',
      ),
    ).toMatch(/names at least one of building, floor, room, zone/);
    expect(
      refusal('              - { id: c1, kind: camera, isapi: { url: "http://a:b@x", username: a } }'),
    ).toMatch(/no credentials in the URL/);
  });
  it('refuses a covering camera whose nvr has no http url', () => {
    expect(
      refusal(`              - { id: nvr-1, kind: nvr, protocol: frigate, secret: x }
              - { id: c1, kind: camera, via: { bridge: nvr-1, name: gate }, covers: [{ room: a }] }`),
    ).toMatch(/its nvr "nvr-1" has no http/);
  });
  it('refuses http on a camera (its own URL goes under isapi)', () => {
    expect(refusal('              - { id: c1, kind: camera, secret: x, http: { url: "http://x" } }')).toMatch(
      /http is only for an nvr/,
    );
  });
  it('accepts an ISAPI camera without an MQTT secret', () => {
    expect(
      refusal(
        '              - { id: c1, kind: camera, isapi: { url: "http://x/", username: a, passwordEnv: CAM_PW }, covers: [{ room: a }] }',
      ),
    ).toBe('accepted');
  });
});
