import { connect, type Socket } from 'node:net';
import { Gb26875Deframer } from '@campus/device-protocols';

export interface Gb26875Flood {
  /** Bytes handed to the socket so far. */
  readonly sent: number;
  /** Reply frames read so far (always 0 when not reading). */
  readonly replies: number;
  /** Whether the connection is closed (by the gateway, or by an error writing to it). */
  readonly isClosed: boolean;
  /** Resolves when the connection is closed. */
  readonly closed: Promise<void>;
  /** Resolves once `maxBytes` are sent or the connection closed, whichever is first. */
  readonly finished: Promise<void>;
  destroy(): void;
}

/**
 * A misbehaving GB/T 26875.3 peer for tests: connects and writes `chunk` over and over, up to
 * `maxBytes`, as fast as the socket takes it. With `read: false` it never reads a byte (its socket
 * is paused), so the gateway's replies pile up on the gateway's side.
 */
export async function floodGb26875(
  port: number,
  options: { chunk: Uint8Array; maxBytes: number; read: boolean; host?: string },
): Promise<Gb26875Flood> {
  const socket: Socket = await new Promise((resolve, reject) => {
    const s = connect({ port, host: options.host ?? '127.0.0.1' });
    s.once('error', reject);
    s.once('connect', () => resolve(s));
  });
  socket.on('error', () => undefined); // EPIPE / ECONNRESET once the gateway drops us
  const deframer = new Gb26875Deframer();
  const state = { sent: 0, replies: 0 };
  if (options.read) {
    socket.on('data', (chunk: Buffer) => {
      for (const outcome of deframer.push(chunk)) if (outcome.type === 'frame') state.replies++;
    });
  } else {
    socket.pause();
  }
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const finished = (async () => {
    while (state.sent < options.maxBytes && !socket.destroyed) {
      state.sent += options.chunk.length;
      if (!socket.write(options.chunk)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            socket.off('drain', done);
            socket.off('close', done);
            resolve();
          };
          socket.once('drain', done);
          socket.once('close', done);
        });
      }
    }
  })();
  return {
    get sent() {
      return state.sent;
    },
    get replies() {
      return state.replies;
    },
    get isClosed() {
      return socket.destroyed;
    },
    closed,
    finished,
    destroy: () => socket.destroy(),
  };
}
