import { describe, expect, it } from 'vitest';
import { documentToRows, rowsToDocument } from './registry-rows';
import { hashedDemoDocument } from '../testing/registry-documents.fixture';

describe('registry rows ↔ document', () => {
  it('round-trips the demo province losslessly', async () => {
    const doc = await hashedDemoDocument();
    const rows = documentToRows(doc);
    expect(rows.orgs.filter((o) => o.level === 'school')).toHaveLength(6);
    expect(rows.devices).toHaveLength(218);
    expect(rowsToDocument(rows)).toEqual(doc);
    expect(JSON.stringify(rowsToDocument(rows))).not.toContain('"secret"');
  });

  it("keeps a device's other keys in its body and the org tree in parent links", async () => {
    const rows = documentToRows(await hashedDemoDocument());
    const device = rows.devices.find((d) => d.id === 'smk-1-002');
    expect(device).toMatchObject({ school: '2161010001', kind: 'smoke_detector', body: { risk: 'red' } });
    expect(device?.body).not.toHaveProperty('secretHash');
    expect(device?.secretHash).toMatch(/^scrypt\$/);
    expect(rows.orgs.find((o) => o.code === '2161010001')).toMatchObject({
      level: 'school',
      parent: '610113',
    });
  });

  it("keeps the plans (应急预案), users' phones and cameras' covers and picture sources", async () => {
    const doc = await hashedDemoDocument();
    const users = doc['users'] as Record<string, unknown>[];
    users[0] = { ...users[0], phone: '+8613800000123' };
    doc['plans'] = [
      {
        id: 'lab-fire',
        name: '实验楼火灾应急预案',
        types: ['fire', 'smoke'],
        school: '2161010001',
        steps: [{ id: 'verify', text: '视频确认', action: 'sirens' }],
      },
    ];
    const rows = documentToRows(doc);
    expect(rows.plans.map((p) => p.name)).toEqual(['lab-fire']);
    expect(rows.users[0]?.phone).toBe('+8613800000123');
    const camera = rows.devices.find((d) => d.kind === 'camera' && 'covers' in d.body);
    expect(camera, 'a demo camera that declares covers').toBeDefined();
    expect(rowsToDocument(rows)).toEqual(doc);
  });

  it('answers an empty document for no rows', () => {
    expect(rowsToDocument(documentToRows({}))).toEqual({});
  });
});
