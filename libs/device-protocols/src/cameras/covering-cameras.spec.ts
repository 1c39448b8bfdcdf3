import { describe, expect, it } from 'vitest';
import { parseSites } from '../sites/parse-sites';
import { coveringCameras, matchCoverage } from './covering-cameras';
import { mediaPlan } from './snapshot-requests';
import { oneSchoolWith } from '../testing/sites.fixture';

const yaml =
  oneSchoolWith(`              - { id: smk-lab, kind: smoke_detector, secret: s1, location: { building: 实验楼, floor: 2, room: 化学实验室, use: lab } }
              - { id: smk-hall, kind: smoke_detector, secret: s1, location: { building: 实验楼, floor: 2, room: 走廊 } }
              - { id: smk-3f, kind: smoke_detector, secret: s1, location: { building: 实验楼, floor: 3, room: 仓库 } }
              - { id: smk-gym, kind: smoke_detector, secret: s1, location: { building: 体育馆, floor: 1, room: 器材室 } }
              - { id: nvr-1, kind: nvr, protocol: frigate, secret: s1, http: { url: "http://10.0.0.5:5000/" } }
              - id: cam-lab
                kind: camera
                via: { bridge: nvr-1, name: lab_2f }
                covers: [{ building: 实验楼, floor: 2, room: 化学实验室 }]
              - id: cam-2f
                kind: camera
                via: { bridge: nvr-1, name: corridor_2f }
                covers: [{ building: 实验楼, floor: 2 }]
              - id: cam-building
                kind: camera
                via: { bridge: nvr-1, name: lab_entrance }
                covers: [{ building: 实验楼 }]
              - id: cam-own-room
                kind: camera
                via: { bridge: nvr-1, name: hall }
                location: { building: 实验楼, floor: 2, room: 走廊 }
              - id: cam-isapi
                kind: camera
                isapi: { url: "http://10.0.0.9", username: admin, passwordEnv: CAM_ISAPI_PASSWORD }
                covers: [{ building: 体育馆 }]
`);
const sites = parseSites(yaml, 'test');
const ids = (deviceId: string | null, zones?: string[]) =>
  coveringCameras(sites, deviceId, zones).map((c) => c.id);

describe('coveringCameras', () => {
  it('takes the cameras covering the room when there are any', () => {
    expect(ids('smk-lab')).toEqual(['cam-lab']);
  });
  it('a camera without covers covers its own location’s room', () => {
    expect(ids('smk-hall')).toEqual(['cam-own-room']);
  });
  it('falls back to the floor, then the building', () => {
    expect(ids('smk-3f')).toEqual(['cam-building']);
  });
  it('never takes a camera of another building, and nothing for unknown devices', () => {
    expect(ids('smk-gym')).toEqual(['cam-isapi']);
    expect(ids('nope')).toEqual([]);
    expect(ids(null)).toEqual([]);
  });
  it('a camera’s own alarm shows that camera first', () => {
    expect(ids('cam-lab')[0]).toBe('cam-lab');
  });
});

describe('matchCoverage', () => {
  const lab = { location: { building: '实验楼', floor: 2, room: '化学实验室' } };
  it('needs every key given to agree', () => {
    expect(matchCoverage({ building: '实验楼', room: '化学实验室' }, lab)).toBe('room');
    expect(matchCoverage({ building: '教学楼', room: '化学实验室' }, lab)).toBeUndefined();
    expect(matchCoverage({ floor: 2 }, lab)).toBe('floor');
    expect(matchCoverage({ building: '实验楼' }, lab)).toBe('building');
  });
  it('matches a Frigate zone of the event as closely as a room', () => {
    expect(matchCoverage({ zone: 'fence' }, { zones: ['fence'] })).toBe('room');
    expect(matchCoverage({ zone: 'fence' }, { zones: ['gate'] })).toBeUndefined();
  });
});

describe('mediaPlan', () => {
  const camera = (id: string) => sites.deviceById.get(id)!;
  it('asks Frigate for the event’s snapshot and clip when the alarm is a Frigate event', () => {
    const plan = mediaPlan(sites, camera('cam-lab'), '1700000000.1-ab/c');
    expect(plan).toEqual({
      ok: true,
      requests: [
        {
          kind: 'snapshot',
          url: 'http://10.0.0.5:5000/api/events/1700000000.1-ab%2Fc/snapshot.jpg',
          optional: false,
        },
        { kind: 'clip', url: 'http://10.0.0.5:5000/api/events/1700000000.1-ab%2Fc/clip.mp4', optional: true },
      ],
    });
  });
  it('else the camera’s latest frame', () => {
    expect(mediaPlan(sites, camera('cam-2f'))).toEqual({
      ok: true,
      requests: [
        { kind: 'snapshot', url: 'http://10.0.0.5:5000/api/corridor_2f/latest.jpg', optional: false },
      ],
    });
  });
  it('an ISAPI camera: picture capture with digest auth, the password named, never given', () => {
    expect(mediaPlan(sites, camera('cam-isapi'))).toEqual({
      ok: true,
      requests: [
        {
          kind: 'snapshot',
          url: 'http://10.0.0.9/ISAPI/Streaming/channels/101/picture',
          optional: false,
          digest: { username: 'admin', passwordEnv: 'CAM_ISAPI_PASSWORD' },
        },
      ],
    });
  });
});
