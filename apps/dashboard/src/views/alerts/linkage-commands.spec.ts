import { describe, expect, it } from 'vitest';
import { sirenModeFor } from './linkage-commands';

describe('the siren mode of a guard’s sound command', () => {
  it('is fire for fire alarms and emergency otherwise', () => {
    expect(['fire', 'smoke', 'heat', 'gas'].map(sirenModeFor)).toEqual(['fire', 'fire', 'fire', 'fire']);
    expect(['sos', 'intrusion', 'fight'].map(sirenModeFor)).toEqual(['emergency', 'emergency', 'emergency']);
  });
});
