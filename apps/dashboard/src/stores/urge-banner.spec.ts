import { describe, expect, it } from 'vitest';
import { urgeStillShown } from './urge-banner';

const urge = { target: 'alert' as const, targetId: 'a1', at: '2026-12-07T13:30:00.000Z' };
const alert = (status: 'open' | 'acknowledged' | 'resolved', acknowledgedAt: string | null = null) => ({
  id: 'a1',
  status,
  acknowledgedAt,
});

describe('urgeStillShown', () => {
  it('keeps the banner while the urged alert is open, and for other alerts', () => {
    expect(urgeStillShown(urge, alert('open'))).toBe(true);
    expect(urgeStillShown(urge, { ...alert('resolved'), id: 'other' })).toBe(true);
    expect(urgeStillShown({ ...urge, target: 'hazard' }, alert('resolved'))).toBe(true);
  });

  it('takes it down once the alert is acknowledged after the urge, or resolved', () => {
    expect(urgeStillShown(urge, alert('acknowledged', '2026-12-07T13:31:00.000Z'))).toBe(false);
    expect(urgeStillShown(urge, alert('resolved', '2026-12-07T13:20:00.000Z'))).toBe(false);
  });

  it('keeps an urge about an alert acknowledged before it (the official wants it resolved)', () => {
    expect(urgeStillShown(urge, alert('acknowledged', '2026-12-07T13:20:00.000Z'))).toBe(true);
  });
});
