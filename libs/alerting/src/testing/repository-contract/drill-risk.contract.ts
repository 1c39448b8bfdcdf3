import type { Device } from '@campus/device-protocols';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../db/database';
import { DrillRepository } from '../../db/drill-repository';
import { RiskPointRepository } from '../../db/risk-point-repository';
import { FAR, iso, NEIGHBOUR, ORG, T0 } from './rows.fixture';

const HOUR = 3_600_000;

export function drillContract(db: () => Database): void {
  const repo = () => new DrillRepository(db());

  describe('DrillRepository', () => {
    it('creates drills and finds the one covering a school or device', async () => {
      const school = await repo().create({
        org: ORG,
        device: null,
        from: T0,
        to: T0 + HOUR,
        createdBy: 'admin',
        note: '消防演练',
        at: T0 - 1,
      });
      expect(school).toEqual({
        id: expect.any(String),
        org: ORG,
        device: null,
        from: iso(T0),
        to: iso(T0 + HOUR),
        createdBy: 'admin',
        createdAt: iso(T0 - 1),
        note: '消防演练',
      });
      const device = await repo().create({
        org: NEIGHBOUR,
        device: 'sos-1',
        from: T0,
        to: T0 + HOUR,
        createdBy: 'admin',
      });
      expect((await repo().activeFor(ORG.school, 'any-device', T0 + 10))?.id).toBe(school.id);
      expect((await repo().activeFor(ORG.school, null, T0))?.id).toBe(school.id);
      expect(await repo().activeFor(ORG.school, null, T0 + HOUR)).toBeUndefined();
      expect(await repo().activeFor(ORG.school, null, T0 - 1)).toBeUndefined();
      expect((await repo().activeFor(NEIGHBOUR.school, 'sos-1', T0))?.id).toBe(device.id);
      expect(await repo().activeFor(NEIGHBOUR.school, 'sos-2', T0)).toBeUndefined();
      expect(await repo().activeFor(NEIGHBOUR.school, null, T0)).toBeUndefined();
      expect(await repo().get(school.id)).toEqual(school);
    });

    it('lists, ends early and removes', async () => {
      const a = await repo().create({ org: ORG, device: null, from: T0, to: T0 + HOUR, createdBy: 'x' });
      const b = await repo().create({
        org: FAR,
        device: null,
        from: T0 + HOUR,
        to: T0 + 2 * HOUR,
        createdBy: 'x',
      });
      expect((await repo().list()).map((d) => d.id)).toEqual([b.id, a.id]);
      expect((await repo().list({ orgUnit: ORG.county })).map((d) => d.id)).toEqual([a.id]);
      expect((await repo().list({ activeAt: T0 + HOUR })).map((d) => d.id)).toEqual([b.id]);
      expect(await repo().end(a.id, T0 + 60_000)).toBe(true);
      expect((await repo().get(a.id))?.to).toBe(iso(T0 + 60_000));
      expect(await repo().remove(b.id)).toBe(true);
      expect(await repo().remove(b.id)).toBe(false);
      await expect(
        repo().create({ org: ORG, device: null, from: T0, to: T0, createdBy: 'x' }),
      ).rejects.toThrow(/must end after it starts/);
    });
  });
}

export function riskPointContract(db: () => Database): void {
  const repo = () => new RiskPointRepository(db());
  const device = (id: string, extra: Partial<Device>): Device => ({
    id,
    kind: 'smoke_detector',
    protocol: 'native',
    org: ORG,
    ...extra,
  });

  describe('RiskPointRepository', () => {
    it('upserts points and computes the LEC score', async () => {
      const lab = await repo().upsert({
        org: ORG,
        name: '化学实验室',
        grade: 'orange',
        lecL: 3,
        lecE: 6,
        lecC: 7,
        measures: '通风',
        owner: 'li',
        updatedBy: 'admin',
        at: T0,
      });
      expect(lab).toEqual({
        id: expect.any(String),
        org: ORG,
        device: null,
        name: '化学实验室',
        grade: 'orange',
        lecL: 3,
        lecE: 6,
        lecC: 7,
        lecScore: 126,
        measures: '通风',
        owner: 'li',
        updatedBy: 'admin',
        updatedAt: iso(T0),
      });
      const edited = await repo().upsert({
        ...lab,
        grade: 'red',
        lecL: 0.5,
        lecC: 40,
        updatedBy: 'boss',
        at: T0 + 1,
      });
      expect(edited).toMatchObject({
        id: lab.id,
        grade: 'red',
        lecScore: 120,
        updatedBy: 'boss',
        updatedAt: iso(T0 + 1),
      });
      const partial = await repo().upsert({
        org: ORG,
        name: '门口',
        grade: 'blue',
        lecL: 1,
        updatedBy: 'admin',
      });
      expect(partial.lecScore).toBeNull();
      await repo().upsert({ org: ORG, name: '宿舍', grade: 'yellow', updatedBy: 'admin' });
      await repo().upsert({ org: FAR, name: '远方', grade: 'red', updatedBy: 'admin' });
      expect((await repo().listBySchool(ORG.school)).map((p) => p.name)).toEqual([
        '化学实验室',
        '宿舍',
        '门口',
      ]);
      expect((await repo().list({ orgUnit: ORG.province, grade: 'red' })).map((p) => p.name)).toEqual([
        '化学实验室',
        '远方',
      ]);
      expect(await repo().remove(partial.id)).toBe(true);
      expect(await repo().get(partial.id)).toBeUndefined();
    });

    it('seeds one point per graded sites-file device, once, keeping later edits', async () => {
      const devices = [
        device('smk-1', { risk: 'red', location: { building: 'A栋', floor: 3, room: '301', use: 'lab' } }),
        device('smk-2', { risk: 'blue' }),
        device('smk-3', {}),
      ];
      expect(await repo().seedFromDevices(devices, 'sites-file', T0)).toBe(2);
      const seeded = await repo().listBySchool(ORG.school);
      expect(seeded.map((p) => [p.id, p.name, p.grade, p.device])).toEqual([
        ['device:smk-1', 'A栋 3F 301 lab', 'red', 'smk-1'],
        ['device:smk-2', 'smk-2', 'blue', 'smk-2'],
      ]);
      await repo().upsert({ ...seeded[1]!, grade: 'yellow', updatedBy: 'admin' });
      expect(await repo().seedFromDevices(devices)).toBe(0);
      expect((await repo().get('device:smk-2'))?.grade).toBe('yellow');
    });
  });
}
