import { describe, expect, it } from 'vitest';
import { addFollowLink, followPath, isPhoneOrEmpty } from './follow-links';

describe('follow links', () => {
  it('keeps the newest first, one per report, at most 20', () => {
    const list = Array.from({ length: 20 }, (_, i) => ({ id: `r${i}`, token: 't', at: i }));
    const next = addFollowLink(list, { id: 'r5', token: 't2', at: 99 });
    expect(next[0]).toEqual({ id: 'r5', token: 't2', at: 99 });
    expect(next.filter((l) => l.id === 'r5')).toHaveLength(1);
    expect(addFollowLink(list, { id: 'new', token: 't', at: 100 })).toHaveLength(20);
  });

  it('puts the token in the follow page address, encoded', () => {
    expect(followPath('2161010001', { id: 'a-b', token: 'x+y/z' })).toBe('/p/2161010001/r/a-b?t=x%2By%2Fz');
  });

  it('takes an empty field, a mainland mobile or an E.164 number', () => {
    for (const ok of ['', ' ', '13900000000', '139 0000 0000', '+8613900000000', '+14155550100'])
      expect(isPhoneOrEmpty(ok)).toBe(true);
    for (const bad of ['张老师', '12345', '029-88888888', '23900000000'])
      expect(isPhoneOrEmpty(bad)).toBe(false);
  });
});
