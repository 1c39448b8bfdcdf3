import { describe, expect, it } from 'vitest';
import { incidentDurations } from './incident-durations';
import {
  contactPersonId,
  isResponderLinkExpired,
  isResponderTokenShape,
  maskPhone,
  newResponderToken,
  responderLinkExpiry,
} from './responder-token';

const at = (minutes: number) => new Date(Date.UTC(2026, 11, 1, 10, minutes)).toISOString();

describe('the response times of an incident', () => {
  it('counts from opening to the acknowledgement, the first 已到场 and the first 已处置', () => {
    expect(
      incidentDurations({
        openedAt: at(0),
        acknowledgedAt: at(1),
        resolvedAt: at(30),
        dispatches: [
          { onSiteAt: at(9), handledAt: at(20) },
          { onSiteAt: at(6), handledAt: null },
        ],
      }),
    ).toEqual({ acknowledgeSeconds: 60, arriveSeconds: 360, handleSeconds: 1200 });
  });

  it('handling falls back to the resolution; nobody on site is null; a clock ahead counts as 0', () => {
    expect(
      incidentDurations({ openedAt: at(5), acknowledgedAt: at(4), resolvedAt: at(15), dispatches: [] }),
    ).toEqual({ acknowledgeSeconds: 0, arriveSeconds: null, handleSeconds: 600 });
    expect(
      incidentDurations({ openedAt: at(0), acknowledgedAt: null, resolvedAt: null, dispatches: [] }),
    ).toEqual({ acknowledgeSeconds: null, arriveSeconds: null, handleSeconds: null });
  });
});

describe('the responder link', () => {
  it('is 256 random bits, stored as a hash, and works until 24 h after the resolution', () => {
    const a = newResponderToken();
    const b = newResponderToken();
    expect(a.token).not.toBe(b.token);
    expect(isResponderTokenShape(a.token)).toBe(true);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).not.toContain(a.token);
    expect(isResponderTokenShape('../../etc')).toBe(false);
    expect(responderLinkExpiry(null)).toBeNull();
    expect(responderLinkExpiry(at(0))).toBe('2026-12-02T10:00:00.000Z');
    expect(isResponderLinkExpired(null, Date.now())).toBe(false);
    expect(isResponderLinkExpired(at(0), Date.parse('2026-12-02T09:59:59Z'))).toBe(false);
    expect(isResponderLinkExpired(at(0), Date.parse('2026-12-02T10:00:00Z'))).toBe(true);
  });

  it('names a contact without their number', () => {
    expect(maskPhone('+8613800000001')).toBe('+86138****0001');
    expect(contactPersonId('+8613800000001')).toMatch(/^contact:[0-9a-f]{16}$/);
    expect(contactPersonId('+8613800000001')).not.toContain('13800000001');
  });
});
