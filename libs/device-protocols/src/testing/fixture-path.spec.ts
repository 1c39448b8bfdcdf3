import { describe, expect, it } from 'vitest';
import { sharedFixture, sharedFixtureNames } from './fixture-path';

describe('sharedFixture', () => {
  it('reads a file of the shared corpus as bytes', () => {
    expect(new TextDecoder().decode(sharedFixture('zigbee2mqtt/availability-legacy-online.txt'))).toBe(
      'online',
    );
    expect(sharedFixtureNames('frigate')).toContain('events-update.json');
  });

  it('names the missing path clearly', () => {
    expect(() => sharedFixture('zigbee2mqtt/no-such-file.json')).toThrow(
      /shared device fixture zigbee2mqtt\/no-such-file\.json not found at .*shared\/fixtures\/devices\/zigbee2mqtt\/no-such-file\.json/,
    );
  });
});
