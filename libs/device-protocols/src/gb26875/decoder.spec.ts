import { describe, expect, it } from 'vitest';
import { TEST_NOW, testDevice } from '../testing/decode-context.fixture';
import { VECTORS } from '../testing/gb26875-vectors';
import { toGb26875Frame } from './frame';
import { buildGb26875Frame } from './frame-builder';
import { decodeGb26875Frame, type Gb26875Decode } from './decoder';
import { fireEventFor } from './canonical-mapping';

const panel = testDevice('fap-01', 'fire_alarm_panel', { protocol: 'gb26875', address: 889 });
const ctx = { now: TEST_NOW, timeZone: 'Asia/Shanghai' };
const SENT_AT = { second: 32, minute: 58, hour: 9, day: 26, month: 9, year: 12 };
const EVENT_AT = { ...SENT_AT, second: 2 };
const EVENT_TS = Date.UTC(2012, 8, 26, 1, 58, 2);
/** 烟感探测器 in GB 18030. */
const SMOKE_DETECTOR_GB18030 = [0xd1, 0xcc, 0xb8, 0xd0, 0xcc, 0xbd, 0xb2, 0xe2, 0xc6, 0xf7];

const decodeBytes = (bytes: Uint8Array): Gb26875Decode =>
  decodeGb26875Frame(panel, toGb26875Frame(bytes), ctx);

function frameWith(adu: number[], command = 2): Uint8Array {
  return buildGb26875Frame({
    serial: 7,
    timeLabel: SENT_AT,
    source: 889,
    destination: 88888,
    command,
    adu: Uint8Array.from(adu),
  });
}
const time = (l: typeof SENT_AT) => [l.second, l.minute, l.hour, l.day, l.month, l.year];
function componentState(
  componentType: number,
  state: number,
  description: number[] = [],
  at = EVENT_AT,
): number[] {
  const text = [...description, ...Array<number>(31 - description.length).fill(0x20)];
  return [1, 1, componentType, 0x0a, 0x00, 0x02, 0x00, state & 0xff, state >> 8, ...text, ...time(at)];
}

describe('decodeGb26875Frame', () => {
  it('turns the published smoke detector fire alarm into one smoke event at the right local time', () => {
    const result = decodeBytes(VECTORS.smokeFireAlarm);
    expect(result).toEqual({
      ok: true,
      heartbeat: false,
      reply: 'confirm',
      messages: [
        {
          kind: 'event',
          device: 'fap-01',
          ts: EVENT_TS,
          type: 'smoke',
          data: expect.objectContaining({
            source: 'gb26875',
            aduType: 2,
            systemType: 1,
            systemTypeName: '火灾报警系统',
            systemAddress: 1,
            componentType: 40,
            componentTypeName: '感烟火灾探测器',
            componentAddress: 0x0002000a,
            zone: 10,
            position: 2,
            description: '',
            state: 2,
            flags: ['fire'],
            deviceTime: '2012-09-26 09:58:02',
          }),
        },
      ],
    });
    expect(new Date(EVENT_TS).toISOString()).toBe('2012-09-26T01:58:02.000Z');
  });

  it('decodes the component description as GB 18030', () => {
    const result = decodeBytes(frameWith([2, 1, ...componentState(42, 0x0003, SMOKE_DETECTOR_GB18030)]));
    expect(result.ok && result.messages[0]).toMatchObject({
      type: 'smoke',
      data: { description: '烟感探测器', componentTypeName: '点型光电感烟火灾探测器' },
    });
  });

  it.each([
    [31, 'heat'],
    [37, 'heat'],
    [11, 'gas'],
    [74, 'gas'],
    [44, 'smoke'],
    [23, 'fire'],
    [51, 'fire'],
    [0, 'fire'],
  ])('maps a fire bit on component type %i to %s', (componentType, type) => {
    expect(fireEventFor(componentType)).toBe(type);
    const result = decodeBytes(frameWith([2, 1, ...componentState(componentType, 0x0002)]));
    expect(result.ok && result.messages.map((m) => m.kind === 'event' && m.type)).toEqual([type]);
  });

  it('marks a manual call point (手动报警按钮) fire', () => {
    const result = decodeBytes(frameWith([2, 1, ...componentState(23, 0x0003)]));
    expect(result.ok && result.messages[0]).toMatchObject({
      type: 'fire',
      data: { manualCallPoint: true, componentTypeName: '手动火灾报警按钮' },
    });
  });

  it('turns component fault and power fault bits into one fault event with the reasons', () => {
    const result = decodeBytes(frameWith([2, 1, ...componentState(40, 0x0105)]));
    expect(result.ok && result.messages).toEqual([
      expect.objectContaining({
        type: 'fault',
        data: expect.objectContaining({
          reason: 'component_fault',
          reasons: ['component_fault', 'power'],
          flags: ['fault', 'power_fault'],
        }),
      }),
    ]);
  });

  it('merges two components alarming in one frame at one time into one event, listing the second', () => {
    const second = componentState(40, 0x0002);
    second[3] = 0x0b; // zone 11
    const result = decodeBytes(frameWith([2, 2, ...componentState(40, 0x0002), ...second]));
    expect(result.ok && result.messages).toHaveLength(1);
    expect(result.ok && result.messages[0]).toMatchObject({
      type: 'smoke',
      data: { zone: 10, more: [{ zone: 11 }] },
    });
  });

  it('maps system state (type 1): fire, faults with reasons, supervisory', () => {
    const state = 0x0001 | 0x0002 | 0x0004 | 0x0010 | 0x0100 | 0x0400;
    const result = decodeBytes(frameWith([1, 1, 1, 3, state & 0xff, state >> 8, ...time(EVENT_AT)]));
    expect(
      result.ok && result.messages.map((m) => m.kind === 'event' && [m.type, m.data['reasons'] ?? null]),
    ).toEqual([
      ['fire', null],
      ['fault', ['system_fault', 'main_power', 'bus']],
      ['supervisory', null],
    ]);
    expect(result.ok && result.messages[0]).toMatchObject({
      ts: EVENT_TS,
      data: { systemAddress: 3, flags: ['fire', 'fault', 'supervisory', 'main_power_fault', 'bus_fault'] },
    });
  });

  it('maps the published transmitter main power fault (type 21) to fault, reason main_power', () => {
    const result = decodeBytes(VECTORS.mainPowerFault);
    expect(result.ok && result.messages).toEqual([
      {
        kind: 'event',
        device: 'fap-01',
        ts: EVENT_TS,
        type: 'fault',
        data: expect.objectContaining({
          aduType: 21,
          reason: 'main_power',
          reasons: ['main_power'],
          flags: ['main_power_fault'],
        }),
      },
    ]);
    const backup = decodeBytes(frameWith([21, 1, 0x11, ...time(EVENT_AT)]));
    expect(backup.ok && backup.messages[0]).toMatchObject({
      type: 'fault',
      data: { reason: 'backup_power' },
    });
  });

  it('maps the published duty-check answer (type 24) and panel operations (type 4) to panel_operation', () => {
    const answer = decodeBytes(VECTORS.dutyCheckAnswer);
    expect(answer.ok && answer.messages[0]).toMatchObject({
      type: 'panel_operation',
      ts: EVENT_TS,
      data: { aduType: 24, operations: ['duty_check_answer'], operator: 1 },
    });
    const reset = decodeBytes(frameWith([4, 1, 1, 1, 0x03, 9, ...time(EVENT_AT)]));
    expect(reset.ok && reset.messages[0]).toMatchObject({
      type: 'panel_operation',
      data: { aduType: 4, operations: ['reset', 'silence'], operator: 9, systemType: 1 },
    });
  });

  it('turns analog values (type 3) into telemetry in the unit of the metric name', () => {
    const analog = (analogType: number, raw: number, zone = 10) => [
      1,
      2,
      18,
      zone,
      0,
      2,
      0,
      analogType,
      raw & 0xff,
      (raw >> 8) & 0xff,
      ...time(EVENT_AT),
    ];
    const result = decodeBytes(
      frameWith([
        3,
        5,
        ...analog(3, 235),
        ...analog(3, 612, 11),
        ...analog(6, 125),
        ...analog(4, -5),
        ...analog(2, 1234),
      ]),
    );
    expect(result.ok && result.messages).toEqual([
      {
        kind: 'reading',
        device: 'fap-01',
        ts: EVENT_TS,
        metrics: {
          temperature: 61.2,
          temperature_2_10_2: 23.5,
          temperature_2_11_2: 61.2,
          gas_lel: 12.5,
          gas_lel_2_10_2: 12.5,
          pressure_mpa: -0.5,
          pressure_mpa_2_10_2: -0.5,
          height_m: 12.34,
          height_m_2_10_2: 12.34,
        },
      },
    ]);
  });

  it('answers a heartbeat (empty ADU) with 确认 and stores nothing', () => {
    expect(decodeBytes(frameWith([]))).toEqual({ ok: true, messages: [], heartbeat: true, reply: 'confirm' });
  });

  it('acknowledges versions and clocks with nothing to store', () => {
    for (const bytes of [VECTORS.softwareVersion, VECTORS.transmitterTime]) {
      expect(decodeBytes(bytes)).toMatchObject({
        ok: true,
        messages: [],
        reply: 'confirm',
        note: expect.stringMatching(/nothing to store/),
      });
    }
    expect(decodeBytes(frameWith([200, 0]))).toMatchObject({
      ok: true,
      messages: [],
      note: 'ADU type 200 is not decoded',
    });
  });

  it('falls back to the frame time, then the gateway time, when an object time is invalid', () => {
    const badObjectTime = decodeBytes(
      frameWith([2, 1, ...componentState(40, 2, [], { ...EVENT_AT, month: 13 })]),
    );
    expect(badObjectTime.ok && badObjectTime.messages[0]).toMatchObject({
      ts: Date.UTC(2012, 8, 26, 1, 58, 32),
      data: { deviceTime: '2012-13-26 09:58:02' },
    });
    const bytes = buildGb26875Frame({
      serial: 1,
      timeLabel: { ...SENT_AT, day: 0 },
      source: 889,
      destination: 1,
      command: 2,
      adu: Uint8Array.from([2, 1, ...componentState(40, 2, [], { ...EVENT_AT, year: 99 })]),
    });
    const result = decodeBytes(bytes); // 2099 is more than a day ahead of the gateway clock
    expect(result.ok && result.messages[0]?.ts).toBe(TEST_NOW);
  });

  it('refuses an ADU whose length does not fit its type and count, and commands a transmitter never sends', () => {
    expect(decodeBytes(frameWith([2, 2, ...componentState(40, 2)]))).toEqual({
      ok: false,
      reason: 'bad_adu',
      detail: 'ADU type 2 with 2 object(s) of 46 bytes is 94 bytes, got 48',
    });
    expect(decodeBytes(frameWith([2]))).toMatchObject({ ok: false, reason: 'bad_adu' });
    expect(decodeBytes(VECTORS.readTransmitterState)).toMatchObject({ ok: false, reason: 'unknown_command' });
    expect(decodeBytes(VECTORS.clockSync)).toMatchObject({ ok: false, reason: 'unknown_command' });
    expect(decodeBytes(frameWith([], 0x80))).toMatchObject({ ok: false, reason: 'unknown_command' });
  });

  it('stores an answer (应答) without replying, and ignores confirms and denies', () => {
    const answer = Uint8Array.from(VECTORS.mainPowerFault);
    const reanswered = buildGb26875Frame({ ...toGb26875Frame(answer), command: 5 });
    expect(decodeBytes(reanswered)).toMatchObject({ ok: true, reply: 'none', messages: [{ type: 'fault' }] });
    expect(decodeBytes(frameWith([], 3))).toEqual({
      ok: true,
      messages: [],
      heartbeat: false,
      reply: 'none',
    });
    expect(decodeBytes(frameWith([], 6))).toEqual({
      ok: true,
      messages: [],
      heartbeat: false,
      reply: 'none',
    });
  });
});
