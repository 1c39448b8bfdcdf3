import { describe, expect, it } from 'vitest';
import { assignContactIds, hashCredentials } from './registry-prepare';
import { documentToRows, emptyRows } from './registry-rows';
import { FAKE_HASHER } from '../testing/registry-documents.fixture';
import type { SitesDocument } from './registry-store';

const doc = (): SitesDocument => ({
  province: { code: '610000', name: '陕西省' },
  cities: [
    {
      code: '610100',
      name: '西安市',
      counties: [
        {
          code: '610113',
          name: '雁塔区',
          schools: [
            {
              code: '2161010001',
              name: '一小',
              devices: [
                { id: 'a', kind: 'smoke_detector', secret: 'same' },
                { id: 'b', kind: 'smoke_detector', secret: 'same' },
                { id: 'c', kind: 'smoke_detector', secret: 'other' },
              ],
            },
          ],
        },
      ],
    },
  ],
  contacts: [
    { org: '610113', name: '值班', phone: '+8613800000001' },
    { id: 'c-mine', org: '610113', name: '局长', phone: '+8613800000002' },
  ],
  users: [{ username: 'u1', password: 'pw', role: 'county_officer', org: '610113' }],
});

describe('hashCredentials', () => {
  it('replaces plain secrets and passwords by hashes, hashing one plain text once', async () => {
    const calls: string[] = [];
    const hasher = { ...FAKE_HASHER, hash: (p: string) => (calls.push(p), FAKE_HASHER.hash(p)) };
    const out = await hashCredentials(doc(), emptyRows(), hasher);
    const text = JSON.stringify(out);
    expect(text).not.toMatch(/"secret"|"password"/);
    expect(calls.sort()).toEqual(['other', 'pw', 'same']);
    const rows = documentToRows(out);
    expect(rows.devices[0]?.secretHash).toBe(rows.devices[1]?.secretHash);
    expect(rows.users[0]?.passwordHash).toBe(await FAKE_HASHER.hash('pw'));
  });

  it('keeps the current hash when the plain text still matches it', async () => {
    const current = documentToRows(await hashCredentials(doc(), emptyRows(), FAKE_HASHER));
    const kept = 'scrypt$1024$8$1$a2VwdA==$a2VwdA==';
    current.devices[0]!.secretHash = kept;
    const verify = (plain: string, hash: string) => Promise.resolve(hash === kept ? plain === 'same' : false);
    const out = documentToRows(await hashCredentials(doc(), current, { ...FAKE_HASHER, verify }));
    expect(out.devices[0]?.secretHash).toBe(kept);
  });
});

describe('assignContactIds', () => {
  it('keeps given ids, reuses the id of the same org and name, and makes new ones', () => {
    const current = {
      ...emptyRows(),
      contacts: [{ id: 'c-old', org: '610113', name: '值班', phone: '+8613800000009' }],
    };
    const out = assignContactIds(doc(), current, () => 'c-new');
    expect((out['contacts'] as { id: string }[]).map((c) => c.id)).toEqual(['c-old', 'c-mine']);
    const fresh = assignContactIds(doc(), emptyRows(), () => 'c-new');
    expect((fresh['contacts'] as { id: string }[]).map((c) => c.id)).toEqual(['c-new', 'c-mine']);
  });
});
