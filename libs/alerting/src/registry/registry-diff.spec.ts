import { describe, expect, it } from 'vitest';
import { diffDocuments, formatChanges } from './registry-diff';
import type { SitesDocument } from './registry-store';
import { hashedDemoDocument } from '../testing/registry-documents.fixture';

type Json = Record<string, unknown>;
const list = (v: unknown): Json[] => v as Json[];
const school = (doc: SitesDocument, i = 0): Json =>
  list(list(list(doc['cities'])[0]?.['counties'])[0]?.['schools'])[i] as Json;

describe('diffDocuments', () => {
  it('finds nothing between equal documents, whatever the key order', async () => {
    const doc = await hashedDemoDocument();
    const reordered = JSON.parse(JSON.stringify(doc, Object.keys(doc).reverse())) as SitesDocument;
    expect(diffDocuments(doc, { ...reordered, ...doc })).toEqual([]);
  });

  it('keys changes by org code, device id, contact id, username, severity and rule id', async () => {
    const before = await hashedDemoDocument();
    const after = structuredClone(before);
    school(after)['name'] = '改名小学';
    (list(school(after)['devices'])[0] as Json)['risk'] = 'red';
    list(after['contacts'])[0]!['phone'] = '+8613900000009';
    after['users'] = list(after['users']).filter((u) => u['username'] !== 'school2');
    (after['escalation'] as Json)['low'] = [{ level: 'school', after: 0, channels: ['sms'] }];
    after['rules'] = [{ id: 'mine', kind: 'threshold' }];
    const changes = diffDocuments(before, after);
    expect(changes.map((c) => [c.entity, c.key, c.op])).toEqual([
      ['org', '2161010001', 'changed'],
      ['device', 'smk-1-001', 'changed'],
      ['contact', 'c-0000000001', 'changed'],
      ['user', 'school2', 'removed'],
      ['escalation', 'low', 'changed'],
      ['rule', 'mine', 'added'],
    ]);
  });

  it('does not count a list reordering or a device moving in its list as a change', async () => {
    const before = await hashedDemoDocument();
    const after = structuredClone(before);
    school(after)['devices'] = list(school(after)['devices']).reverse();
    expect(diffDocuments(before, after)).toEqual([]);
  });

  it('prints changes readably, hashes hidden', async () => {
    const before = await hashedDemoDocument();
    const after = structuredClone(before);
    const device = list(school(after)['devices'])[0] as Json;
    device['location'] = { ...(device['location'] as Json), room: '新教室' };
    device['secretHash'] = 'scrypt$1024$8$1$AAAA$BBBB';
    after['users'] = list(after['users']).slice(1);
    expect(formatChanges(diffDocuments(before, after))).toEqual([
      '~ device smk-1-001',
      '    location.room: 101教室 → 新教室',
      '    secretHash: (hash) → (hash)',
      '- user school1',
    ]);
    expect(formatChanges([])).toEqual(['no changes']);
  });
});
