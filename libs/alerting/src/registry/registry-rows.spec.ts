import { describe, expect, it } from 'vitest';
import { documentToRows, rowsToDocument } from './registry-rows';
import { hashedDemoDocument } from '../testing/registry-documents.fixture';

describe('registry rows ↔ document', () => {
  it('round-trips the demo province losslessly', async () => {
    const doc = await hashedDemoDocument();
    const rows = documentToRows(doc);
    expect(rows.orgs.filter((o) => o.level === 'school')).toHaveLength(6);
    expect(rows.devices).toHaveLength(216);
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

  it('answers an empty document for no rows', () => {
    expect(rowsToDocument(documentToRows({}))).toEqual({});
  });
});
