import {
  perSnapshot,
  type DecodeContext,
  type DecodeResult,
  type Device,
  type MalformedReason,
  type Sites,
} from '@campus/device-protocols';
import {
  DECODERS,
  isMqttProtocol,
  isWithinSchoolHours,
  parseNativeTopic,
  NATIVE_TOPIC_ROOT,
} from '@campus/device-protocols';
import type { RefusalReason } from '../metrics/gateway-metrics';
import type { StoredMessage } from '../sinks/series-point';

export type RouteOutcome =
  | { type: 'decoded'; protocol: string; messages: StoredMessage[]; ignored?: string }
  | { type: 'malformed'; protocol: string; reason: MalformedReason; detail: string }
  | { type: 'refused'; reason: RefusalReason; detail: string }
  | { type: 'not_device_traffic' };

/**
 * Finds the decoder for a topic (native tree or a bridge's base topic) in the DECODERS table
 * (@campus/device-protocols, by the publisher's protocol), runs it, and attaches each
 * message's place in the org chain. Checks that a native topic's device belongs to the topic's
 * school, which matters when an external broker did the authentication.
 */
export class MessageRouter {
  // Longest base topic first, so a nested base topic would win over its parent. Rebuilt once per
  // registry snapshot (docs/registry.md).
  private readonly bridgesOf = perSnapshot((sites) =>
    [...sites.bridgeByBaseTopic.values()].sort(
      (a, b) => (b.baseTopic?.length ?? 0) - (a.baseTopic?.length ?? 0),
    ),
  );

  constructor(
    private readonly sites: Sites,
    private readonly maxPayloadBytes: number,
  ) {}

  private get bridges(): Device[] {
    return this.bridgesOf(this.sites);
  }

  /** Base topics the gateway must subscribe to when it reads an external broker. */
  subscriptions(): string[] {
    return [`${NATIVE_TOPIC_ROOT}/#`, ...this.bridges.map((b) => `${b.baseTopic}/#`)];
  }

  route(topic: string, payload: Uint8Array, now: number): RouteOutcome {
    const ctx = this.context(now);
    if (topic.startsWith(`${NATIVE_TOPIC_ROOT}/`)) {
      const parsed = parseNativeTopic(topic);
      if (!parsed)
        return {
          type: 'refused',
          reason: 'not_own_topic',
          detail: `not a campus/v1/{school}/{device}/{channel} topic: ${topic}`,
        };
      const device = this.sites.deviceById.get(parsed.device);
      if (!device)
        return {
          type: 'refused',
          reason: 'unknown_device',
          detail: `no device "${parsed.device}" in the sites file`,
        };
      if (device.org.school !== parsed.school) {
        return {
          type: 'refused',
          reason: 'wrong_school',
          detail: `device "${device.id}" belongs to school ${device.org.school}, not ${parsed.school}`,
        };
      }
      return this.finish(
        'native',
        DECODERS.native(device, parsed.channel, payload, ctx, this.maxPayloadBytes),
      );
    }
    for (const bridge of this.bridges) {
      const base = bridge.baseTopic!;
      // Only MQTT protocols have a base topic (the sites file gives one to bridges only).
      if (!topic.startsWith(`${base}/`) || !isMqttProtocol(bridge.protocol)) continue;
      const subtopic = topic.slice(base.length + 1);
      const decode = DECODERS[bridge.protocol];
      return this.finish(bridge.protocol, decode(bridge, subtopic, payload, ctx, this.maxPayloadBytes));
    }
    return { type: 'not_device_traffic' };
  }

  private finish(protocol: string, result: DecodeResult): RouteOutcome {
    if (!result.ok) return { type: 'malformed', protocol, reason: result.reason, detail: result.detail };
    const messages: StoredMessage[] = [];
    for (const message of result.messages) {
      const device = this.sites.deviceById.get(message.device);
      if (device) messages.push({ message, org: device.org, deviceKind: device.kind });
    }
    return result.ignored === undefined
      ? { type: 'decoded', protocol, messages }
      : { type: 'decoded', protocol, messages, ignored: result.ignored };
  }

  /** Built once: a context per message only differs in `now` (closures per message showed in profiles). */
  private readonly resolveVia = (bridgeId: string, name: string): Device | undefined =>
    this.sites.resolveVia(bridgeId, name);
  private readonly isSchoolOpen = (schoolCode: string, ts: number): boolean => {
    const school = this.sites.schoolByCode.get(schoolCode);
    return school ? isWithinSchoolHours(school.hours, this.sites.province.timezone, ts) : true;
  };

  private context(now: number): DecodeContext {
    return { now, resolveVia: this.resolveVia, isSchoolOpen: this.isSchoolOpen };
  }
}
