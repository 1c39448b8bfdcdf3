import { describe, expect, it } from 'vitest';
import { effectiveOnline } from './bridged-online';

describe('effectiveOnline', () => {
  it('is the device’s own availability when it is not behind a bridge', () => {
    expect(effectiveOnline(true, undefined)).toBe(true);
    expect(effectiveOnline(false, undefined)).toBe(false);
    expect(effectiveOnline(null, undefined)).toBeNull();
  });

  it('takes the bridge’s availability when the device never reported its own (Frigate cameras)', () => {
    expect(effectiveOnline(null, true)).toBe(true);
    expect(effectiveOnline(undefined, true)).toBe(true);
    expect(effectiveOnline(null, null)).toBeNull();
  });

  it('is offline whenever the bridge is offline, whatever the device said last', () => {
    expect(effectiveOnline(true, false)).toBe(false);
    expect(effectiveOnline(null, false)).toBe(false);
  });

  it('keeps the device’s own word while the bridge is online', () => {
    expect(effectiveOnline(false, true)).toBe(false);
    expect(effectiveOnline(true, true)).toBe(true);
  });
});
