import { PassThrough } from 'node:stream';
import { generate } from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { guardPacketLengths, PacketLengthGuard } from './packet-length-guard';

const LIMIT = 1024;

const connect = generate({
  cmd: 'connect',
  protocolId: 'MQTT',
  protocolVersion: 4,
  clean: true,
  clientId: 'smk-0001-abc',
  keepalive: 60,
  username: 'smk-0001',
  password: Buffer.from('secret'),
});
const publish = (bytes: number): Buffer =>
  generate({
    cmd: 'publish',
    topic: 'campus/v1/2161010001/smk-0001/telemetry',
    payload: Buffer.alloc(bytes, 0x20),
    qos: 0,
    retain: false,
    dup: false,
  });
/** A fixed header that declares `length` bytes to follow, as an attacker sends it. */
function header(type: number, length: number): Buffer {
  const bytes = [type];
  let rest = length;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) byte |= 0x80;
    bytes.push(byte);
  } while (rest > 0);
  return Buffer.from(bytes);
}

describe('PacketLengthGuard', () => {
  it('lets a stream of packets within the limit through, however it is split into chunks', () => {
    const stream = Buffer.concat([
      connect,
      publish(10),
      publish(LIMIT - 100),
      generate({ cmd: 'pingreq' }),
      publish(0),
    ]);
    for (const size of [1, 2, 3, 7, 64, stream.length]) {
      const guard = new PacketLengthGuard(LIMIT);
      for (let i = 0; i < stream.length; i += size) {
        expect(guard.feed(stream.subarray(i, i + size))).toEqual({ ok: true });
      }
    }
  });

  it('accepts a remaining length of exactly the limit and refuses one more', () => {
    expect(new PacketLengthGuard(LIMIT).feed(header(0x30, LIMIT))).toEqual({ ok: true });
    expect(new PacketLengthGuard(LIMIT).feed(header(0x30, LIMIT + 1))).toEqual({
      ok: false,
      reason: 'too_large',
      declared: LIMIT + 1,
    });
  });

  it('refuses a CONNECT declaring 200 MB from its fixed header alone, even split byte by byte', () => {
    const guard = new PacketLengthGuard(LIMIT);
    const fixed = header(0x10, 200_000_000);
    expect(fixed).toHaveLength(5);
    const verdicts = [...fixed].map((b) => guard.feed(Buffer.from([b])));
    expect(verdicts.slice(0, 4)).toEqual([{ ok: true }, { ok: true }, { ok: true }, { ok: true }]);
    expect(verdicts[4]).toEqual({ ok: false, reason: 'too_large', declared: 200_000_000 });
    // Stays refused.
    expect(guard.feed(Buffer.alloc(10))).toMatchObject({ ok: false });
  });

  it('refuses a large packet that follows good ones in the same chunk', () => {
    const guard = new PacketLengthGuard(LIMIT);
    const chunk = Buffer.concat([connect, publish(5), header(0x30, 100 * 1024 * 1024), Buffer.alloc(100)]);
    expect(guard.feed(chunk)).toEqual({ ok: false, reason: 'too_large', declared: 100 * 1024 * 1024 });
  });

  it('refuses a remaining length with a fifth length byte (malformed)', () => {
    const guard = new PacketLengthGuard(Number.MAX_SAFE_INTEGER);
    expect(guard.feed(Buffer.from([0x30, 0xff, 0xff, 0xff]))).toEqual({ ok: true });
    expect(guard.feed(Buffer.from([0xff]))).toEqual({ ok: false, reason: 'malformed_length' });
  });

  it('skips bodies without looking into them: a body byte that looks like a header is not one', () => {
    const guard = new PacketLengthGuard(LIMIT);
    // A publish whose payload is full of 0xff (which as a length byte would mean "more follows").
    const packet = generate({
      cmd: 'publish',
      topic: 't',
      payload: Buffer.alloc(500, 0xff),
      qos: 0,
      retain: false,
      dup: false,
    });
    expect(guard.feed(packet.subarray(0, 10))).toEqual({ ok: true });
    expect(guard.feed(packet.subarray(10))).toEqual({ ok: true });
    expect(guard.feed(publish(1))).toEqual({ ok: true });
  });
});

describe('guardPacketLengths', () => {
  it('destroys the connection before an oversized packet reaches the reader, and passes good ones through', async () => {
    const stream = new PassThrough();
    const refusals: unknown[] = [];
    guardPacketLengths(stream, LIMIT, (v) => refusals.push(v));
    const received: Buffer[] = [];
    stream.on('data', (d: Buffer) => received.push(d));
    stream.on('error', () => undefined);
    stream.push(connect);
    stream.push(Buffer.concat([header(0x10, 200_000_000), Buffer.alloc(64 * 1024)]));
    stream.push(Buffer.alloc(64 * 1024));
    await new Promise((resolve) => setImmediate(resolve));
    expect(Buffer.concat(received)).toEqual(connect);
    expect(stream.destroyed).toBe(true);
    expect(refusals).toEqual([{ ok: false, reason: 'too_large', declared: 200_000_000 }]);
  });

  it('applies a raised bound to the packets after it', () => {
    const stream = new PassThrough();
    const refusals: unknown[] = [];
    const limit = guardPacketLengths(stream, LIMIT, (v) => refusals.push(v));
    stream.on('data', () => undefined);
    stream.push(connect);
    limit.set(10 * LIMIT);
    stream.push(header(0x30, 5 * LIMIT));
    expect(stream.destroyed).toBe(false);
    expect(refusals).toEqual([]);
  });
});
