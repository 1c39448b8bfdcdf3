import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { NotificationRequest, Notifier, SendResult } from './notifier';

/**
 * Used when TWILIO_* credentials are absent (docs/operations.md): nothing leaves the machine, the
 * message is logged and counts as sent with status `logged`, so the timeline still shows who
 * would have been paged.
 */
export class LogNotifier implements Notifier {
  constructor(private readonly logger: Logger) {}

  async send(n: NotificationRequest): Promise<SendResult> {
    const sid = `LG${randomUUID().replace(/-/g, '')}`;
    this.logger.info(
      { alertId: n.alertId, level: n.level, channel: n.channel, to: n.to, name: n.name, sid, body: n.body },
      'notification (logged only: TWILIO_* not set)',
    );
    return { ok: true, sid, status: 'logged' };
  }
}
