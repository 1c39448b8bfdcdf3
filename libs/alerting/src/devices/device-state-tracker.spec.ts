import type { UplinkMessage } from '@campus/device-protocols';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { DeviceStateTracker } from './device-state-tracker';

const ORG = { province: '610000', city: '610100', county: '610113', school: '2161010001' };
const T0 = Date.parse('2026-11-28T10:00:00.000Z');
const msg = (
  device: string,
  m: Partial<UplinkMessage> & Pick<UplinkMessage, 'kind'>,
  ts: number,
): UplinkMessage => ({ v: 1, org: ORG, deviceKind: 'smoke_detector', device, ts, ...m }) as UplinkMessage;

const tracker = () =>
  new DeviceStateTracker({
    store: { listAll: async () => [], save: async () => undefined },
    timeZone: 'Asia/Shanghai',
    logger: pino({ level: 'silent' }),
  });

describe('DeviceStateTracker.observeBatch', () => {
  it('leaves every device as observing the messages one by one does, events and counts included', () => {
    const batch: UplinkMessage[] = [
      msg('a', { kind: 'reading', metrics: { battery: 50 } }, T0),
      msg('b', { kind: 'reading', metrics: { temperature: 20 } }, T0 + 1),
      msg('a', { kind: 'event', type: 'low_battery', data: {} }, T0 + 2),
      msg('a', { kind: 'reading', metrics: { battery: 10 } }, T0 + 3),
      msg('b', { kind: 'availability', online: false }, T0 + 4),
      msg('b', { kind: 'reading', metrics: { battery: 90 } }, T0 + 5),
      msg('a', { kind: 'reading', metrics: { battery: 30 } }, T0 + 1),
      msg('a', { kind: 'event', type: 'fault', data: {} }, T0 + 6),
    ];
    const one = tracker();
    for (const m of batch) one.observe(m, T0 + 10);
    const all = tracker();
    all.observeBatch(batch, T0 + 10);
    for (const d of ['a', 'b']) expect(all.current(d)).toEqual(one.current(d));
    expect(all.pending).toEqual(one.pending);
  });
});
