import type { Duplex } from 'node:stream';

/**
 * MQTT's fixed header: one byte of type and flags, then the remaining length in 1–4 bytes of 7 bits
 * each, least significant first, the high bit saying "another byte follows" (MQTT 3.1.1 §2.2.3).
 * The largest value four bytes can hold is 268,435,455 (256 MiB).
 */
const MAX_LENGTH_BYTES = 4;

export type LengthVerdict =
  | { ok: true }
  | { ok: false; reason: 'too_large'; declared: number }
  | { ok: false; reason: 'malformed_length' };

/**
 * Reads the stream of bytes a client sends, packet after packet, only as far as each fixed header,
 * and skips the bodies without keeping them. Says `too_large` as soon as a packet declares a
 * remaining length above `maxRemainingLength` — before its body arrives — so the connection can
 * be closed instead of buffering it (aedes and mqtt-packet buffer a whole packet, up to 256 MiB,
 * before anything looks at it). Headers may be split across chunks anyhow. After a refusal every
 * further chunk is refused too.
 */
export class PacketLengthGuard {
  private state: 'type' | 'length' | 'body' | 'refused' = 'type';
  private lengthBytes = 0;
  private declared = 0;
  private remaining = 0;
  private verdict: LengthVerdict = { ok: true };

  constructor(public maxRemainingLength: number) {}

  feed(chunk: Uint8Array): LengthVerdict {
    let i = 0;
    while (i < chunk.length && this.state !== 'refused') {
      switch (this.state) {
        case 'type':
          i++;
          this.state = 'length';
          this.lengthBytes = 0;
          this.declared = 0;
          break;
        case 'length': {
          const byte = chunk[i++]!;
          this.declared += (byte & 0x7f) * 128 ** this.lengthBytes;
          this.lengthBytes++;
          if (byte & 0x80) {
            if (this.lengthBytes >= MAX_LENGTH_BYTES) this.refuse({ ok: false, reason: 'malformed_length' });
            break;
          }
          if (this.declared > this.maxRemainingLength) {
            this.refuse({ ok: false, reason: 'too_large', declared: this.declared });
          } else {
            this.remaining = this.declared;
            this.state = this.remaining === 0 ? 'type' : 'body';
          }
          break;
        }
        case 'body': {
          const skip = Math.min(this.remaining, chunk.length - i);
          i += skip;
          this.remaining -= skip;
          if (this.remaining === 0) this.state = 'type';
          break;
        }
      }
    }
    return this.verdict;
  }

  private refuse(verdict: LengthVerdict): void {
    this.state = 'refused';
    this.verdict = verdict;
  }
}

/** The guard of one connection: its bound may be raised once the client has logged in. */
export interface PacketLengthLimit {
  set(maxRemainingLength: number): void;
}

/**
 * Puts a `PacketLengthGuard` in front of a connection: every chunk the socket (or the WebSocket
 * stream) hands to its readable side passes the guard first, and the first packet declared too
 * large — or with a malformed length — destroys the connection before the chunk reaches aedes.
 *
 * It hooks the stream's own `push`, through which `net.Socket` and `ws`'s `createWebSocketStream`
 * deliver what they receive: no extra stream in the data path and nothing else of the connection
 * changes (aedes still writes, drains and destroys the real socket). The whole-system test
 * test/src/mqtt-hardening.spec.ts shows it works for both listeners.
 */
export function guardPacketLengths(
  stream: Duplex,
  maxRemainingLength: number,
  onRefused: (verdict: Exclude<LengthVerdict, { ok: true }>) => void,
): PacketLengthLimit {
  const guard = new PacketLengthGuard(maxRemainingLength);
  const push = stream.push.bind(stream);
  stream.push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
    if (chunk === null || chunk === undefined) return push(chunk, encoding);
    if (stream.destroyed) return false;
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : (chunk as Uint8Array);
    const verdict = guard.feed(bytes);
    if (verdict.ok) return push(chunk, encoding);
    stream.destroy();
    onRefused(verdict);
    return false;
  };
  return { set: (limit) => (guard.maxRemainingLength = limit) };
}
