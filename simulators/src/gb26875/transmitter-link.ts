import { connect, type Socket } from 'node:net';
import type { Logger } from 'pino';
import { GB26875_COMMAND, Gb26875Deframer } from '@campus/device-protocols';
import type { PublishStats } from '../mqtt/publish-stats';
import { localLabel, uploadFrame } from './panel-frames';

export interface TransmitterLinkOptions {
  host: string;
  port: number;
  /** The transmitter's 6-byte source address. */
  address: number;
  deviceId: string;
  timeZone: string;
  logger: Logger;
  stats: PublishStats;
  now: () => number;
  /** Heartbeat period (the standard's practice: 20–30 s). */
  heartbeatMs?: number;
  /** How long to wait for 确认 before resending (the standard: ≤ 10 s). */
  replyTimeoutMs?: number;
  /** Sends per frame before giving up (the standard: 3). */
  tries?: number;
  reconnectMs?: number;
}

interface Pending {
  serial: number;
  settle: (reply: 'confirm' | 'deny' | 'timeout') => void;
}

/**
 * A user information transmitter's link to the centre, as GB/T 26875.3 asks: send/confirm with a
 * serial per frame, resend on timeout or 否认 (3 tries), one frame in flight, a heartbeat, and a
 * reconnect when the connection drops.
 */
export class TransmitterLink {
  private socket: Socket | undefined;
  private online = false;
  private closed = false;
  private serial = 0;
  private pending: Pending | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private heartbeat: NodeJS.Timeout | undefined;
  private reconnect: NodeJS.Timeout | undefined;
  private warned = false;

  constructor(private readonly options: TransmitterLinkOptions) {}

  get isOnline(): boolean {
    return this.online;
  }

  /** Connects and sends the first heartbeat; resolves either way (it keeps trying in the background). */
  async open(): Promise<void> {
    this.closed = false;
    await this.dial();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.reconnect);
    this.pending?.settle('timeout');
    const socket = this.socket;
    if (!socket || socket.destroyed) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.end();
      setTimeout(() => socket.destroy(), 1000).unref();
    });
  }

  /** Uploads an ADU (send/confirm); resolves true once confirmed, false after the last try. */
  upload(adu: Uint8Array, channel: string): Promise<boolean> {
    const sent = this.queue.then(() => this.sendWithRetries(adu, channel));
    this.queue = sent.catch(() => undefined);
    return sent;
  }

  private dial(): Promise<void> {
    const { host, port, logger, deviceId } = this.options;
    const socket = connect({ host, port });
    this.socket = socket;
    const deframer = new Gb26875Deframer();
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      for (const outcome of deframer.push(chunk)) {
        if (outcome.type !== 'frame' || outcome.frame.serial !== this.pending?.serial) continue;
        if (outcome.frame.command === GB26875_COMMAND.confirm) this.pending.settle('confirm');
        else if (outcome.frame.command === GB26875_COMMAND.deny) this.pending.settle('deny');
      }
    });
    socket.on('error', (err) => {
      if (!this.warned)
        logger.warn(
          { device: deviceId, host, port, err: err.message },
          'GB/T 26875.3 centre unreachable; retrying',
        );
      this.warned = true;
    });
    socket.on('close', () => {
      this.online = false;
      clearInterval(this.heartbeat);
      this.pending?.settle('timeout');
      if (!this.closed)
        this.reconnect = setTimeout(() => void this.dial(), this.options.reconnectMs ?? 2_000);
    });
    return new Promise((resolve) => {
      socket.once('close', () => resolve());
      socket.once('connect', () => {
        // The serial starts at 0 on every new connection (the standard).
        this.serial = 0;
        if (this.warned) logger.info({ device: deviceId }, 'GB/T 26875.3 centre reachable again');
        this.warned = false;
        void this.upload(new Uint8Array(0), 'gb26875/heartbeat').then(() => resolve());
        this.heartbeat = setInterval(
          () => void this.upload(new Uint8Array(0), 'gb26875/heartbeat'),
          this.options.heartbeatMs ?? 25_000,
        );
      });
    });
  }

  private async sendWithRetries(adu: Uint8Array, channel: string): Promise<boolean> {
    const { address, timeZone, now, stats } = this.options;
    const serial = this.serial;
    this.serial = (this.serial + 1) & 0xffff;
    for (let attempt = 0; attempt < (this.options.tries ?? 3); attempt++) {
      const socket = this.socket;
      if (this.closed || !socket || socket.destroyed || socket.connecting) {
        if (channel !== 'gb26875/heartbeat') stats.countDropped();
        return false;
      }
      const reply = new Promise<'confirm' | 'deny' | 'timeout'>((resolve) => {
        const timer = setTimeout(() => resolve('timeout'), this.options.replyTimeoutMs ?? 10_000);
        this.pending = {
          serial,
          settle: (r) => {
            clearTimeout(timer);
            resolve(r);
          },
        };
      });
      socket.write(uploadFrame(serial, address, localLabel(now(), timeZone), adu));
      const outcome = await reply;
      this.pending = undefined;
      if (outcome === 'confirm') {
        this.online = !socket.destroyed;
        stats.count(channel);
        return true;
      }
    }
    this.options.logger.warn(
      { device: this.options.deviceId, serial, channel },
      'GB/T 26875.3 upload not confirmed after 3 tries',
    );
    return false;
  }
}
