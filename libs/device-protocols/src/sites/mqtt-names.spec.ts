import { describe, expect, it } from 'vitest';
import { baseTopicProblem, deviceIdProblem, isLevelPrefix, topicNameProblem } from './mqtt-names';

describe('MQTT names in the sites file', () => {
  it('accepts ordinary device ids and refuses what breaks a topic level', () => {
    for (const id of ['smk-1-001', 'cam_gate.north', '烟感-01']) expect(deviceIdProblem(id)).toBeUndefined();
    for (const id of ['', 'a/b', 'a+b', 'a#', 'a b', 'a\tb', 'x'.repeat(65)])
      expect(deviceIdProblem(id)).toBeDefined();
  });

  it('refuses wildcards and empty levels in topics', () => {
    expect(topicNameProblem('zigbee2mqtt/east')).toBeUndefined();
    for (const t of ['', '/a', 'a/', 'a//b', 'a/+/b', 'a/#']) expect(topicNameProblem(t)).toBeDefined();
  });

  it('keeps bridges out of the platform and broker namespaces', () => {
    expect(baseTopicProblem('z2m-2161010001')).toBeUndefined();
    expect(baseTopicProblem('campusnet')).toBeUndefined();
    for (const t of ['campus', 'campus/v1', 'platform/x', '$SYS', '$share/g/t'])
      expect(baseTopicProblem(t)).toBeDefined();
  });

  it('compares by whole levels', () => {
    expect(isLevelPrefix('zigbee2mqtt', 'zigbee2mqtt')).toBe(true);
    expect(isLevelPrefix('zigbee2mqtt', 'zigbee2mqtt/east')).toBe(true);
    expect(isLevelPrefix('zigbee2mqtt/east', 'zigbee2mqtt')).toBe(false);
    expect(isLevelPrefix('z2m', 'z2m-2')).toBe(false);
  });
});
