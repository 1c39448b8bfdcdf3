import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@campus/test-kit';
import type { Hazard, HazardEvent } from '../domain/hazard';
import type { HazardReport, Photo } from '../domain/hazard-report';
import type { Report } from '../domain/report';
import { localDate } from '../rules/local-calendar';
import { call } from '../testing/test-app.fixture';
import {
  hazardTrigger,
  STAFF_USERS,
  startAlertingHttp,
  type AlertingHttp,
} from '../testing/alerting-http.fixture';
import sharp from 'sharp';
import { hasExif, jpegBytes, jpegWithGps, pngBytes } from '../testing/image-bytes.fixture';
import { qrSvg } from './public-link';

const PHOTO_MAX = 64 * 1024;
const REQUEST_MAX = 256 * 1024;
let t: AlertingHttp;
beforeAll(async () => {
  t = await startAlertingHttp({
    users: STAFF_USERS,
    env: { HAZARD_PHOTO_MAX_BYTES: String(PHOTO_MAX), HAZARD_REPORT_MAX_BYTES: String(REQUEST_MAX) },
  });
});
afterAll(() => t.close());

const DAY = 86_400_000;
const SCHOOL_A = '2161010001';

interface FilePart {
  bytes: Uint8Array;
  name: string;
  type?: string;
}

/** A real multipart/form-data POST (fetch's FormData), with the user's token unless `user` is null. */
async function upload(
  user: string | null,
  path: string,
  fields: Record<string, string>,
  files: FilePart[],
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append('photos', new Blob([f.bytes], { type: f.type ?? 'image/png' }), f.name);
  const headers: Record<string, string> =
    user === null ? {} : { authorization: `Bearer ${await t.token(user)}` };
  const res = await fetch(`${t.url}${path}`, { method: 'POST', body: form, headers });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body, headers: res.headers };
}

const STAIRWELL = {
  category: 'fire_exit',
  description: '教学楼二楼楼梯间被杂物堵塞',
  building: '教学楼',
  floor: '2',
  room: '东侧楼梯间',
};
const png = pngBytes(4, 4);
const jpeg = jpegBytes();

async function report(user = 'teacher1', description = STAIRWELL.description): Promise<HazardReport> {
  const res = await upload(user, '/api/hazard-reports', { ...STAIRWELL, description }, [
    { bytes: png, name: 'a.png' },
  ]);
  expect(res.status).toBe(201);
  return res.body as HazardReport;
}

/** GET a photo: with a bearer token of `user`, or none (null); the status and the bytes. */
async function fetchPhoto(
  url: string,
  user: string | null,
): Promise<{ status: number; bytes: Uint8Array; type: string | null }> {
  const headers: Record<string, string> =
    user === null ? {} : { authorization: `Bearer ${await t.token(user)}` };
  const res = await fetch(`${t.url}${url}`, { headers });
  return {
    status: res.status,
    bytes: new Uint8Array(await res.arrayBuffer()),
    type: res.headers.get('content-type'),
  };
}

const withoutSignature = (url: string): string => url.split('?')[0]!;

async function stored(): Promise<{ reports: number; photos: number; files: number }> {
  const count = async (table: string) =>
    (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM alerting.${table}`)).rows[0]?.n ?? 0;
  const files = await readdir(t.photoDir).catch(() => []);
  return { reports: await count('hazard_reports'), photos: await count('photos'), files: files.length };
}

const move = (user: string, id: string, to: string) =>
  t.as(user, `/api/hazards/${id}/transition`, { body: { to } });

describe('hazard reports over HTTP (人人参与)', () => {
  it('a teacher reports with two photos; the guard registers it as 重大; the rectification needs an after photo; a second user accepts seeing both; the reporter sees it fixed', async () => {
    const sent = await upload('teacher1', '/api/hazard-reports', STAIRWELL, [
      { bytes: png, name: 'stairs.png' },
      { bytes: jpeg, name: 'stairs.jpg', type: 'image/jpeg' },
    ]);
    expect(sent.status).toBe(201);
    const mine = sent.body as HazardReport;
    expect(mine).toMatchObject({
      status: 'new',
      channel: 'account',
      reportedBy: 'teacher1',
      school: SCHOOL_A,
      building: '教学楼',
      floor: '2',
      hazardId: null,
      fixed: false,
    });
    // every photo is decoded and stored again as JPEG (image-reencode.ts)
    expect(mine.photos.map((p) => [p.stage, p.contentType])).toEqual([
      ['before', 'image/jpeg'],
      ['before', 'image/jpeg'],
    ]);

    // the guard's triage list; the reporter sees it, another teacher does not
    const fresh = (await t.as('guard1', '/api/hazard-reports?status=new')).body as { items: HazardReport[] };
    expect(fresh.items.map((r) => r.id)).toContain(mine.id);
    const ids = async (user: string) =>
      ((await t.as(user, '/api/hazard-reports')).body as { items: HazardReport[] }).items.map((r) => r.id);
    expect(await ids('teacher1')).toContain(mine.id);
    expect(await ids('staff1')).not.toContain(mine.id);
    expect(await ids('guard2')).not.toContain(mine.id);
    expect((await t.as('staff1', `/api/hazard-reports/${mine.id}`)).status).toBe(404);
    // teachers report, they do not triage
    const deadline = new Date(Date.now() + 14 * DAY).toISOString();
    expect(
      (
        await t.as('teacher1', `/api/hazard-reports/${mine.id}/register`, {
          body: { grade: 'major', owner: '张伟', deadline },
        })
      ).status,
    ).toBe(403);

    const registered = await t.as('guard1', `/api/hazard-reports/${mine.id}/register`, {
      body: { grade: 'major', owner: '张伟', deadline },
    });
    expect(registered.status).toBe(200);
    const triaged = registered.body as HazardReport;
    expect(triaged).toMatchObject({
      status: 'registered',
      triagedBy: 'guard1',
      hazardState: 'registered',
      fixed: false,
    });
    const hazardId = triaged.hazardId as string;
    const hazard = (await t.as('guard1', `/api/hazards/${hazardId}`)).body as Hazard;
    expect(hazard).toMatchObject({
      grade: 'major',
      owner: '张伟',
      source: 'report',
      state: 'registered',
      deadline,
    });
    expect(hazard.title).toContain('教学楼二楼楼梯间被杂物堵塞');
    expect(
      (await t.as('guard1', `/api/hazard-reports/${mine.id}/dismiss`, { body: { reason: 'again' } })).status,
    ).toBe(409);

    // rectification of a 重大 hazard without an after photo is refused
    expect((await move('guard1', hazardId, 'rectifying')).status).toBe(200);
    const bare = await move('guard1', hazardId, 'awaiting_acceptance');
    expect(bare.status).toBe(409);
    expect((bare.body as { error: string }).error).toContain('"after" photo');
    const after = pngBytes(6, 6, [30, 160, 30]);
    const added = await upload(
      'guard1',
      `/api/hazards/${hazardId}/photos`,
      { stage: 'after', note: '已清理' },
      [{ bytes: after, name: 'after.png' }],
    );
    expect(added.status).toBe(201);
    expect((await move('guard1', hazardId, 'awaiting_acceptance')).status).toBe(200);

    // the acceptor, a second user, sees the before and after photos
    const photos = ((await t.as('head1', `/api/hazards/${hazardId}/photos`)).body as { items: Photo[] })
      .items;
    expect(photos.map((p) => [p.stage, p.by])).toEqual([
      ['before', 'teacher1'],
      ['before', 'teacher1'],
      ['after', 'guard1'],
    ]);
    const expected = [png, jpeg, after];
    for (const [i, p] of photos.entries()) {
      const byToken = await fetchPhoto(withoutSignature(p.url), 'head1');
      expect(byToken.status).toBe(200);
      expect(byToken.type).toBe('image/jpeg');
      expect(byToken.bytes.length).toBe(p.bytes);
      const [got, sent] = await Promise.all([
        sharp(byToken.bytes).metadata(),
        sharp(expected[i]!).metadata(),
      ]);
      expect([got.format, got.width, got.height]).toEqual(['jpeg', sent.width, sent.height]);
      expect((await fetchPhoto(p.url, null)).status).toBe(200); // the signed URL, as in <img src>
    }
    // the CSV and the printed inspection report count them (hazard-photo-counts), in scope only
    const counts = async (user: string) =>
      (
        (await t.as(user, '/api/hazard-photo-counts')).body as {
          items: { hazardId: string; photos: number }[];
        }
      ).items;
    expect(await counts('yanta')).toContainEqual({ hazardId, photos: 3 });
    expect((await counts('guard2')).map((c) => c.hazardId)).not.toContain(hazardId);
    const closed = await move('head1', hazardId, 'closed');
    expect(closed.status).toBe(200);

    // the reporter follows it to "fixed"
    const seen = (await t.as('teacher1', `/api/hazard-reports/${mine.id}`)).body as HazardReport;
    expect(seen).toMatchObject({ status: 'registered', hazardState: 'closed', fixed: true });

    // the history keeps the photos; every step audited
    const events = ((await t.as('head1', `/api/hazards/${hazardId}/events`)).body as { items: HazardEvent[] })
      .items;
    expect(events[0]).toMatchObject({ from: null, to: 'registered', by: 'guard1' });
    expect(events.some((e) => e.by === 'guard1' && e.note?.startsWith('整改照片 1 张') === true)).toBe(true);
    const actions = async (target: string) =>
      (
        await t.db.query<{ action: string }>(
          'SELECT action FROM alerting.audit_log WHERE target = $1 ORDER BY seq',
          [target],
        )
      ).rows.map((r) => r.action);
    expect(await actions(`hazard_report:${mine.id}`)).toEqual([
      'hazard_report.submit',
      'hazard_report.register',
    ]);
    expect(await actions(`hazard:${hazardId}`)).toEqual([
      'hazard.start_rectification',
      'hazard.photo_add',
      'hazard.submit_for_acceptance',
      'hazard.accept',
    ]);
  });

  it('merges a report into an existing hazard and dismisses another with a reason', async () => {
    const trigger = hazardTrigger({ title: '围墙破损' });
    await t.alerts.handleTriggers([trigger]);
    const existing = ((await t.as('guard1', '/api/hazards')).body as { items: Hazard[] }).items.find(
      (h) => h.key === trigger.key,
    );
    const a = await report('teacher1', '东墙有缺口');
    const merged = await t.as('guard1', `/api/hazard-reports/${a.id}/merge`, {
      body: { hazardId: existing?.id },
    });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({
      status: 'merged',
      hazardId: existing?.id,
      hazardState: 'registered',
    });
    const photos = ((await t.as('guard1', `/api/hazards/${existing?.id}/photos`)).body as { items: Photo[] })
      .items;
    expect(photos.map((p) => p.reportId)).toEqual([a.id]);

    const b = await report('teacher1', '好像有人在操场抽烟');
    const dismissed = await t.as('head1', `/api/hazard-reports/${b.id}/dismiss`, {
      body: { reason: '非安全隐患' },
    });
    expect(dismissed.body).toMatchObject({
      status: 'dismissed',
      dismissReason: '非安全隐患',
      triagedBy: 'head1',
    });
    const listed = (await t.as('teacher1', '/api/hazard-reports?status=dismissed')).body as {
      items: HazardReport[];
    };
    expect(listed.items.map((r) => r.id)).toEqual([b.id]);
    expect((await t.as('guard1', '/api/hazard-reports?status=fixed')).status).toBe(400);
  });

  it('takes a report through the school public link without an account: unverified', async () => {
    const sent = await upload(
      null,
      `/api/public/schools/${SCHOOL_A}/hazard-reports`,
      { category: 'fence_gate', description: '校门口护栏松动', contact: '13900000000' },
      [{ bytes: jpeg, name: 'gate.jpg', type: 'image/jpeg' }],
    );
    expect(sent.status).toBe(201);
    const { id, status, followToken } = sent.body as { id: string; status: string; followToken: string };
    expect(status).toBe('unverified');
    // the anonymous reporter follows it with the token, and only with it
    const follow = (token: string) => call(`${t.url}/api/public/hazard-reports/${id}?token=${token}`);
    expect((await follow(followToken)).body).toEqual({
      id,
      status: 'unverified',
      hazardState: null,
      fixed: false,
    });
    expect((await follow('wrong')).status).toBe(404);
    const list = (await t.as('guard1', '/api/hazard-reports?status=unverified')).body as {
      items: HazardReport[];
    };
    expect(list.items.find((r) => r.id === id)).toMatchObject({
      channel: 'public',
      reportedBy: 'public',
      contact: '13900000000',
      category: 'fence_gate',
    });
    const unknown = await upload(null, '/api/public/schools/2169999999/hazard-reports', STAIRWELL, [
      { bytes: png, name: 'a.png' },
    ]);
    expect(unknown.status).toBe(404);
    const bot = await upload(
      null,
      `/api/public/schools/${SCHOOL_A}/hazard-reports`,
      { ...STAIRWELL, website: 'x' },
      [{ bytes: png, name: 'a.png' }],
    );
    expect(bot.status).toBe(400);
  });

  it('tells a public reporter who left a phone number by SMS once the hazard is accepted; the follow page shows it fixed', async () => {
    const send = (contact: string, description: string) =>
      upload(
        null,
        `/api/public/schools/${SCHOOL_A}/hazard-reports`,
        { category: 'electrical', description, contact },
        [{ bytes: png, name: 'socket.png' }],
      ).then((r) => r.body as { id: string; followToken: string });
    const withPhone = await send('139 0000 0001', '走廊插座外壳破裂');
    const withName = await send('张老师', '走廊插座外壳破裂（同一处）');
    const deadline = new Date(Date.now() + 7 * DAY).toISOString();
    const registered = await t.as('guard1', `/api/hazard-reports/${withPhone.id}/register`, {
      body: { grade: 'general', owner: '总务处', deadline },
    });
    const hazardId = (registered.body as HazardReport).hazardId as string;
    expect(
      (await t.as('guard1', `/api/hazard-reports/${withName.id}/merge`, { body: { hazardId } })).status,
    ).toBe(200);
    const smsTo = (to: string) => t.double.requests.filter((r) => r.kind === 'sms' && r.to === to);
    expect((await move('guard1', hazardId, 'rectifying')).status).toBe(200);
    expect((await move('guard1', hazardId, 'awaiting_acceptance')).status).toBe(200);
    expect(smsTo('+8613900000001')).toEqual([]); // not before the acceptance
    expect((await move('head1', hazardId, 'closed')).status).toBe(200);

    const [sms] = (await t.double.waitFor((r) => r.some((x) => x.to === '+8613900000001'))).filter(
      (r) => r.to === '+8613900000001',
    );
    expect(sms).toMatchObject({ kind: 'sms', status: 201 });
    expect(sms!.body).toMatch(/^【平安校园】您反映的.+隐患已整改完毕并通过验收/);
    for (const secret of [withPhone.id, hazardId, 'guard1', 'head1']) expect(sms!.body).not.toContain(secret);
    const follow = await call(
      `${t.url}/api/public/hazard-reports/${withPhone.id}?token=${withPhone.followToken}`,
    );
    expect(follow.body).toEqual({
      id: withPhone.id,
      status: 'registered',
      hazardState: 'closed',
      fixed: true,
    });
    // a contact that is no phone number gets no SMS; one SMS per reporter
    expect(t.double.requests.filter((r) => r.kind === 'sms' && r.body?.includes('您反映的'))).toHaveLength(1);
  });

  it('stores a camera photo without its EXIF: the GPS position does not come back', async () => {
    const camera = await jpegWithGps(80, 60);
    expect(hasExif(camera)).toBe(true);
    const sent = await upload('teacher1', '/api/hazard-reports', STAIRWELL, [
      { bytes: camera, name: 'IMG_0001.jpg', type: 'image/jpeg' },
    ]);
    expect(sent.status).toBe(201);
    const [photo] = (sent.body as HazardReport).photos;
    const back = await fetchPhoto(photo!.url, null);
    expect(back.status).toBe(200);
    expect(back.type).toBe('image/jpeg');
    expect(hasExif(back.bytes)).toBe(false);
    const meta = await sharp(back.bytes).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 80, height: 60 });
    expect(meta.exif).toBeUndefined();
    // and the stored file itself carries none either
    const files = await readdir(t.photoDir);
    const file = files.find((f) => f.startsWith(photo!.id));
    expect(file).toBe(`${photo!.id}.jpg`);
    expect(hasExif(await readFile(join(t.photoDir, file!)))).toBe(false);
  });

  it('throttles a burst of 50 public reports from one address with 429 and Retry-After', async () => {
    const before = await stored();
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        upload(
          null,
          `/api/public/schools/${SCHOOL_A}/hazard-reports`,
          { ...STAIRWELL, description: `刷屏 ${i}` },
          [{ bytes: png, name: 'a.png' }],
        ),
      ),
    );
    const ok = answers.filter((a) => a.status === 201);
    const throttled = answers.filter((a) => a.status === 429);
    expect(ok.length + throttled.length).toBe(50);
    expect(ok.length).toBeLessThanOrEqual(5); // PUBLIC_REPORTS_PER_ADDRESS (earlier tests used some)
    expect(throttled.length).toBeGreaterThanOrEqual(45);
    for (const a of throttled) {
      expect(Number(a.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((a.body as { error: string }).error).toMatch(/too many reports/);
    }
    expect((await stored()).reports).toBe(before.reports + ok.length);
  });

  it('refuses a file that is not an image, a photo or a request too large, and no photo: clear message, nothing stored', async () => {
    const before = await stored();
    const text = new TextEncoder().encode('this is not a photo');
    const notImage = await upload('teacher1', '/api/hazard-reports', STAIRWELL, [
      { bytes: png, name: 'ok.png' },
      { bytes: text, name: 'fake.jpg', type: 'image/jpeg' },
    ]);
    expect(notImage.status).toBe(400);
    expect((notImage.body as { error: string }).error).toBe(
      'photo 2 ("fake.jpg") is not a image/jpeg, image/png, image/webp image (checked by its content): send a photo',
    );

    const big = new Uint8Array(PHOTO_MAX + 1);
    big.set(png); // a PNG signature, then more bytes than one photo may have
    const tooLarge = await upload('teacher1', '/api/hazard-reports', STAIRWELL, [
      { bytes: big, name: 'big.png' },
    ]);
    expect(tooLarge.status).toBe(413);
    expect((tooLarge.body as { error: string }).error).toMatch(
      /^photo 1 \("big.png"\) is 65537 bytes, over the limit of 65536 bytes per photo \(HAZARD_PHOTO_MAX_BYTES\)/,
    );

    const fifty = new Uint8Array(60 * 1024);
    fifty.set(png);
    const files = Array.from({ length: 5 }, (_, i) => ({ bytes: fifty, name: `p${i}.png` }));
    const tooMuch = await upload('teacher1', '/api/hazard-reports', STAIRWELL, files);
    expect(tooMuch.status).toBe(413);
    expect((tooMuch.body as { error: string }).error).toMatch(/per request \(HAZARD_REPORT_MAX_BYTES\)/);

    const none = await upload('teacher1', '/api/hazard-reports', STAIRWELL, []);
    expect(none.status).toBe(400);
    expect((none.body as { error: string }).error).toBe('send 1 to 6 photos in the field "photos", got 0');
    const badField = await upload('teacher1', '/api/hazard-reports', { ...STAIRWELL, category: 'ghosts' }, [
      { bytes: png, name: 'a.png' },
    ]);
    expect(badField.status).toBe(400);

    expect(await stored()).toEqual(before);
  });

  it('serves a photo only with a valid signature or a token allowed to see it; anything else 404', async () => {
    const mine = await report('teacher1');
    const photo = mine.photos[0]!;
    const bare = withoutSignature(photo.url);
    expect((await fetchPhoto(bare, null)).status).toBe(404);
    expect((await fetchPhoto(`${bare}?expires=9999999999&sig=forged`, null)).status).toBe(404);
    expect((await fetchPhoto(`${bare}?sig=a&sig=b&expires=${'9'.repeat(300)}`, null)).status).toBe(404);
    expect((await fetchPhoto(photo.url.replace(/expires=\d+/, 'expires=9999999999'), null)).status).toBe(404);
    expect((await fetchPhoto(bare, 'guard2')).status).toBe(404); // another school
    expect((await fetchPhoto(bare, 'teacher2')).status).toBe(404);
    expect((await fetchPhoto(bare, 'staff1')).status).toBe(404); // same school, not the reporter
    expect((await fetchPhoto('/api/photos/no-such-photo', 'root')).status).toBe(404);
    expect((await fetchPhoto(bare, 'teacher1')).status).toBe(200);
    expect((await fetchPhoto(bare, 'guard1')).status).toBe(200);
    expect((await fetchPhoto(bare, 'yanta')).status).toBe(200); // the county sees its schools
  });

  it('counts reports per school per month, the share turned into hazards and the time to rectification, in the reports API and CSV', async () => {
    // everything above happened at school A this month: count it from the API
    const all = (
      (await t.as('root', `/api/hazard-reports?org=${SCHOOL_A}`)).body as { items: HazardReport[] }
    ).items;
    const turned = all.filter((r) => r.status === 'registered' || r.status === 'merged').length;
    // the stairwell, and the socket reported twice: their hazards are rectified and accepted
    const rectified = all.filter((r) => r.fixed).length;
    expect(rectified).toBe(3);
    const month = localDate(Date.now(), 'Asia/Shanghai').slice(0, 7);
    const report = (await t.as('yanta', '/api/reports')).body as Report;
    expect(report.hazardReports).toEqual([
      {
        school: SCHOOL_A,
        name: '雁塔区第一小学',
        month,
        reports: all.length,
        turnedIntoHazards: turned,
        hazardRate: turned / all.length,
        rectified,
        medianHoursToRectification: expect.any(Number),
      },
    ]);
    const res = await fetch(`${t.url}/api/reports.csv?org=${SCHOOL_A}`, {
      headers: { authorization: `Bearer ${await t.token('head1')}` },
    });
    const lines = (await res.text()).slice(1).split('\r\n');
    const at = lines.indexOf(
      '学校代码,学校名称,月份,隐患报告,转为隐患,转化率（%）,已整改,报告至整改用时中位数（小时）',
    );
    expect(at).toBeGreaterThan(1);
    expect(lines[at - 1]).toBe(''); // an empty line between the two tables
    const share = Math.round((turned / all.length) * 1000) / 10;
    expect(lines[at + 1]).toMatch(
      new RegExp(
        `^${SCHOOL_A},雁塔区第一小学,${month},${all.length},${turned},${share},${rectified},\\d+(\\.\\d)?$`,
      ),
    );
  });
});

describe('hazard reports live and the reporting form (人人参与, the screens)', () => {
  /** A connected socket of `user` recording every `hazardReport` it receives. */
  async function listen(user: string): Promise<{ socket: Socket; got: HazardReport[] }> {
    const socket = io(t.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: { token: await t.token(user) },
    });
    const got: HazardReport[] = [];
    socket.on('hazardReport', (r: HazardReport) => got.push(r));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return { socket, got };
  }

  it("a submitted and a triaged report reach the school's guard and its county live; not teachers, not another school", async () => {
    const guard = await listen('guard1');
    const county = await listen('yanta');
    const teacher = await listen('staff1'); // a teacher of the same school
    const other = await listen('guard2'); // another school's guard
    try {
      const sent = await report('teacher1', '操场围栏破损');
      await waitFor(() => guard.got.length > 0 && county.got.length > 0, { what: 'the live report' });
      expect(guard.got[0]).toMatchObject({ id: sent.id, status: 'new', reportedBy: 'teacher1' });
      expect(guard.got[0]?.photos[0]?.url).toMatch(/^\/api\/photos\/.+\?expires=/);
      const dismissed = await t.as('guard1', `/api/hazard-reports/${sent.id}/dismiss`, {
        body: { reason: '已由后勤处理' },
      });
      expect(dismissed.status).toBe(200);
      await waitFor(() => guard.got.some((r) => r.id === sent.id && r.status === 'dismissed'), {
        what: 'the dismissed report, live',
      });
      // one emit per change to the school's rooms: by the time the guard has the second, a wrong
      // delivery of the first would be there too
      expect(teacher.got).toEqual([]);
      expect(other.got).toEqual([]);
    } finally {
      for (const l of [guard, county, teacher, other]) l.socket.close();
    }
  });

  it("offers the places of the user's school for the form, none above a school", async () => {
    const places = (await t.as('teacher1', '/api/hazard-reports/places')).body as { items: unknown[] };
    // in zh-CN (pinyin) order: 门 (mén) before 实 (shí)
    expect(places.items).toEqual([
      { building: '门卫室', floor: null, room: null },
      { building: '实验楼', floor: '2', room: '化学实验室' },
    ]);
    expect(((await t.as('yanta', '/api/hazard-reports/places')).body as { items: unknown[] }).items).toEqual(
      [],
    );
  });
});

describe('the public link of a school and its QR code (人人参与, the poster)', () => {
  it('shows the school and its buildings to anyone; 404 for no such school', async () => {
    const school = await call(`${t.url}/api/public/schools/${SCHOOL_A}`);
    expect(school.status).toBe(200);
    const body = school.body as { code: string; name: string; buildings: string[] };
    expect(body).toMatchObject({ code: SCHOOL_A, name: '雁塔区第一小学' });
    expect(body.buildings.length).toBeGreaterThan(0);
    expect(new Set(body.buildings).size).toBe(body.buildings.length);
    expect(JSON.stringify(body)).not.toMatch(/floor|room/);
    expect((await call(`${t.url}/api/public/schools/2169999999`)).status).toBe(404);
  });

  it('answers the link under the origin of the request and its QR code, to the school and its officials only', async () => {
    const link = await t.as('guard1', `/api/schools/${SCHOOL_A}/public-link`);
    expect(link.status).toBe(200);
    const body = link.body as { school: { code: string; name: string }; url: string; svg: string };
    expect(body.school).toEqual({ code: SCHOOL_A, name: '雁塔区第一小学' });
    expect(body.url).toBe(`${t.url}/p/${SCHOOL_A}`);
    expect(body.svg).toBe(await qrSvg(body.url));
    expect((await t.as('yanta', `/api/schools/${SCHOOL_A}/public-link`)).status).toBe(200);
    expect((await t.as('guard2', `/api/schools/${SCHOOL_A}/public-link`)).status).toBe(404);
    expect((await t.as('teacher1', `/api/schools/${SCHOOL_A}/public-link`)).status).toBe(403);
    expect((await call(`${t.url}/api/schools/${SCHOOL_A}/public-link`)).status).toBe(401);
  });

  it('uses PUBLIC_URL when it is set', async () => {
    const other = await startAlertingHttp({ publicUrl: 'https://campus.example.cn/safety' });
    try {
      const body = (await other.as('guard1', `/api/schools/${SCHOOL_A}/public-link`)).body as { url: string };
      expect(body.url).toBe(`https://campus.example.cn/safety/p/${SCHOOL_A}`);
    } finally {
      await other.close();
    }
  });
});
