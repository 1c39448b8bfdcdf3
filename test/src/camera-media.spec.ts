import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchCameraFile, type MediaLimits } from '@campus/alerting';
import { mediaPlan, parseSites, type MediaRequest } from '@campus/device-protocols';
import { CameraServer } from '@campus/simulators';
import { freePort, sitesYaml } from '@campus/test-kit';

/**
 * 视频复核's camera side over real HTTP (docs/alerting.md): the alert service's fetch against the
 * simulator's Frigate- and ISAPI-compatible CameraServer — the vendors' software is outside this
 * network — with the requests built from a sites file as in production.
 */
const LIMITS: MediaLimits = { timeoutMs: 2_000, snapshotMaxBytes: 1024 * 1024, clipMaxBytes: 1024 * 1024 };
const JPEG = [0xff, 0xd8, 0xff];

describe('fetching camera pictures', () => {
  let nvr: CameraServer;
  let hik: CameraServer;
  let slow: CameraServer;
  let sites: ReturnType<typeof parseSites>;

  beforeAll(async () => {
    [nvr, hik, slow] = await Promise.all([
      CameraServer.start({ clips: new Set(['1700000000.5-abc']) }),
      CameraServer.start({ isapi: { username: 'admin', password: 'cam-pass-1' } }),
      CameraServer.start({ delayMs: 3_000 }),
    ]);
    sites = parseSites(
      sitesYaml({
        schools: [
          {
            code: '2161010001',
            name: '一小',
            devices: [
              { id: 'nvr-1', kind: 'nvr', protocol: 'frigate', secret: 's', http: { url: nvr.url } },
              { id: 'cam-lab', kind: 'camera', via: { bridge: 'nvr-1', name: 'lab_2f' } },
              {
                id: 'cam-hik',
                kind: 'camera',
                isapi: { url: hik.url, username: 'admin', passwordEnv: 'CAM_HIK_PASSWORD' },
              },
            ],
          },
        ],
      }),
      'test',
    );
  });
  afterAll(() => Promise.all([nvr.close(), hik.close(), slow.close()]));

  const requestsOf = (camera: string, frigateId?: string): MediaRequest[] => {
    const plan = mediaPlan(sites, sites.deviceById.get(camera)!, frigateId);
    if (!plan.ok) throw new Error(plan.reason);
    return plan.requests;
  };

  it('a Frigate event: its snapshot (JPEG) and its clip (MP4)', async () => {
    const [snapshot, clip] = requestsOf('cam-lab', '1700000000.5-abc');
    const picture = await fetchCameraFile(snapshot!, LIMITS, {});
    expect(picture).toMatchObject({ ok: true, contentType: 'image/jpeg' });
    expect(picture.ok && [...picture.bytes.subarray(0, 3)]).toEqual(JPEG);
    expect(await fetchCameraFile(clip!, LIMITS, {})).toMatchObject({ ok: true, contentType: 'video/mp4' });
    expect(nvr.requests.slice(-2).map((r) => r.path)).toEqual([
      '/api/events/1700000000.5-abc/snapshot.jpg',
      '/api/events/1700000000.5-abc/clip.mp4',
    ]);
  });

  it('an event without a recording has no clip, which is no failure; a camera without an event its latest frame', async () => {
    const [, clip] = requestsOf('cam-lab', '1700000001.0-def');
    expect(await fetchCameraFile(clip!, LIMITS, {})).toEqual({
      ok: false,
      absent: true,
      error: 'not recorded',
    });
    const [latest] = requestsOf('cam-lab');
    expect(await fetchCameraFile(latest!, LIMITS, {})).toMatchObject({ ok: true });
    expect(nvr.requests.at(-1)?.path).toBe('/api/lab_2f/latest.jpg');
  });

  it('ISAPI: picture capture with HTTP digest, the password from its environment variable', async () => {
    const [picture] = requestsOf('cam-hik');
    expect(await fetchCameraFile(picture!, LIMITS, { CAM_HIK_PASSWORD: 'cam-pass-1' })).toMatchObject({
      ok: true,
    });
    expect(hik.requests.slice(-2).map((r) => r.status)).toEqual([401, 200]);
    const wrong = await fetchCameraFile(picture!, LIMITS, { CAM_HIK_PASSWORD: 'wrong' });
    expect(wrong).toEqual({
      ok: false,
      absent: false,
      error: 'refused the credentials (HTTP 401) — check the isapi username and password',
    });
    expect(JSON.stringify(wrong)).not.toContain('wrong');
    expect(await fetchCameraFile(picture!, LIMITS, {})).toMatchObject({
      ok: false,
      error: 'needs the password in CAM_HIK_PASSWORD, which is not set',
    });
  });

  it('says why a camera gave nothing: refused, too slow, too large, not a picture', async () => {
    const url = (base: string, path: string) => `${base}${path}`;
    const gone = `http://127.0.0.1:${await freePort()}`;
    const snapshot = (u: string): MediaRequest => ({ kind: 'snapshot', url: u, optional: false });
    expect(await fetchCameraFile(snapshot(url(gone, '/api/x/latest.jpg')), LIMITS, {})).toMatchObject({
      ok: false,
      error: 'connection refused',
    });
    const started = Date.now();
    expect(await fetchCameraFile(snapshot(url(slow.url, '/api/x/latest.jpg')), LIMITS, {})).toMatchObject({
      ok: false,
      error: 'no answer within 2 s',
    });
    expect(Date.now() - started).toBeLessThan(2_900);
    expect(
      await fetchCameraFile(
        snapshot(url(nvr.url, '/api/x/latest.jpg')),
        { ...LIMITS, snapshotMaxBytes: 100 },
        {},
      ),
    ).toMatchObject({ ok: false, error: expect.stringMatching(/^more than 100 bytes/) });
    expect(
      await fetchCameraFile(snapshot(url(nvr.url, '/api/events/1700000000.5-abc/clip.mp4')), LIMITS, {}),
    ).toMatchObject({ ok: false, error: 'answered video/mp4, not image/jpeg' });
    expect(await fetchCameraFile(snapshot(url(nvr.url, '/nothing')), LIMITS, {})).toMatchObject({
      ok: false,
      error: 'answered HTTP 404',
    });
  });
});
