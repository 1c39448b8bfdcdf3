import { describe, expect, it } from 'vitest';
import type { ChecklistItem } from '../../domain/inspection';
import type { Database } from '../../db/database';
import { HazardRepository } from '../../db/hazard-repository';
import { InspectionRepository, type NewFinding } from '../../db/inspection-repository';
import { FAR, hazardTrigger, iso, NEIGHBOUR, ORG, T0 } from './rows.fixture';

const DAY = 86_400_000;

const ITEMS: ChecklistItem[] = [
  {
    key: 'camera_online_rate',
    source: 'auto',
    label: '视频监控在线率',
    value: '5/6 在线 (83%)',
    measured: { online: 5, total: 6 },
    autoResult: 'fail',
    result: 'fail',
    note: null,
  },
  {
    key: 'fire_exits_clear',
    source: 'manual',
    label: '疏散通道畅通',
    value: null,
    measured: null,
    autoResult: null,
    result: null,
    note: null,
  },
  {
    key: 'guards_on_duty',
    source: 'manual',
    label: '门卫在岗在位',
    value: null,
    measured: null,
    autoResult: null,
    result: null,
    note: null,
  },
];

export function inspectionContract(db: () => Database): void {
  const repo = () => new InspectionRepository(db());
  const start = (over: { org?: typeof ORG; at?: number } = {}) =>
    repo().create({
      org: over.org ?? ORG,
      inspector: 'yanta',
      inspectorOrg: ORG.county,
      items: ITEMS,
      at: over.at ?? T0,
      year: new Date(over.at ?? T0).getUTCFullYear(),
    });

  describe('InspectionRepository', () => {
    it('creates an in-progress inspection with its checklist and reads it back', async () => {
      const created = await start();
      expect(created).toEqual({
        id: expect.any(String),
        number: expect.stringMatching(/^\d{4}-\d{4}$/),
        ...ORG,
        inspector: 'yanta',
        inspectorOrg: ORG.county,
        status: 'in_progress',
        startedAt: iso(T0),
        completedAt: null,
        conclusion: null,
        items: ITEMS,
        findings: [],
      });
      expect(await repo().get(created.id)).toEqual(created);
      expect(await repo().get('missing')).toBeUndefined();
    });

    it('numbers inspections in sequence per year, concurrent starts included', async () => {
      const nextYear = T0 + 400 * 86_400_000;
      const year = new Date(nextYear).getUTCFullYear();
      const numbers = (await Promise.all([1, 2, 3].map((i) => start({ at: nextYear + i })))).map(
        (i) => i.number,
      );
      expect(numbers.sort()).toEqual([`${year}-0001`, `${year}-0002`, `${year}-0003`]);
      const again = await start({ at: nextYear + 10 });
      expect(again.number).toBe(`${year}-0004`);
      expect((await repo().get(again.id))?.number).toBe(`${year}-0004`);
    });

    it('lists by org unit, school and status, newest first', async () => {
      const a = await start({ at: T0 });
      const b = await start({ at: T0 + 1000 });
      const n = await start({ org: NEIGHBOUR, at: T0 + 2000 });
      const far = await start({ org: FAR, at: T0 + 3000 });
      await repo().complete(a.id);
      const ids = (xs: { id: string }[]) => xs.map((x) => x.id);
      expect(ids(await repo().list({ orgUnit: ORG.province }))).toEqual([far.id, n.id, b.id, a.id]);
      expect(ids(await repo().list({ orgUnit: ORG.city }))).toEqual([n.id, b.id, a.id]);
      expect(ids(await repo().list({ orgUnit: ORG.county }))).toEqual([b.id, a.id]);
      expect(ids(await repo().list({ orgUnit: ORG.city, school: ORG.school, status: 'completed' }))).toEqual([
        a.id,
      ]);
      expect(ids(await repo().list({ orgUnit: ORG.city, status: 'in_progress' }))).toEqual([n.id, b.id]);
      expect(ids(await repo().list({ orgUnit: ORG.county, school: NEIGHBOUR.school }))).toEqual([]);
      expect(ids(await repo().list({ orgUnit: ORG.province, limit: 1 }))).toEqual([far.id]);
    });

    it('sets one item’s result in place, keeping the order and, unless given, the note', async () => {
      const { id } = await start();
      const first = await repo().setItemResult(id, 'fire_exits_clear', {
        result: 'fail',
        note: '二楼通道堆放杂物',
      });
      expect(first.ok).toBe(true);
      const again = await repo().setItemResult(id, 'fire_exits_clear', { result: 'pass' });
      const camera = await repo().setItemResult(id, 'camera_online_rate', { result: 'na', note: '' });
      if (!camera.ok || !again.ok) throw new Error('expected both changes to apply');
      expect(camera.inspection.items.map((i) => [i.key, i.result, i.note])).toEqual([
        ['camera_online_rate', 'na', ''],
        ['fire_exits_clear', 'pass', '二楼通道堆放杂物'],
        ['guards_on_duty', null, null],
      ]);
      expect(camera.inspection.items[0]).toMatchObject({
        autoResult: 'fail',
        measured: { online: 5, total: 6 },
      });
    });

    it('lets concurrent edits of different items all land', async () => {
      const { id } = await start();
      await Promise.all([
        repo().setItemResult(id, 'fire_exits_clear', { result: 'pass' }),
        repo().setItemResult(id, 'guards_on_duty', { result: 'fail' }),
        repo().setItemResult(id, 'camera_online_rate', { result: 'pass' }),
      ]);
      expect((await repo().get(id))?.items.map((i) => i.result)).toEqual(['pass', 'pass', 'fail']);
    });

    it('refuses an unknown item, an unknown inspection and a completed one, saying which', async () => {
      const { id } = await start();
      expect(await repo().setItemResult(id, 'no_such_item', { result: 'pass' })).toEqual({
        ok: false,
        reason: 'unknown_item',
      });
      expect(await repo().setItemResult('missing', 'guards_on_duty', { result: 'pass' })).toEqual({
        ok: false,
        reason: 'not_found',
      });
      await repo().complete(id);
      expect(await repo().setItemResult(id, 'guards_on_duty', { result: 'pass' })).toEqual({
        ok: false,
        reason: 'completed',
      });
      await expect(repo().setItemResult(id, 'guards_on_duty', { result: 'maybe' as 'pass' })).rejects.toThrow(
        /unknown item result/,
      );
    });

    it('completes once, with the conclusion', async () => {
      const { id } = await start();
      const done = await repo().complete(id, { conclusion: '整体良好，限期整改一项', at: T0 + DAY });
      expect(done).toMatchObject({
        ok: true,
        inspection: { status: 'completed', completedAt: iso(T0 + DAY), conclusion: '整体良好，限期整改一项' },
      });
      expect(await repo().complete(id)).toEqual({ ok: false, reason: 'completed' });
      expect(await repo().complete('missing')).toEqual({ ok: false, reason: 'not_found' });
      expect((await repo().get(id))?.conclusion).toBe('整体良好，限期整改一项');
    });

    it('records findings with their hazards, whose state it reads live; the inspector registered them', async () => {
      const hazards = new HazardRepository(db());
      const inspection = await start();
      const findingId = 'f-1';
      const { hazard } = await hazards.registerOrTouch(
        hazardTrigger({
          key: `inspection:${inspection.id}:${findingId}`,
          source: 'inspection',
          title: '二楼疏散通道堆放杂物',
          device: null,
          at: T0 + 60_000,
          detail: { inspectionId: inspection.id, findingId, item: 'fire_exits_clear' },
        }),
        T0 + 3 * DAY,
        'yanta',
      );
      const input: NewFinding = {
        id: findingId,
        item: 'fire_exits_clear',
        title: '二楼疏散通道堆放杂物',
        grade: 'general',
        deadline: T0 + 3 * DAY,
        hazardId: hazard.id,
        createdBy: 'yanta',
        at: T0 + 60_000,
      };
      const finding = await repo().addFinding(inspection.id, input);
      const expected = {
        id: findingId,
        item: 'fire_exits_clear',
        title: '二楼疏散通道堆放杂物',
        grade: 'general',
        deadline: iso(T0 + 3 * DAY),
        note: null,
        hazardId: hazard.id,
        hazardState: 'registered',
        createdBy: 'yanta',
        createdAt: iso(T0 + 60_000),
      };
      expect(finding).toEqual(expected);
      expect((await repo().get(inspection.id))?.findings).toEqual([expected]);
      expect((await hazards.events(hazard.id))[0]).toMatchObject({
        from: null,
        to: 'registered',
        by: 'yanta',
      });

      await hazards.transition(hazard.id, { from: 'registered', to: 'rectifying', by: 'guard1' });
      const later = await repo().addFinding(inspection.id, {
        ...input,
        id: 'f-2',
        item: null,
        note: '另见照片',
        hazardId: hazard.id,
        at: T0 + 120_000,
      });
      expect(later).toMatchObject({ id: 'f-2', item: null, note: '另见照片', hazardState: 'rectifying' });
      const listed = await repo().list({ orgUnit: ORG.school });
      expect(listed[0]?.findings.map((f) => [f.id, f.hazardState])).toEqual([
        ['f-1', 'rectifying'],
        ['f-2', 'rectifying'],
      ]);
      expect(await repo().addFinding('missing', { ...input, id: 'f-3' })).toBeUndefined();
    });
  });
}
