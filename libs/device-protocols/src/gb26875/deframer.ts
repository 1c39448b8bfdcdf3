import { gb26875Checksum } from './checksum';
import {
  GB26875_END,
  GB26875_HEADER_BYTES,
  GB26875_MAX_ADU_BYTES,
  GB26875_MIN_FRAME_BYTES,
  GB26875_START,
  OFFSET,
} from './constants';
import { readGb26875Header, toGb26875Frame, type Gb26875Frame, type Gb26875Header } from './frame';
import { readUint16 } from './address';

export type DeframeOutcome =
  | { type: 'frame'; frame: Gb26875Frame }
  /** A frame that starts right but is broken; `header` lets the receiver answer 否认. */
  | {
      type: 'invalid';
      reason: 'adu_too_large' | 'bad_end_marker' | 'bad_checksum';
      detail: string;
      header: Gb26875Header;
    }
  /** Bytes skipped while looking for `@@`. */
  | { type: 'noise'; bytes: number };

/**
 * Cuts a TCP byte stream into GB/T 26875.3 frames: several frames in one read, a frame split
 * over reads, noise before `@@`. Pure and synchronous: it holds at most one partial frame
 * (≤ 1054 bytes). Outcomes depend only on the bytes, never on how they were split.
 *
 * Resynchronisation: on a bad end marker or an ADU length over 1024 the declared length cannot be
 * trusted, so the search for `@@` restarts one byte after the false start; on a bad checksum the
 * end marker is where it should be, so the whole frame is dropped.
 */
export class Gb26875Deframer {
  private buffer: Uint8Array = new Uint8Array(0);
  private consumed = 0;

  /** Bytes held while waiting for the rest of a frame. */
  get pendingBytes(): number {
    return this.buffer.length;
  }

  /**
   * Stream offset of the first byte held: unchanged while one partial frame waits, so a receiver
   * can tell a partial that has waited too long from a newer one.
   */
  get pendingSince(): number {
    return this.consumed;
  }

  push(chunk: Uint8Array): DeframeOutcome[] {
    this.buffer = this.buffer.length === 0 ? Uint8Array.from(chunk) : concat(this.buffer, chunk);
    return this.drain();
  }

  /**
   * Gives up on the partial frame held (e.g. a false `@@` in noise whose length field promises
   * bytes that never come): skips its start and searches again. The receiver calls this when a
   * partial frame has waited too long.
   */
  resync(): DeframeOutcome[] {
    if (this.buffer.length === 0) return [];
    this.advance(1);
    const out: DeframeOutcome[] = [{ type: 'noise', bytes: 1 }];
    for (const outcome of this.drain()) mergeNoise(out, outcome);
    return out;
  }

  private drain(): DeframeOutcome[] {
    const out: DeframeOutcome[] = [];
    const noise = (bytes: number) => {
      if (bytes > 0) mergeNoise(out, { type: 'noise', bytes });
    };
    for (;;) {
      const start = findStart(this.buffer);
      if (start < 0) {
        // Keep a trailing `@`: it may be the first half of a start marker split across reads.
        const keep = this.buffer.at(-1) === GB26875_START ? 1 : 0;
        noise(this.buffer.length - keep);
        this.advance(this.buffer.length - keep);
        return out;
      }
      noise(start);
      this.advance(start);
      if (this.buffer.length < GB26875_HEADER_BYTES) return out;

      const aduLength = readUint16(this.buffer, OFFSET.aduLength);
      if (aduLength > GB26875_MAX_ADU_BYTES) {
        out.push(this.invalid('adu_too_large', `ADU length ${aduLength} is over ${GB26875_MAX_ADU_BYTES}`));
        this.advance(1);
        continue;
      }
      const total = GB26875_MIN_FRAME_BYTES + aduLength;
      if (this.buffer.length < total) return out;
      if (this.buffer[total - 2] !== GB26875_END || this.buffer[total - 1] !== GB26875_END) {
        out.push(
          this.invalid('bad_end_marker', `no "##" at bytes ${total - 1}–${total} (ADU length ${aduLength})`),
        );
        this.advance(1);
        continue;
      }
      const expected = gb26875Checksum(this.buffer, OFFSET.serial, total - 3);
      const actual = this.buffer[total - 3]!;
      if (expected !== actual) {
        out.push(this.invalid('bad_checksum', `checksum 0x${hex(actual)}, expected 0x${hex(expected)}`));
        this.skip(total);
        continue;
      }
      out.push({ type: 'frame', frame: toGb26875Frame(this.buffer.slice(0, total)) });
      this.skip(total);
    }
  }

  private invalid(
    reason: 'adu_too_large' | 'bad_end_marker' | 'bad_checksum',
    detail: string,
  ): DeframeOutcome {
    return { type: 'invalid', reason, detail, header: readGb26875Header(this.buffer) };
  }

  /** Drops bytes of noise or of a false start (a view: the rest is about to be searched). */
  private advance(bytes: number): void {
    this.consumed += bytes;
    this.buffer = this.buffer.subarray(bytes);
  }

  /** Drops a whole frame, copying the rest: a long-lived connection must not pin old chunks. */
  private skip(bytes: number): void {
    this.consumed += bytes;
    this.buffer = this.buffer.length === bytes ? new Uint8Array(0) : this.buffer.slice(bytes);
  }
}

function findStart(bytes: Uint8Array): number {
  for (
    let i = bytes.indexOf(GB26875_START);
    i >= 0 && i + 1 < bytes.length;
    i = bytes.indexOf(GB26875_START, i + 1)
  ) {
    if (bytes[i + 1] === GB26875_START) return i;
  }
  return -1;
}

/** Appends `outcome`, merging consecutive noise into one outcome. */
function mergeNoise(out: DeframeOutcome[], outcome: DeframeOutcome): DeframeOutcome[] {
  const last = out.at(-1);
  if (outcome.type === 'noise' && last?.type === 'noise') last.bytes += outcome.bytes;
  else out.push(outcome);
  return out;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}
