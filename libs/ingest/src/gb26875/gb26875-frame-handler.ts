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
  type TimeLabel,
  perSnapshot,
} from '@campus/device-protocols';
import type { DurableWriter } from '../outbox/durable-writer';
import { LogThrottle } from '@campus/service-runtime';
import type { StoredMessage } from '../sinks/series-point';
import type { UplinkPublisher } from '../uplink/uplink-publisher';
import {
  PEER_NOT_ALLOWED,
  UNKNOWN_ADDRESS,
  type Gb26875CloseReason,
  type Gb26875Metrics,
} from './gb26875-metrics';
import type { PanelAccess } from './panel-access';
import type { ServedSchools } from '../config/served-schools';
import { PanelPresence } from './panel-presence';

export interface Gb26875FrameHandlerOptions {
  sites: Sites;
  writer: DurableWriter;
  uplink: UplinkPublisher;
  metrics: Gb26875Metrics;
  logger: Logger;
  /** Which peers may speak for which panel, as the current sites say. */
  access: () => PanelAccess;
  /** `GATEWAY_SCHOOLS`: frames for panels of other schools are refused; every school when absent. */
  served?: ServedSchools;
  now?: () => number;
}

/** One side of a connection, as far as the handler cares. */
export interface PeerRef {
  /** `address:port`, for logs. */
  readonly peer: string;
  /** The peer's IP address (IPv4-mapped IPv6 as IPv4): allow-lists and log throttling go by it. */
  readonly address: string | undefined;
  /** Closes the connection for `reason` (counted; logged when `detail` is given). Idempotent. */
  drop(reason: Gb26875CloseReason, detail?: string): void;
}

/** What the connection does after one outcome. */
export interface HandleResult {
  /** The reply to write (确认 or 否认), if any. */
  reply?: Uint8Array;
  /** An accepted frame: it resets the connection's garbage budget. Anything else counts against it. */
  accepted: boolean;
  /** Close the connection for this reason instead of replying (already counted and logged here). */
  close?: Gb26875CloseReason;
}

/**
 * What the gateway does with each deframed outcome of a GB/T 26875.3 connection, and when a
 * connection ends. The durability rule is the MQTT path's: a frame is answered 确认 only once its
 * messages are durable (sink or outbox) and forwarded on the uplink; until then the transmitter
 * keeps it and resends (at least once, like QoS 1; the store's idempotent writes absorb repeats).
 */
export class Gb26875FrameHandler {
  /** Panels by GB/T 26875.3 address, rebuilt once per registry snapshot (docs/registry.md). */
  private readonly byAddress = perSnapshot((sites) => {
    const byAddress = new Map<number, Device>();
    for (const device of sites.devices) {
      if (device.protocol === 'gb26875' && device.address !== undefined)
        byAddress.set(device.address, device);
    }
    return byAddress;
  });
  private readonly presence = new PanelPresence<PeerRef>();
  private readonly throttle = new LogThrottle();
  private readonly now: () => number;
  private labelCache: { second: number; label: TimeLabel } = {
    second: Number.NaN,
    label: { second: 0, minute: 0, hour: 0, day: 1, month: 1, year: 0 },
  };

  constructor(private readonly options: Gb26875FrameHandlerOptions) {
    this.now = options.now ?? Date.now;
  }

  private get timeZone(): string {
    return this.options.sites.province.timezone;
  }

  /** Panels declared with `protocol: gb26875`. */
  get panels(): number {
    return this.byAddress(this.options.sites).size;
  }

  /**
   * The registry changed: a connection that spoke for a panel the sites no longer have (or one of
   * a school this gateway does not serve) is closed; the panel is refused from then on.
   */
  dropRemoved(): void {
    const { sites, served } = this.options;
    for (const [id, connection] of this.presence.held()) {
      const device = sites.deviceById.get(id);
      if (device !== undefined && device.protocol === 'gb26875' && (served?.serves(device) ?? true)) continue;
      connection.drop('removed', `panel ${id} is no longer in the registry`);
    }
  }

  /**
   * Says what to reply and whether to go on. Rejects when the frame could not be made durable: no
   * reply then.
   */
  async handle(outcome: DeframeOutcome, from: PeerRef): Promise<HandleResult> {
    const { metrics } = this.options;
    switch (outcome.type) {
      case 'noise':
        metrics.noiseBytes.inc(outcome.bytes);
        this.malformed('noise', `${outcome.bytes} byte(s) before "@@" skipped`, from);
        return { accepted: false };
      case 'invalid':
        this.malformed(outcome.reason, outcome.detail, from, outcome.header);
        return { reply: this.reply(outcome.header, 'deny'), accepted: false };
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

  private async handleFrame(frame: Gb26875Frame, from: PeerRef): Promise<HandleResult> {
    const { metrics, logger } = this.options;
    const access = this.options.access();
    metrics.frames.inc({ command: String(frame.command) });
    const device = this.byAddress(this.options.sites).get(frame.source);
    if (!device) {
      metrics.gateway.refused.inc({ reason: UNKNOWN_ADDRESS });
      // Throttled by the peer's address, never by what the frame says (an attacker chooses that).
      const suppressed = this.throttle.pass(`${UNKNOWN_ADDRESS}:${from.address}`, this.now());
      if (suppressed !== undefined) {
        logger.warn(
          { peer: from.peer, address: frame.source, suppressed },
          `GB/T 26875.3 frame from address ${frame.source} refused: no gb26875 fire_alarm_panel has it in the sites file`,
        );
      }
      return { reply: this.reply(frame, 'deny'), accepted: false };
    }
    const served = this.options.served;
    if (served && !served.serves(device)) {
      // Not stored, not forwarded: this panel's school has its own gateway. Denied, like an unknown address.
      metrics.gateway.refused.inc({ reason: 'school_not_served' });
      const suppressed = this.throttle.pass(`school_not_served:${from.address}`, this.now());
      if (suppressed !== undefined) {
        logger.warn(
          { peer: from.peer, device: device.id, address: frame.source, suppressed },
          `GB/T 26875.3 frame refused: panel ${served.refusal(device)}`,
        );
      }
      return { reply: this.reply(frame, 'deny'), accepted: false };
    }
    if (!access.allows(device, from.address)) {
      // Not stored, not answered, opens nothing, does not mark the panel online; the connection goes.
      metrics.gateway.refused.inc({ reason: PEER_NOT_ALLOWED });
      const suppressed = this.throttle.pass(`${PEER_NOT_ALLOWED}:${from.address}`, this.now());
      if (suppressed !== undefined) {
        const { allowFrom, source } = access.describe(device);
        logger.warn(
          { peer: from.peer, device: device.id, address: frame.source, allowFrom, source, suppressed },
          `GB/T 26875.3 frame for panel ${device.id} from ${from.address ?? 'an unknown address'} refused: ` +
            `not in the panel's allow-list (${allowFrom}, from ${source}); connection closed. ` +
            `If this transmitter is genuine, add its network to the panel's allowFrom in the sites file`,
        );
      }
      return { accepted: false, close: PEER_NOT_ALLOWED };
    }
    const now = this.now();
    const result = decodeGb26875Frame(device, frame, { now, timeZone: this.timeZone });
    if (!result.ok) {
      this.malformed(result.reason, result.detail, from, frame, device.id);
      return { reply: this.reply(frame, 'deny'), accepted: false };
    }
    // One live connection per panel: the newer one takes the panel over and the older is closed.
    // A transmitter that lost its link without a FIN (mobile networks, power cuts) reconnects while
    // the gateway still holds the dead connection for up to GB26875_IDLE_SECONDS; refusing the
    // newer would refuse its fire alarms until then, and would let whoever connected first lock
    // the real transmitter out. Both connections passed the panel's allow-list.
    const holder = this.presence.holder(device.id);
    if (holder !== undefined && holder !== from) {
      const suppressed = this.throttle.pass(`taken_over:${from.address}`, now);
      if (suppressed !== undefined) {
        logger.warn(
          { peer: from.peer, previous: holder.peer, device: device.id, address: frame.source, suppressed },
          `GB/T 26875.3 panel ${device.id} now speaks on ${from.peer}; closing its older connection ${holder.peer} ` +
            '(a transmitter that reconnected; if this repeats, two transmitters claim one address)',
        );
      }
      holder.drop('taken_over');
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
    return result.reply === 'confirm'
      ? { reply: this.reply(frame, 'confirm'), accepted: true }
      : { accepted: true };
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
    return buildGb26875Reply(request, command, this.replyLabel());
  }

  /** The gateway's local time for replies, worked out once a second (the zone lookup is the costly part). */
  private replyLabel(): TimeLabel {
    const second = Math.floor(this.now() / 1000);
    if (second !== this.labelCache.second) {
      this.labelCache = {
        second,
        label: epochToTimeLabel(second * 1000, this.timeZone) ?? {
          second: 0,
          minute: 0,
          hour: 0,
          day: 1,
          month: 1,
          year: 0,
        },
      };
    }
    return this.labelCache.label;
  }

  private malformed(
    reason: string,
    detail: string,
    from: PeerRef,
    header?: Gb26875Header,
    device?: string,
  ): void {
    this.options.metrics.gateway.malformed.inc({ reason });
    const suppressed = this.throttle.pass(`malformed:${from.address}:${reason}`, this.now());
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
