import { describe, expect, it } from 'vitest';
import { AlertRepository } from '../../db/alert-repository';
import { MediaRepository } from '../../db/media-repository';
import type { Database } from '../../db/database';
import { alertTrigger, FAR, iso, NEIGHBOUR, ORG, T0 } from './rows.fixture';

export function alertContract(db: () => Database): void {
  const repo = () => new AlertRepository(db());

  describe('AlertRepository', () => {
    it('opens an alert with every field, and an opened timeline item', async () => {
      const { alert, opened } = await repo().openOrOccur(alertTrigger(), { drill: false, level: 'school' });
      expect(opened).toBe(true);
      expect(alert).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        type: 'smoke',
        severity: 'critical',
        status: 'open',
        level: 'school',
        ...ORG,
        device: 'smk-0001',
        openedAt: iso(T0),
        acknowledgedAt: null,
        resolvedAt: null,
        occurrences: 1,
        acknowledgedBy: null,
        resolvedBy: null,
        disposition: null,
        note: null,
        rule: 'default:smoke',
        drill: false,
        panic: false,
        lastOccurredAt: iso(T0),
        autoResolvable: true,
        detail: { value: 1 },
        snapshot: null,
      });
      expect(await repo().get(alert.id)).toEqual(alert);
      expect(await repo().timeline(alert.id)).toEqual([{ at: iso(T0), kind: 'opened' }]);
    });

    it('names its first stored camera snapshot (视频复核), not a camera’s note nor a clip', async () => {
      const { alert } = await repo().openOrOccur(alertTrigger({ key: 'media:smk-0001' }), { drill: false });
      const media = new MediaRepository(db());
      const row = (id: string, kind: 'snapshot' | 'clip', key: string | null, at: number) =>
        media.add({
          id,
          alertId: alert.id,
          camera: 'cam-1',
          kind,
          contentType: key === null ? null : 'image/jpeg',
          size: key === null ? null : 10,
          key,
          error: key === null ? 'connection refused' : null,
          fetchedAt: at,
        });
      await row('m-note', 'snapshot', null, T0 + 1);
      await row('m-clip', 'clip', '00000000-0000-0000-0000-000000000001.mp4', T0 + 2);
      expect((await repo().get(alert.id))?.snapshot).toBeNull();
      await row('m-second', 'snapshot', '00000000-0000-0000-0000-000000000003.jpg', T0 + 4);
      await row('m-first', 'snapshot', '00000000-0000-0000-0000-000000000002.jpg', T0 + 3);
      expect((await repo().get(alert.id))?.snapshot).toBe('m-first');
      // every read and change carries it (broadcasts come from these)
      const acked = await repo().acknowledge(alert.id, 'guard');
      expect(acked.ok && acked.alert.snapshot).toBe('m-first');
      expect((await media.listForAlert(alert.id)).map((m) => m.id)).toEqual([
        'm-note',
        'm-clip',
        'm-first',
        'm-second',
      ]);
      expect(
        await media.add({ ...(await media.get('m-first'))!, id: 'm-orphan', alertId: 'no-such-alert' }),
      ).toBeUndefined();
    });

    it('counts an uplink message once however often it is delivered (openOrOccurOnce)', async () => {
      const trigger = alertTrigger({ key: 'once:smk-0001' });
      const first = await repo().openOrOccurOnce(trigger, 'edge-a:k1:1', { drill: false });
      expect(first).toMatchObject({ opened: true, alert: { occurrences: 1 } });
      // the same message again (a redelivery): nothing counted, nothing on the timeline
      expect(await repo().openOrOccurOnce(trigger, 'edge-a:k1:1', { drill: false })).toBeUndefined();
      const second = await repo().openOrOccurOnce({ ...trigger, at: T0 + 1000 }, 'edge-a:k1:2', {
        drill: false,
      });
      expect(second).toMatchObject({ opened: false, alert: { id: first!.alert.id, occurrences: 2 } });
      // twenty deliveries of ten messages, some at once: ten occurrences in all
      const sources = Array.from({ length: 10 }, (_, i) => `edge-a:k1:${i + 3}`);
      await Promise.all(
        [...sources, ...sources].map((source) => repo().openOrOccurOnce(trigger, source, { drill: false })),
      );
      expect((await repo().get(first!.alert.id))?.occurrences).toBe(12);
      expect((await repo().timeline(first!.alert.id)).filter((i) => i.kind === 'occurred')).toHaveLength(11);
      // the same message id under another alert key counts there (one message, two rules)
      const other = await repo().openOrOccurOnce(alertTrigger({ key: 'once:other' }), 'edge-a:k1:1', {
        drill: false,
      });
      expect(other).toMatchObject({ opened: true });
      // purged ids are forgotten
      expect(await repo().purgeTriggerSources(Date.now() + 60_000)).toBeGreaterThanOrEqual(13);
    });

    it('counts a repeat of an unresolved alert as an occurrence instead of opening another', async () => {
      const first = await repo().openOrOccur(alertTrigger(), { drill: false });
      await repo().acknowledge(first.alert.id, 'guard');
      const again = await repo().openOrOccur(alertTrigger({ at: T0 + 5000 }), { drill: false });
      expect(again.opened).toBe(false);
      expect(again.alert).toMatchObject({
        id: first.alert.id,
        occurrences: 2,
        status: 'acknowledged',
        lastOccurredAt: iso(T0 + 5000),
        openedAt: iso(T0),
      });
      const late = await repo().openOrOccur(alertTrigger({ at: T0 + 1000 }), { drill: false });
      expect(late.alert).toMatchObject({ occurrences: 3, lastOccurredAt: iso(T0 + 5000) });
      expect((await repo().timeline(first.alert.id)).map((i) => i.kind)).toEqual([
        'opened',
        'acknowledged',
        'occurred',
        'occurred',
      ]);
    });

    it('opens a new alert for a key whose alert was resolved, and keeps keys apart', async () => {
      const first = await repo().openOrOccur(alertTrigger(), { drill: false });
      const other = await repo().openOrOccur(
        alertTrigger({ key: 'default:smoke:smk-0002', device: 'smk-0002' }),
        { drill: false },
      );
      expect(other.opened).toBe(true);
      await repo().resolve(first.alert.id, 'guard', 'genuine');
      const next = await repo().openOrOccur(alertTrigger({ at: T0 + 60_000 }), { drill: false });
      expect(next.opened).toBe(true);
      expect(next.alert.id).not.toBe(first.alert.id);
      expect((await repo().findUnresolvedByKey('default:smoke:smk-0001'))?.id).toBe(next.alert.id);
      expect(await repo().findUnresolvedByKey('nope')).toBeUndefined();
    });

    it('stores drill, level and panic (never auto-resolvable)', async () => {
      const { alert } = await repo().openOrOccur(
        alertTrigger({ key: 'sos', type: 'sos', panic: true, autoResolvable: true }),
        { drill: true, level: 'county' },
      );
      expect(alert).toMatchObject({ drill: true, level: 'county', panic: true, autoResolvable: false });
    });

    it('acknowledges only an open alert', async () => {
      const { alert } = await repo().openOrOccur(alertTrigger(), { drill: false });
      const acked = await repo().acknowledge(alert.id, 'guard', 'on my way', T0 + 30_000);
      expect(acked).toEqual({
        ok: true,
        alert: expect.objectContaining({
          status: 'acknowledged',
          acknowledgedAt: iso(T0 + 30_000),
          acknowledgedBy: 'guard',
          note: 'on my way',
        }),
      });
      expect(await repo().acknowledge(alert.id, 'other')).toEqual({
        ok: false,
        reason: 'wrong_state',
        status: 'acknowledged',
      });
      expect(await repo().acknowledge('00000000-0000-0000-0000-000000000000', 'guard')).toEqual({
        ok: false,
        reason: 'not_found',
      });
      expect((await repo().timeline(alert.id))[1]).toEqual({
        at: iso(T0 + 30_000),
        kind: 'acknowledged',
        by: 'guard',
        note: 'on my way',
      });
    });

    it('resolves from open or acknowledged, not twice', async () => {
      const a = (await repo().openOrOccur(alertTrigger(), { drill: false })).alert;
      const b = (await repo().openOrOccur(alertTrigger({ key: 'k2' }), { drill: false })).alert;
      await repo().acknowledge(b.id, 'guard', 'seen');
      const ra = await repo().resolve(a.id, 'guard', 'false_alarm', undefined, T0 + 1000);
      expect(ra).toMatchObject({
        ok: true,
        alert: {
          status: 'resolved',
          resolvedAt: iso(T0 + 1000),
          resolvedBy: 'guard',
          disposition: 'false_alarm',
          note: null,
        },
      });
      const rb = await repo().resolve(b.id, 'boss', 'genuine');
      expect(rb).toMatchObject({
        ok: true,
        alert: { status: 'resolved', disposition: 'genuine', note: 'seen', acknowledgedBy: 'guard' },
      });
      expect(await repo().resolve(a.id, 'guard', 'genuine')).toEqual({
        ok: false,
        reason: 'wrong_state',
        status: 'resolved',
      });
      expect(await repo().resolve('missing', 'guard', 'genuine')).toEqual({ ok: false, reason: 'not_found' });
      expect((await repo().timeline(a.id)).at(-1)).toEqual({
        at: iso(T0 + 1000),
        kind: 'resolved',
        by: 'guard',
        disposition: 'false_alarm',
      });
    });

    it('lists newest first, filtered by status, org unit (any level) and before', async () => {
      const open = async (key: string, org = ORG, at = T0) =>
        (await repo().openOrOccur(alertTrigger({ key, org, at }), { drill: false })).alert;
      const a = await open('a', ORG, T0);
      const b = await open('b', NEIGHBOUR, T0 + 1000);
      const c = await open('c', FAR, T0 + 2000);
      await repo().acknowledge(b.id, 'x');
      const ids = (alerts: { id: string }[]) => alerts.map((x) => x.id);
      expect(ids(await repo().list({ limit: 10 }))).toEqual([c.id, b.id, a.id]);
      expect(ids(await repo().list({ limit: 10, orgUnit: ORG.province }))).toEqual([c.id, b.id, a.id]);
      expect(ids(await repo().list({ limit: 10, orgUnit: ORG.city }))).toEqual([b.id, a.id]);
      expect(ids(await repo().list({ limit: 10, orgUnit: ORG.county }))).toEqual([a.id]);
      expect(ids(await repo().list({ limit: 10, orgUnit: ORG.school }))).toEqual([a.id]);
      expect(ids(await repo().list({ limit: 10, orgUnit: '999999' }))).toEqual([]);
      expect(ids(await repo().list({ limit: 10, status: 'acknowledged' }))).toEqual([b.id]);
      expect(ids(await repo().list({ limit: 10, status: 'open', orgUnit: ORG.city }))).toEqual([a.id]);
      expect(ids(await repo().list({ limit: 2 }))).toEqual([c.id, b.id]);
      expect(ids(await repo().list({ limit: 2, before: T0 + 1000 }))).toEqual([a.id]);
      await expect(repo().list({ limit: 0 })).rejects.toThrow(/limit must be an integer from 1/);
    });

    it('appends timeline items of any kind, in write order', async () => {
      const { alert } = await repo().openOrOccur(alertTrigger(), { drill: false });
      const notified = {
        at: iso(T0 + 100),
        kind: 'notified',
        level: 'school',
        channel: 'sms',
        to: '+8613800000001',
        name: '王老师',
        result: 'queued',
        attempt: 1,
      } as const;
      expect(await repo().appendTimeline(alert.id, notified)).toBe(true);
      expect(
        await repo().appendTimeline(alert.id, { at: iso(T0 + 50), kind: 'escalated', level: 'county' }),
      ).toBe(true);
      expect(await repo().appendTimeline('missing', { at: iso(T0), kind: 'reminded' })).toBe(false);
      expect(await repo().timeline(alert.id)).toEqual([
        { at: iso(T0), kind: 'opened' },
        notified,
        { at: iso(T0 + 50), kind: 'escalated', level: 'county' },
      ]);
      expect(await repo().timeline('missing')).toEqual([]);
    });

    it('raises the level, never lowers it', async () => {
      const { alert } = await repo().openOrOccur(alertTrigger(), { drill: false });
      expect(await repo().setLevel(alert.id, 'city')).toMatchObject({
        ok: true,
        raised: true,
        alert: { level: 'city' },
      });
      expect(await repo().setLevel(alert.id, 'county')).toMatchObject({
        ok: true,
        raised: false,
        alert: { level: 'city' },
      });
      expect(await repo().setLevel(alert.id, 'city')).toMatchObject({ ok: true, raised: false });
      expect(await repo().setLevel('missing', 'province')).toEqual({ ok: false, reason: 'not_found' });
    });
  });
}
