import type { Logger } from 'pino';
import type { GatewayMetrics, MqttDisconnectReason, RefusalReason } from '../metrics/gateway-metrics';
import { LogThrottle } from '@campus/service-runtime';

/** Client-chosen text (user names, client ids) is cut to this length in log lines. */
const MAX_LOGGED_CHARS = 64;

export function loggable(text: string | undefined): string | undefined {
  if (text === undefined || text.length <= MAX_LOGGED_CHARS) return text;
  return `${text.slice(0, MAX_LOGGED_CHARS)}…`;
}

/**
 * Counts every refused or closed MQTT connection and logs it, at most one line per reason and
 * source address per minute: the key is one the client cannot mint at will (not the user name it
 * sends), and the table is bounded (LogThrottle), so a flood of CONNECTs with distinct user names
 * — or from many addresses — costs a few log lines, not one each.
 */
export class ConnectionRefusals {
  constructor(
    private readonly metrics: GatewayMetrics,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
    private readonly throttle = new LogThrottle(60_000, 10_000),
  ) {}

  refused(reason: RefusalReason, source: string, detail: string, fields: Record<string, unknown> = {}): void {
    this.metrics.refused.inc({ reason });
    this.log(reason, source, detail, fields, 'MQTT connection refused');
  }

  disconnected(
    reason: MqttDisconnectReason,
    source: string,
    detail: string,
    fields: Record<string, unknown> = {},
  ): void {
    this.metrics.mqttDisconnects.inc({ reason });
    this.log(reason, source, detail, fields, 'MQTT connection closed');
  }

  private log(
    reason: string,
    source: string,
    detail: string,
    fields: Record<string, unknown>,
    msg: string,
  ): void {
    const suppressed = this.throttle.pass(`${reason}\u0000${source}`, this.now());
    if (suppressed !== undefined)
      this.logger.warn({ reason, ip: source, detail, ...fields, suppressed }, msg);
  }
}
