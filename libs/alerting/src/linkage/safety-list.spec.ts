import { describe, expect, it } from 'vitest';
import { needsConfirmation, SAFETY_LIST } from './safety-list';

describe('the safety list', () => {
  it('holds an unlock back on an intrusion, a forced door, a fight or an sos', () => {
    for (const type of ['intrusion', 'door_forced', 'fight', 'sos', 'loitering']) {
      expect(needsConfirmation(type, 'unlock'), type).toBe(true);
    }
  });

  it('lets the fire doors release on a fire, smoke, heat or gas alarm', () => {
    for (const type of ['fire', 'smoke', 'heat', 'gas'])
      expect(needsConfirmation(type, 'unlock'), type).toBe(false);
  });

  it('does not hold sirens, lights or broadcasts, unless the rule asks', () => {
    for (const command of ['sound', 'silence', 'lock', 'play', 'switch_on', 'switch_off'] as const) {
      expect(needsConfirmation('intrusion', command), command).toBe(false);
      expect(needsConfirmation('intrusion', command, true), command).toBe(true);
    }
  });

  it('says why for every entry', () => {
    for (const entry of SAFETY_LIST) expect(entry.why.length).toBeGreaterThan(20);
  });
});
