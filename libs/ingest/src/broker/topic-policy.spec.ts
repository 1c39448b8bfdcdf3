import { describe, expect, it } from 'vitest';
import type { Device } from '@campus/device-protocols';
import type { ClientIdentity } from './client-identity';
import { decidePublish, decideSubscribe } from './topic-policy';

const org = { province: '610000', city: '610100', county: '610113', school: '2161010001' };
const device = (over: Partial<Device>): ClientIdentity => ({
  type: 'device',
  device: { id: 'smk-1', kind: 'smoke_detector', protocol: 'native', org, secret: 'x', ...over },
});
const smoke = device({});
const bridge = device({
  id: 'z2m-1',
  kind: 'zigbee_bridge',
  protocol: 'zigbee2mqtt',
  baseTopic: 'z2m-2161010001',
});
const service: ClientIdentity = { type: 'service', username: 'alert-service' };

describe('decidePublish', () => {
  it.each([
    [smoke, 'campus/v1/2161010001/smk-1/telemetry', { ok: true }],
    [smoke, 'campus/v1/2161010001/smk-1/event', { ok: true }],
    [smoke, 'campus/v1/2161010001/smk-1/command/ack', { ok: true }],
    [smoke, 'campus/v1/2161010001/smk-1/command', { ok: false, reason: 'reserved_topic' }],
    [smoke, 'campus/v1/2161010001/smk-2/command/ack', { ok: false, reason: 'not_own_topic' }],
    [smoke, 'campus/v1/2161010001/smk-2/event', { ok: false, reason: 'not_own_topic' }],
    [smoke, 'campus/v1/2161010002/smk-1/event', { ok: false, reason: 'wrong_school' }],
    [smoke, 'campus/v1/2161010001/smk-10/event', { ok: false, reason: 'not_own_topic' }],
    [smoke, 'z2m-2161010001/door', { ok: false, reason: 'not_own_topic' }],
    [smoke, 'platform/v1/uplink/2161010001/smk-1/event', { ok: false, reason: 'reserved_topic' }],
    [smoke, '$SYS/broker/x', { ok: false, reason: 'reserved_topic' }],
    [bridge, 'z2m-2161010001/gate_east_door', { ok: true }],
    [bridge, 'z2m-2161010001/bridge/state', { ok: true }],
    [bridge, 'z2m-2161010001', { ok: true }],
    [bridge, 'z2m-2161010001x/door', { ok: false, reason: 'outside_base_topic' }],
    [bridge, 'zigbee2mqtt/door', { ok: false, reason: 'outside_base_topic' }],
    [bridge, 'campus/v1/2161010001/z2m-1/status', { ok: true }],
    [service, 'campus/v1/2161010001/smk-1/event', { ok: false, reason: 'reserved_topic' }],
  ] as const)('%#: %s publishing to %s', (identity, topic, expected) => {
    expect(decidePublish(identity, topic)).toEqual(expected);
  });
});

describe('decideSubscribe', () => {
  it.each([
    [smoke, 'campus/v1/2161010001/smk-1/#', true],
    [smoke, 'campus/v1/2161010001/smk-1/command', true],
    [smoke, 'campus/v1/2161010001/smk-2/command', false],
    [smoke, 'campus/v1/2161010001/+/command', false],
    [smoke, 'campus/v1/2161010001/+/event', false],
    [smoke, 'campus/v1/#', false],
    [smoke, '#', false],
    [bridge, 'z2m-2161010001/+/set', true],
    [bridge, 'z2m-2161010001/#', true],
    [bridge, 'platform/v1/uplink/#', false],
    [service, 'platform/v1/uplink/#', true],
    [service, 'campus/v1/#', true],
    [service, '#', false],
  ] as const)('%#: subscribing to %s', (identity, filter, ok) => {
    expect(decideSubscribe(identity, filter).ok).toBe(ok);
  });
});
