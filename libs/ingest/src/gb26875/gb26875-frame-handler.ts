import type { Logger } from 'pino';
import {
  GB26875_COMMAND,
  buildGb26875Reply,
  decodeGb26875Frame,
  epochToTimeLabel,
  type Availability,
  type CanonicalMessage,
  type DeframeOutcome,
  type Device,
  type Gb26875Frame,
  type Gb26875Header,
  type Sites,
} from '@campus/device-protocols';
import type { DurableWriter } from '../outbox/durable-writer';
import { LogThrottle } from '../pipeline/log-throttle';
import type { StoredMessage } from '../sinks/series-point';
import type { UplinkPublisher } from '../uplink/uplink-publisher';
import { UNKNOWN_ADDRESS, type Gb26875Metrics } from './gb26875-metrics';
import { PanelPresence } from './panel-presence';

export interface Gb26875FrameHandlerOptions {
  sites: Sites;
  writer: DurableWriter;
  uplink: UplinkPublisher;
  metrics: Gb26875Metrics;
  logger: Logger;
  now?: () => number;
}

/** One side of a connection, as far as the handler cares: a name for logs. */
export interface PeerRef {
  readonly peer: string;
}

/**
 * What the gateway does with each deframed outcome of a GB/T 26875.3 connection, and when a
 * connection ends. The durability rule is the MQTT path's: a frame is answered 确认 only once its
 * messages are durable (sink or outbox) and forwarded on the uplink; until then the transmitter
 * keeps it and resends (at least once, like QoS 1; the store's idempotent writes absorb repeats).
 */
export class Gb26875FrameHandler {
  private readonly byAddress = new Map<number, Device>();
  private readonly presence = new PanelPresence<PeerRef>();
  private readonly throttle = new LogThrottle();
  private readonly now: () => number;
  private readonly timeZone: string;

  constructor(private readonly options: Gb26875FrameHandlerOptions) {
    for (const device of options.sites.devices) {
      if (device.protocol === 'gb26875' && device.address !== undefined)
        this.byAddress.set(device.address, device);
    }
    this.now = options.now ?? Date.now;
    this.timeZone = options.sites.province.timezone;
  }

  /** Panels declared with `protocol: gb26875`. */
  get panels(): number {
    return this.byAddress.size;
  }

  /** Returns the reply to write (or none). Rejects when the frame could not be made durable: no reply then. */
  async handle(outcome: DeframeOutcome, from: PeerRef): Promise<Uint8Array | undefined> {
    const { metrics } = this.options;
    switch (outcome.type) {
      case 'noise':
        metrics.noiseBytes.inc(outcome.bytes);
        this.malformed('noise', `${outcome.bytes} byte(s) before "@@" skipped`, from);
        return undefined;
      case 'invalid':
        this.malformed(outcome.reason, outcome.detail, from, outcome.header);
        return this.reply(outcome.header, 'deny');
      case 'frame':
        return this.handleFrame(outcome.frame, from);
    }
  }

  /** The connection is gone: the panels it spoke for go offline (like an MQTT will). */
  async closed(from: PeerRef, announce: boolean): Promise<void> {
    const gone = this.presence.release(from);
    this.options.metrics.panelsOnline.set(this.presence.online);
    if (!announce || gone.length === 0) return;
    const now = this.now();
    const stored = gone.flatMap((id) => {
      const device = this.options.sites.deviceById.get(id);
      if (!device) return [];
      const message: Availability = { kind: 'availability', device: id, ts: now, online: false };
      return [{ message, org: device.org, deviceKind: device.kind }];
    });
    await this.store(stored);
    this.options.logger.info({ peer: from.peer, devices: gone }, 'GB/T 26875.3 panel offline');
  }

  private async handleFrame(frame: Gb26875Frame, from: PeerRef): Promise<Uint8Array | undefined> {
    const { metrics, logger } = this.options;
    metrics.frames.inc({ command: String(frame.command) });
    const device = this.byAddress.get(frame.source);
    if (!device) {
      metrics.gateway.refused.inc({ reason: UNKNOWN_ADDRESS });
      const key = `refused:${from.peer}:${frame.source}`;
      const suppressed = this.throttle.pass(key, this.now());
      if (suppressed !== undefined) {
        logger.warn(
          { peer: from.peer, address: frame.source, suppressed },
          `GB/T 26875.3 frame from address ${frame.source} refused: no gb26875 fire_alarm_panel has it in the sites file`,
        );
      }
      return this.reply(frame, 'deny');
    }
    const now = this.now();
    const result = decodeGb26875Frame(device, frame, { now, timeZone: this.timeZone });
    if (!result.ok) {
      this.malformed(result.reason, result.detail, from, frame, device.id);
      return this.reply(frame, 'deny');
    }
    const announce = this.presence.claim(device.id, from, now);
    this.options.metrics.panelsOnline.set(this.presence.online);
    const messages: CanonicalMessage[] = announce
      ? [{ kind: 'availability', device: device.id, ts: now, online: true }, ...result.messages]
      : result.messages;
    if (result.note) metrics.gateway.ignored.inc({ reason: 'nothing_to_store' });
    await this.store(messages.map((message) => ({ message, org: device.org, deviceKind: device.kind })));
    if (announce) {
      this.presence.announced(device.id, from, now);
      logger.info({ peer: from.peer, device: device.id, address: frame.source }, 'GB/T 26875.3 panel online');
    }
    return result.reply === 'confirm' ? this.reply(frame, 'confirm') : undefined;
  }

  /** Durable first (sink or outbox), then the uplink: the same order as the MQTT pipeline. */
  private async store(stored: StoredMessage[]): Promise<void> {
    if (stored.length === 0) return;
    const { writer, uplink, metrics } = this.options;
    await writer.accept(stored);
    for (const { message } of stored)
      metrics.gateway.decoded.inc({ protocol: 'gb26875', kind: message.kind });
    await uplink.publish(stored);
    metrics.gateway.uplinkPublished.inc(stored.length);
  }

  private reply(request: Gb26875Header, reply: 'confirm' | 'deny'): Uint8Array {
    this.options.metrics.replies.inc({ reply });
    const command = reply === 'confirm' ? GB26875_COMMAND.confirm : GB26875_COMMAND.deny;
    const label = epochToTimeLabel(this.now(), this.timeZone) ?? {
      second: 0,
      minute: 0,
      hour: 0,
      day: 1,
      month: 1,
      year: 0,
    };
    return buildGb26875Reply(request, command, label);
  }

  private malformed(
    reason: string,
    detail: string,
    from: PeerRef,
    header?: Gb26875Header,
    device?: string,
  ): void {
    this.options.metrics.gateway.malformed.inc({ reason });
    const suppressed = this.throttle.pass(`malformed:${from.peer}:${reason}`, this.now());
    if (suppressed === undefined) return;
    this.options.logger.warn(
      {
        peer: from.peer,
        device,
        address: header?.source,
        serial: header?.serial,
        reason,
        detail,
        suppressed,
      },
      'malformed GB/T 26875.3 frame dropped',
    );
  }
}
