import { describe, expect, it } from 'vitest';
import type { Database } from '../../db/database';
import {
  HazardReportRepository,
  type NewHazardReport,
  type NewPhoto,
} from '../../db/hazard-report-repository';
import { HazardRepository } from '../../db/hazard-repository';
import { ReportRepository } from '../../db/report-repository';
import { FAR, hazardTrigger, iso, ORG, T0 } from './rows.fixture';

const DAY = 86_400_000;
const HOUR = 3_600_000;

let n = 0;
function newReport(over: Partial<NewHazardReport> = {}): NewHazardReport {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    status: 'new',
    channel: 'account',
    category: 'fire_exit',
    description: '楼梯间堵塞',
    building: '教学楼',
    floor: '2',
    urgent: false,
    reportedBy: 'teacher1',
    org: ORG,
    at: T0,
    ...over,
  };
}

function photo(i: number): NewPhoto {
  const id = `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  return { id, stage: 'before', contentType: 'image/png', bytes: 70 + i, storageKey: `${id}.png` };
}

/** The contract of HazardReportRepository (人人参与): reports, their triage, the photos of the hazard loop. */
export function hazardReportContract(db: () => Database): void {
  const repo = () => new HazardReportRepository(db());

  describe('HazardReportRepository', () => {
    it('stores a report with its photos in upload order and reads it back', async () => {
      const r = newReport();
      const stored = await repo().create(r, [photo(2), photo(1)]);
      expect(stored).toEqual({
        id: r.id,
        status: 'new',
        channel: 'account',
        category: 'fire_exit',
        description: '楼梯间堵塞',
        building: '教学楼',
        floor: '2',
        room: null,
        urgent: false,
        reportedBy: 'teacher1',
        contact: null,
        ...ORG,
        createdAt: iso(T0),
        triagedBy: null,
        triagedAt: null,
        dismissReason: null,
        hazardId: null,
        hazardState: null,
        fixed: false,
        photos: [2, 1].map((i) => ({
          ...photo(i),
          by: 'teacher1',
          at: iso(T0),
          reportId: r.id,
          hazardId: null,
          ...ORG,
        })),
      });
      expect(await repo().photo(photo(1).id)).toMatchObject({
        id: photo(1).id,
        reportId: r.id,
        school: ORG.school,
      });
    });

    it('lists by org unit, status and reporter, newest first', async () => {
      const a = await repo().create(newReport({ at: T0 }), []);
      const b = await repo().create(
        newReport({ at: T0 + 1000, status: 'unverified', reportedBy: 'public' }),
        [],
      );
      await repo().create(newReport({ org: FAR }), []);
      const ids = async (q: Parameters<HazardReportRepository['list']>[0]) =>
        (await repo().list(q)).map((r) => r.id);
      expect(await ids({ orgUnit: ORG.county })).toEqual([b.id, a.id]);
      expect(await ids({ orgUnit: ORG.school, status: 'unverified' })).toEqual([b.id]);
      expect(await ids({ orgUnit: ORG.province, reportedBy: 'teacher1' })).toHaveLength(2);
    });

    it('registers a waiting report as a hazard, once, with its photos as the hazard\u2019s', async () => {
      const r = await repo().create(newReport(), [photo(3)]);
      const hazardId = '20000000-0000-4000-8000-000000000001';
      const done = await repo().register(r.id, {
        hazardId,
        grade: 'major',
        title: '消防通道: 楼梯间堵塞',
        owner: '张伟',
        deadline: T0 + 7 * DAY,
        by: 'guard1',
        at: T0 + HOUR,
      });
      expect(done).toMatchObject({
        ok: true,
        report: {
          status: 'registered',
          hazardId,
          hazardState: 'registered',
          triagedBy: 'guard1',
          triagedAt: iso(T0 + HOUR),
        },
      });
      const hazard = await new HazardRepository(db()).get(hazardId, T0 + HOUR);
      expect(hazard).toMatchObject({
        key: `report:${r.id}`,
        source: 'report',
        grade: 'major',
        owner: '张伟',
        state: 'registered',
        deadline: iso(T0 + 7 * DAY),
        school: ORG.school,
      });
      expect((await new HazardRepository(db()).events(hazardId))[0]).toMatchObject({
        by: 'guard1',
        to: 'registered',
      });
      expect((await repo().hazardPhotos(hazardId)).map((p) => p.id)).toEqual([photo(3).id]);
      expect(await repo().dismiss(r.id, { reason: 'x', by: 'head1', at: T0 })).toEqual({
        ok: false,
        reason: 'already_triaged',
        status: 'registered',
      });
      expect(await repo().dismiss('no-such-report', { reason: 'x', by: 'head1', at: T0 })).toEqual({
        ok: false,
        reason: 'not_found',
      });
    });

    it('merges into a hazard with an event, dismisses with a reason, adds hazard photos and counts them', async () => {
      const hazards = new HazardRepository(db());
      const { hazard } = await hazards.registerOrTouch(hazardTrigger(), T0 + DAY);
      const r = await repo().create(newReport(), [photo(4)]);
      const merged = await repo().merge(r.id, {
        hazardId: hazard.id,
        hazardState: hazard.state,
        by: 'guard1',
        at: T0,
      });
      expect(merged).toMatchObject({ ok: true, report: { status: 'merged', hazardId: hazard.id } });
      expect((await hazards.events(hazard.id)).at(-1)).toMatchObject({
        by: 'guard1',
        note: `并入隐患报告 ${r.id}`,
      });
      const other = await repo().create(newReport(), []);
      expect(await repo().dismiss(other.id, { reason: '非隐患', by: 'head1', at: T0 })).toMatchObject({
        ok: true,
        report: { status: 'dismissed', dismissReason: '非隐患', triagedBy: 'head1' },
      });
      expect(await repo().countHazardPhotos(hazard.id, 'after')).toBe(0);
      const after = { ...photo(5), stage: 'after' as const };
      const added = await repo().addHazardPhotos(hazard, [after], 'guard1', '整改照片 1 张', T0 + HOUR);
      expect(added.map((p) => [p.id, p.stage, p.hazardId, p.reportId])).toEqual([
        [after.id, 'after', hazard.id, null],
      ]);
      expect(await repo().countHazardPhotos(hazard.id, 'after')).toBe(1);
      expect((await repo().hazardPhotos(hazard.id)).map((p) => p.stage)).toEqual(['before', 'after']);
    });

    it('counts reports per school and month for the reports: share turned into hazards, median time to rectification', async () => {
      const hazards = new HazardRepository(db());
      const a = await repo().create(newReport({ at: T0 }), []);
      await repo().create(newReport({ at: T0 + HOUR }), []);
      await repo().create(newReport({ at: T0 - 40 * DAY }), []); // another month
      const hazardId = '20000000-0000-4000-8000-000000000002';
      await repo().register(a.id, {
        hazardId,
        grade: 'general',
        title: 't',
        owner: 'o',
        deadline: T0 + DAY,
        by: 'guard1',
        at: T0,
      });
      await hazards.transition(hazardId, {
        from: 'registered',
        to: 'rectifying',
        by: 'guard1',
        at: T0 + HOUR,
      });
      await hazards.transition(hazardId, {
        from: 'rectifying',
        to: 'awaiting_acceptance',
        by: 'guard1',
        at: T0 + 5 * HOUR,
      });
      const rows = await new ReportRepository(db()).hazardReportMonths(
        { orgUnit: ORG.county, childLevel: 'school', from: T0 - 60 * DAY, to: T0 + DAY },
        'Asia/Shanghai',
      );
      expect(rows).toEqual([
        {
          school: ORG.school,
          month: '2026-10',
          reports: 1,
          turnedIntoHazards: 0,
          rectified: 0,
          medianSecondsToRectification: null,
        },
        {
          school: ORG.school,
          month: '2026-11',
          reports: 2,
          turnedIntoHazards: 1,
          rectified: 1,
          medianSecondsToRectification: 5 * 3600,
        },
      ]);
    });
  });
}
