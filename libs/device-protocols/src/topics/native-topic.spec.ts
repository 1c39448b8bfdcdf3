import { describe, expect, it } from 'vitest';
import { nativeTopic, parseNativeTopic } from './native-topic';

describe('native topic', () => {
  it('round-trips', () => {
    expect(parseNativeTopic(nativeTopic('2161010001', 'smk-0001', 'event'))).toEqual({
      school: '2161010001',
      device: 'smk-0001',
      channel: 'event',
    });
  });
  it('reads a command answer, the one channel two levels deep', () => {
    expect(parseNativeTopic('campus/v1/2161010001/relay-1/command/ack')).toEqual({
      school: '2161010001',
      device: 'relay-1',
      channel: 'command/ack',
    });
    expect(nativeTopic('2161010001', 'relay-1', 'command')).toBe('campus/v1/2161010001/relay-1/command');
    expect(parseNativeTopic('campus/v1/2161010001/relay-1/command/nack')).toBeUndefined();
  });
  it('refuses other shapes', () => {
    for (const t of ['campus/v1/a/b', 'campus/v1/a/b/c/d', 'campus/v2/a/b/c', 'campus/v1//b/c', 'x']) {
      expect(parseNativeTopic(t)).toBeUndefined();
    }
  });
});
