import { connect, type Socket } from 'node:net';
import { Gb26875Deframer, type Gb26875Frame } from '@campus/device-protocols';

/**
 * A GB/T 26875.3 transmitter for tests: a plain TCP socket that sends raw bytes and reads the
 * centre's replies through the protocol's deframer.
 */
export class Gb26875TestClient {
  private readonly deframer = new Gb26875Deframer();
  private readonly frames: Gb26875Frame[] = [];
  private readonly waiters = new Set<() => void>();
  /** Resolves when the gateway (or we) closed the connection. */
  readonly closed: Promise<void>;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const outcome of this.deframer.push(chunk))
        if (outcome.type === 'frame') this.frames.push(outcome.frame);
      this.wake();
    });
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        resolve();
        this.wake();
      }),
    );
    socket.on('error', () => undefined);
  }

  static connect(port: number, host = '127.0.0.1'): Promise<Gb26875TestClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host });
      socket.once('error', reject);
      socket.once('connect', () => resolve(new Gb26875TestClient(socket)));
    });
  }

  get isClosed(): boolean {
    return this.socket.destroyed;
  }

  /** Writes bytes; resolves once they are handed to the kernel. */
  send(bytes: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) =>
      this.socket.write(bytes, (err) => (err ? reject(err) : resolve())),
    );
  }

  /** The next reply frame from the gateway, or an error after `timeoutMs`. */
  async nextReply(timeoutMs = 10_000): Promise<Gb26875Frame> {
    const deadline = Date.now() + timeoutMs;
    while (this.frames.length === 0) {
      if (this.socket.destroyed) throw new Error('connection closed before a reply came');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no reply within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.waiters.add(wake);
      });
    }
    return this.frames.shift()!;
  }

  private wake(): void {
    for (const wake of [...this.waiters]) wake();
  }

  /** Replies received and not yet read. */
  get unread(): number {
    return this.frames.length;
  }

  close(): Promise<void> {
    this.socket.end();
    this.socket.destroySoon();
    return this.closed;
  }
}
