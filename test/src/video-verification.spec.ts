import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Double } from '@campus/alerting/testing';
import { CameraServer } from '@campus/simulators';
import { freePort, launchChromium, waitFor, writeSitesFile } from '@campus/test-kit';
import { ApiUser } from './testing/api-client';
import { blockingViolations, formatViolations } from './testing/axe';
import { logIn, openDashboard, saveFailureScreenshots, screenshot, visit } from './testing/dashboard-page';
import { connectDevice } from './testing/device-client';
import { formatUnreadable, unreadableText } from './testing/readable-text';
import { startTestPlatform, type TestPlatform } from './testing/test-platform';

/**
 * 视频复核 end to end (docs/alerting.md "视频复核"): the platform as `npm start` runs it, with its
 * files in S3 (the S3 double); the lab's NVR is a local Frigate-compatible server (the simulator's
 * CameraServer), the library's NVR answers too late, the gym's camera is gone; paging goes to the
 * Twilio double.
 */
const SCHOOL = '2161010001';
const SCHOOL_PHONE = '+8613800000001';
const PASSWORD = 'video-pass';
const SECRET = (device: string) => `secret-${device}`;
const place = (building: string, floor: number, room: string) => ({ building, floor, room, use: 'lab' });

/** What the browser's image element tells (the test project has no DOM types). */
interface LoadedImage {
  complete: boolean;
  naturalWidth: number;
  getBoundingClientRect(): { width: number };
}

interface MediaJson {
  id: string;
  camera: string;
  kind: string;
  contentType: string | null;
  size: number | null;
  error: string | null;
  url: string | null;
}

describe('video verification: an alarm shows the covering camera’s picture, and an unreachable camera leaves a note', () => {
  let dir: string;
  let platform: TestPlatform;
  let guard: ApiUser;
  let county: ApiUser;
  let labNvr: CameraServer;
  let slowNvr: CameraServer;
  let s3: S3Double;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'campus-video-'));
    labNvr = await CameraServer.start({ clips: 'all' });
    slowNvr = await CameraServer.start({ delayMs: 8_000 });
    s3 = await S3Double.start();
    const gone = `http://127.0.0.1:${await freePort()}`;
    const device = (id: string, kind: string, extra: Record<string, unknown>) => ({ id, kind, ...extra });
    const sitesFile = await writeSitesFile(dir, {
      schools: [
        {
          code: SCHOOL,
          name: '雁塔区第一小学',
          devices: [
            device('nvr-lab', 'nvr', {
              protocol: 'frigate',
              baseTopic: 'frigate-lab',
              secret: SECRET('nvr-lab'),
              http: { url: labNvr.url },
            }),
            device('nvr-slow', 'nvr', {
              protocol: 'frigate',
              baseTopic: 'frigate-slow',
              secret: SECRET('nvr-slow'),
              http: { url: slowNvr.url },
            }),
            device('smk-lab', 'smoke_detector', {
              secret: SECRET('smk-lab'),
              location: place('实验楼', 2, '化学实验室'),
            }),
            device('cam-lab', 'camera', {
              via: { bridge: 'nvr-lab', name: 'lab_2f' },
              location: place('实验楼', 2, '走廊'),
              covers: [{ building: '实验楼', floor: 2, room: '化学实验室' }],
            }),
            // covers the whole building: not asked when a camera covers the room itself
            device('cam-entrance', 'camera', {
              via: { bridge: 'nvr-lab', name: 'lab_entrance' },
              covers: [{ building: '实验楼' }],
            }),
            device('smk-lib', 'smoke_detector', {
              secret: SECRET('smk-lib'),
              location: place('图书馆', 1, '阅览室'),
            }),
            device('cam-lib', 'camera', {
              via: { bridge: 'nvr-slow', name: 'reading_room' },
              location: place('图书馆', 1, '阅览室'),
            }),
            device('smk-gym', 'smoke_detector', {
              secret: SECRET('smk-gym'),
              location: place('体育馆', 1, '器材室'),
            }),
            device('cam-gym', 'camera', {
              isapi: { url: gone, username: 'admin', passwordEnv: 'CAM_GYM_PASSWORD' },
              covers: [{ building: '体育馆' }],
            }),
          ],
        },
        { code: '2161010002', name: '雁塔区第二小学', devices: [] },
      ],
      contacts: [
        { org: SCHOOL, name: '张伟', phone: SCHOOL_PHONE },
        { org: '610113', name: '雁塔区教育局值班', phone: '+8613800000002' },
      ],
      users: [
        { username: 'guard', password: PASSWORD, role: 'school_security', org: SCHOOL },
        { username: 'county', password: PASSWORD, role: 'county_officer', org: '610113' },
        { username: 'other', password: PASSWORD, role: 'school_security', org: '2161010002' },
      ],
      escalation: {
        critical: [
          { level: 'school', after: '0s', channels: ['sms'] },
          { level: 'county', after: '10m', channels: ['sms'] },
        ],
      },
    });
    platform = await startTestPlatform({
      sitesFile,
      env: { S3_URL: s3.s3url('campus/'), CAM_GYM_PASSWORD: 'not-used' },
    });
    [guard, county] = await Promise.all([
      ApiUser.login(platform.base, 'guard', PASSWORD),
      ApiUser.login(platform.base, 'county', PASSWORD),
    ]);
  });

  afterAll(async () => {
    await platform?.stop();
    await Promise.all([labNvr?.close(), slowNvr?.close(), s3?.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  const smoke = async (device: string) => {
    const client = await connectDevice(platform.mqttUrl, device, { password: SECRET(device) });
    await client.publishAsync(`campus/v1/${SCHOOL}/${device}/event`, JSON.stringify({ type: 'smoke' }), {
      qos: 1,
    });
    await client.endAsync();
  };
  const alertOf = (device: string) =>
    waitFor(
      async () => {
        const { body } = await guard.request('GET', '/api/alerts?status=open');
        return (body as { items: { id: string; device: string; snapshot?: string | null }[] }).items.find(
          (a) => a.device === device,
        );
      },
      { what: `the alert of ${device}` },
    );
  const mediaOf = async (user: ApiUser, alertId: string) => {
    const { status, body } = await user.request('GET', `/api/alerts/${alertId}/media`);
    return { status, items: (body as { items?: MediaJson[] }).items ?? [] };
  };

  it('a smoke in the lab: the covering camera’s latest frame is fetched, stored in S3 and served in scope', async () => {
    await smoke('smk-lab');
    const alert = await alertOf('smk-lab');
    const [snapshot] = await waitFor(
      async () => {
        const { items } = await mediaOf(guard, alert.id);
        return items.length > 0 ? items : undefined;
      },
      { what: 'the lab camera’s snapshot' },
    );
    expect(snapshot).toMatchObject({
      camera: 'cam-lab',
      kind: 'snapshot',
      contentType: 'image/jpeg',
      error: null,
    });
    // Only the room's camera: the building's entrance camera is not asked.
    expect(labNvr.requests.map((r) => r.path)).toEqual(['/api/lab_2f/latest.jpg']);
    // Stored in S3 (the double), re-encoded: a JPEG, not the camera's bytes.
    expect([...s3.objects.keys()].some((k) => k.startsWith('campus/') && k.endsWith('.jpg'))).toBe(true);

    // The alert names its first snapshot (lists and socket.io broadcasts carry it).
    expect((await alertOf('smk-lab')).snapshot).toBe(snapshot!.id);

    // The bytes: by signed URL (no token), by a user in scope; 404 for others and for a forged signature.
    const signed = await fetch(`${platform.base}${snapshot!.url}`);
    expect(signed.status).toBe(200);
    expect(signed.headers.get('content-type')).toBe('image/jpeg');
    expect(signed.headers.get('cache-control')).toMatch(/private/);
    const bytes = new Uint8Array(await signed.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    const path = `/api/alerts/${alert.id}/media/${snapshot!.id}`;
    expect((await fetch(`${platform.base}${path}`)).status).toBe(404);
    expect((await fetch(`${platform.base}${path}?expires=9999999999&sig=forged`)).status).toBe(404);
    const countyFile = await fetch(`${platform.base}${path}`, {
      headers: { authorization: `Bearer ${county.token}` },
    });
    expect(countyFile.status).toBe(200);
    const other = await ApiUser.login(platform.base, 'other', PASSWORD);
    expect((await mediaOf(other, alert.id)).status).toBe(404);
    expect(
      (await fetch(`${platform.base}${path}`, { headers: { authorization: `Bearer ${other.token}` } }))
        .status,
    ).toBe(404);
  });

  it('a Frigate fire on the lab camera: the event’s own snapshot and clip are attached', async () => {
    const nvr = await connectDevice(platform.mqttUrl, 'nvr-lab', { password: SECRET('nvr-lab') });
    const id = `${(Date.now() / 1000).toFixed(6)}-lab2f`;
    const now = Date.now() / 1000;
    const object = {
      id,
      camera: 'lab_2f',
      label: 'fire',
      score: 0.82,
      top_score: 0.86,
      frame_time: now,
      start_time: now,
      current_zones: [],
      entered_zones: [],
      has_clip: true,
      has_snapshot: true,
    };
    await nvr.publishAsync(
      'frigate-lab/events',
      JSON.stringify({ type: 'new', before: object, after: object }),
      {
        qos: 1,
      },
    );
    await nvr.endAsync();
    const alert = await alertOf('cam-lab');
    const items = await waitFor(
      async () => {
        const { items } = await mediaOf(guard, alert.id);
        return items.length >= 3 ? items : undefined;
      },
      { what: 'the event’s snapshot and clip, and the building camera’s frame' },
    );
    // The camera's own event first-hand; the corridor has no room camera, so the building's is asked too.
    expect(items.map((m) => [m.camera, m.kind, m.contentType, m.error]).sort()).toEqual([
      ['cam-entrance', 'snapshot', 'image/jpeg', null],
      ['cam-lab', 'clip', 'video/mp4', null],
      ['cam-lab', 'snapshot', 'image/jpeg', null],
    ]);
    expect(labNvr.requests.map((r) => r.path)).toEqual(
      expect.arrayContaining([
        `/api/events/${id}/snapshot.jpg`,
        `/api/events/${id}/clip.mp4`,
        '/api/lab_entrance/latest.jpg',
      ]),
    );
    const clip = await fetch(`${platform.base}${items.find((m) => m.kind === 'clip')!.url}`);
    expect(clip.headers.get('content-type')).toBe('video/mp4');
  });

  it('a camera that answers too late leaves a note, and the SMS paging did not wait for it', async () => {
    const before = platform.twilio.requests.length;
    const published = Date.now();
    await smoke('smk-lib');
    const alert = await alertOf('smk-lib');
    const sms = (
      await platform.twilio.waitFor((r) => r.slice(before).some((q) => q.to === SCHOOL_PHONE), 10_000)
    )
      .slice(before)
      .find((q) => q.to === SCHOOL_PHONE)!;
    // Paged before the camera's 5 s timeout ran out.
    expect(sms.at.getTime() - published).toBeLessThan(5_000);
    const [note] = await waitFor(
      async () => {
        const { items } = await mediaOf(guard, alert.id);
        return items.length > 0 ? items : undefined;
      },
      { what: 'the library camera’s note', timeoutMs: 15_000 },
    );
    expect(note).toMatchObject({
      camera: 'cam-lib',
      kind: 'snapshot',
      url: null,
      error: 'no answer within 5 s',
    });
  });

  it('a camera that is gone leaves a note with the reason', async () => {
    await smoke('smk-gym');
    const alert = await alertOf('smk-gym');
    const [note] = await waitFor(
      async () => {
        const { items } = await mediaOf(guard, alert.id);
        return items.length > 0 ? items : undefined;
      },
      { what: 'the gym camera’s note' },
    );
    expect(note).toMatchObject({ camera: 'cam-gym', url: null, error: 'connection refused' });
  });

  it('the guard sees the thumbnail in the console row, the picture at full size in the detail, and the note', async () => {
    const lab = await alertOf('smk-lab');
    const gym = await alertOf('smk-gym');
    let browser: Browser | undefined;
    const { context, page } = await openDashboard((browser = await launchChromium()));
    try {
      await logIn(page, platform.base, 'guard', PASSWORD);
      const thumb = page.locator(
        `[data-testid=alert-row][data-alert-id="${lab.id}"] [data-testid=alert-thumbnail] img`,
      );
      await thumb.waitFor({ timeout: 10_000 });
      await waitFor(
        () =>
          thumb.evaluate(
            (img) =>
              (img as unknown as LoadedImage).complete && (img as unknown as LoadedImage).naturalWidth > 0,
          ),
        {
          what: 'the thumbnail loaded',
        },
      );
      expect(
        await thumb.evaluate((img) => (img as unknown as LoadedImage).getBoundingClientRect().width),
      ).toBeLessThanOrEqual(96);
      expect(await thumb.getAttribute('loading')).toBe('lazy');
      await screenshot(page, 'video-console.png');

      await visit(page, platform.base, `/alerts/${lab.id}`);
      const full = page.locator('[data-testid=media-snapshot] img').first();
      await full.waitFor({ timeout: 10_000 });
      await waitFor(() => full.evaluate((img) => (img as unknown as LoadedImage).naturalWidth === 640), {
        what: 'the snapshot at full size',
      });
      await page.getByText('视频复核').first().waitFor();
      await screenshot(page, 'video-detail.png');
      // The panel passes axe (serious and critical rules) and speaks zh-CN: no ids, no English.
      const violations = await blockingViolations(page);
      expect(
        violations.map((v) => v.id),
        formatViolations(violations),
      ).toEqual([]);
      const panelText = await page.locator('[data-testid=media-panel]').innerText();
      const unreadable = unreadableText(panelText, { deviceIds: ['cam-lab', 'cam-gym', 'cam-entrance'] });
      expect(unreadable, formatUnreadable(unreadable)).toEqual([]);

      // The Frigate event's clip plays in the detail.
      const fire = await alertOf('cam-lab');
      await visit(page, platform.base, `/alerts/${fire.id}`);
      const video = page.locator('[data-testid=media-clip][data-camera=cam-lab] video');
      await video.waitFor({ timeout: 10_000 });
      expect(await video.getAttribute('src')).toMatch(/^\/api\/alerts\/.+\/media\/.+\?expires=/);
      expect(await video.getAttribute('controls')).not.toBeNull();

      await visit(page, platform.base, `/alerts/${gym.id}`);
      const note = page.locator('[data-testid=media-error]').first();
      await note.waitFor({ timeout: 10_000 });
      expect(await note.innerText()).toContain('摄像机 cam-gym 无法连接：连接被拒绝');
      const noteText = await page.locator('[data-testid=media-panel]').innerText();
      expect(unreadableText(noteText, { deviceIds: ['cam-gym'] })).toEqual([]);
    } catch (err) {
      await saveFailureScreenshots('video-verification', [page]);
      throw err;
    } finally {
      await context.close();
      await browser.close();
    }
  });

  it('the incident report (处置报告) of the resolved lab alert holds the camera’s picture', async () => {
    const alert = await alertOf('smk-lab');
    const resolved = await guard.request('POST', `/api/alerts/${alert.id}/resolve`, {
      disposition: 'genuine',
    });
    expect(resolved.status).toBe(200);
    const report = await guard.request('GET', `/api/alerts/${alert.id}/report`);
    expect(report.status).toBe(200);
    // the camera's picture, with a signed URL the printed page can load
    const media = (report.body as { media: { kind: string; source: string; url: string }[] }).media;
    expect(media).toContainEqual(
      expect.objectContaining({ kind: 'snapshot', source: 'cam-lab', url: expect.stringMatching(/sig=/) }),
    );
  });
});
