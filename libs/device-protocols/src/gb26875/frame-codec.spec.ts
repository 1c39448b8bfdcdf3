import { describe, expect, it } from 'vitest';
import { CENTRE_ADDRESS, DEVICE_ADDRESS, VECTORS, hexBytes } from '../testing/gb26875-vectors';
import { gb26875Checksum } from './checksum';
import { GB26875_COMMAND } from './constants';
import { Gb26875Deframer } from './deframer';
import { buildGb26875Frame, buildGb26875Reply } from './frame-builder';
import { readGb26875Header, type Gb26875Frame } from './frame';

const SENT_AT = { second: 32, minute: 58, hour: 9, day: 26, month: 9, year: 12 };
const REPLIED_AT = { ...SENT_AT, second: 35 };

function onlyFrame(bytes: Uint8Array): Gb26875Frame {
  const outcomes = new Gb26875Deframer().push(bytes);
  expect(outcomes.map((o) => o.type)).toEqual(['frame']);
  return (outcomes[0] as { frame: Gb26875Frame }).frame;
}

describe('GB/T 26875.3 frame codec: the published example frames', () => {
  it.each(Object.entries(VECTORS))('%s carries a correct checksum and deframes whole', (_name, bytes) => {
    expect(gb26875Checksum(bytes, 2, bytes.length - 3)).toBe(bytes[bytes.length - 3]);
    expect(onlyFrame(bytes).raw).toEqual(bytes);
  });

  it('reads the fire alarm header: serial LE, versions, binary time, addresses, length, command', () => {
    const frame = onlyFrame(VECTORS.smokeFireAlarm);
    expect(VECTORS.smokeFireAlarm).toHaveLength(78);
    expect(frame).toMatchObject({
      serial: 1,
      majorVersion: 1,
      userVersion: 1,
      timeLabel: SENT_AT,
      source: DEVICE_ADDRESS,
      destination: CENTRE_ADDRESS,
      aduLength: 48,
      command: GB26875_COMMAND.send,
    });
    expect(frame.adu).toHaveLength(48);
    expect(frame.raw[frame.raw.length - 3]).toBe(0x46);
  });

  it('builds the centre confirm and deny byte for byte: serial echoed, addresses swapped', () => {
    const header = readGb26875Header(VECTORS.smokeFireAlarm);
    expect(buildGb26875Reply(header, GB26875_COMMAND.confirm, REPLIED_AT)).toEqual(VECTORS.centreConfirm);
    expect(buildGb26875Reply(header, GB26875_COMMAND.deny, REPLIED_AT)).toEqual(VECTORS.centreDeny);
  });

  it('rebuilds every example frame from its parsed fields', () => {
    for (const bytes of Object.values(VECTORS)) {
      const f = onlyFrame(bytes);
      expect(buildGb26875Frame({ ...f, adu: f.adu })).toEqual(bytes);
    }
  });

  it('encodes serials and 6-byte addresses little-endian', () => {
    const bytes = buildGb26875Frame({
      serial: 0x1234,
      timeLabel: SENT_AT,
      source: 0x0102030405a6,
      destination: 2 ** 48 - 1,
      command: 2,
    });
    expect([...bytes.subarray(2, 4)]).toEqual([0x34, 0x12]);
    expect([...bytes.subarray(12, 18)]).toEqual([0xa6, 0x05, 0x04, 0x03, 0x02, 0x01]);
    expect(readGb26875Header(bytes)).toMatchObject({
      serial: 0x1234,
      source: 0x0102030405a6,
      destination: 2 ** 48 - 1,
    });
  });

  it('refuses to build what the standard forbids', () => {
    const base = { serial: 0, timeLabel: SENT_AT, source: 1, destination: 2, command: 2 };
    expect(() => buildGb26875Frame({ ...base, adu: new Uint8Array(1025) })).toThrow(/over the limit of 1024/);
    expect(() => buildGb26875Frame({ ...base, source: 2 ** 48 })).toThrow(/source address/);
  });
});

describe('Gb26875Deframer', () => {
  const fire = VECTORS.smokeFireAlarm;
  const version = VECTORS.softwareVersion;
  const frames = (outcomes: ReturnType<Gb26875Deframer['push']>) =>
    outcomes.flatMap((o) => (o.type === 'frame' ? [o.frame.raw] : []));

  it('splits sticky frames received in one read', () => {
    const outcomes = new Gb26875Deframer().push(Uint8Array.from([...fire, ...version, ...fire]));
    expect(frames(outcomes)).toEqual([fire, version, fire]);
  });

  it('joins a frame delivered one byte per read', () => {
    const deframer = new Gb26875Deframer();
    const out = [...fire].flatMap((byte) => deframer.push(Uint8Array.of(byte)));
    expect(frames(out)).toEqual([fire]);
    expect(deframer.pendingBytes).toBe(0);
  });

  it('skips noise before @@ and reports how much', () => {
    const noise = hexBytes('00 FF 40 23 23 11');
    const out = new Gb26875Deframer().push(Uint8Array.from([...noise, ...fire]));
    expect(out[0]).toEqual({ type: 'noise', bytes: 6 });
    expect(frames(out)).toEqual([fire]);
  });

  it('keeps a trailing @ that may start a marker split across reads', () => {
    const deframer = new Gb26875Deframer();
    expect(deframer.push(hexBytes('55 40'))).toEqual([{ type: 'noise', bytes: 1 }]);
    expect(frames(deframer.push(fire.subarray(1)))).toEqual([fire]);
  });

  it('drops a frame with a bad checksum whole, with its header for the 否认, and keeps the next', () => {
    const broken = Uint8Array.from(fire);
    broken[broken.length - 3] = 0x47;
    const out = new Gb26875Deframer().push(Uint8Array.from([...broken, ...version]));
    expect(out[0]).toMatchObject({
      type: 'invalid',
      reason: 'bad_checksum',
      detail: 'checksum 0x47, expected 0x46',
      header: { serial: 1, source: DEVICE_ADDRESS, destination: CENTRE_ADDRESS },
    });
    expect(frames(out)).toEqual([version]);
  });

  it('resyncs after a bad end marker and finds the frame hidden behind the false start', () => {
    const truncated = fire.subarray(0, 40); // a frame cut off mid-ADU, then a whole one
    const out = new Gb26875Deframer().push(Uint8Array.from([...truncated, ...fire, ...version]));
    expect(out[0]).toMatchObject({ type: 'invalid', reason: 'bad_end_marker' });
    expect(frames(out)).toEqual([fire, version]);
  });

  it('refuses an ADU length over 1024 without waiting for it', () => {
    const huge = Uint8Array.from(version);
    huge[24] = 0x01;
    huge[25] = 0x04; // 1025
    const out = new Gb26875Deframer().push(Uint8Array.from([...huge, ...fire]));
    expect(out[0]).toMatchObject({
      type: 'invalid',
      reason: 'adu_too_large',
      detail: 'ADU length 1025 is over 1024',
    });
    expect(frames(out)).toEqual([fire]);
  });

  it('gives up a stalled false start on resync() and recovers the frames after it', () => {
    const deframer = new Gb26875Deframer();
    // `@@` in noise whose length field promises 1000 bytes: the real frame waits behind it.
    const falseStart = hexBytes(`40 40 ${'00 '.repeat(22)} E8 03 02`);
    expect(frames(deframer.push(Uint8Array.from([...falseStart, ...fire])))).toEqual([]);
    expect(deframer.pendingBytes).toBe(falseStart.length + fire.length);
    expect(deframer.push(Uint8Array.of(0))).toEqual([]);
    expect(deframer.pendingSince).toBe(0); // still the same partial
    const out = deframer.resync();
    expect(frames(out)).toEqual([fire]);
    expect(out[0]).toEqual({ type: 'noise', bytes: falseStart.length });
    expect(out.at(-1)).toEqual({ type: 'noise', bytes: 1 });
    expect(deframer.pendingBytes).toBe(0);
    expect(deframer.pendingSince).toBe(falseStart.length + fire.length + 1);
  });
});
