import {
  Inject,
  Injectable,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ORG_LEVELS, type Sites } from '@campus/device-protocols';
import type { Logger } from 'pino';
import { HazardRepository } from '../db/hazard-repository';
import type { Hazard } from '../domain/hazard';
import { contactsFor } from '../escalation/escalation-policy';
import { ESCALATION_RUNTIME, LOGGER, SITES } from '../di/tokens';
import { NotificationDispatcher } from '../notifications/notification-dispatcher';
import type { Notifier } from '../notifications/notifier';
import { LEVEL_ZH } from '../notifications/alert-labels';
import { HazardEventRepository } from '../db/hazard-event-repository';
import { levelAbove, overdueSms } from './overdue-text';

export interface OverdueEscalationOptions {
  /** How often to look for overdue hazards; default 30 s. */
  intervalMs?: number;
  /** An overdue hazard climbs one more level after this long without closing; default 24 h. */
  repeatAfterMs?: number;
}

/** What the overdue escalation needs of the escalation runtime (ESCALATION_RUNTIME): its notifier. */
export interface RuntimeNotifier {
  readonly notifier: Notifier;
}

/** Injection token for {@link OverdueEscalationOptions}. */
export const OVERDUE_ESCALATION_OPTIONS = Symbol('OVERDUE_ESCALATION_OPTIONS');

/**
 * 隐患逾期上报: every 30 s, unclosed hazards past their deadline move up one level (school → county
 * at once, then one more level per `repeatAfterMs` until the province). Each step is recorded on
 * the hazard (markEscalated — one replica wins — and a hazard event), and the contacts of the new
 * level get an SMS through a notification queue with the runtime's notifier.
 */
@Injectable()
export class HazardOverdueEscalation implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly intervalMs: number;
  private readonly repeatAfterMs: number;
  private readonly logger: Logger;
  private readonly queue: NotificationDispatcher;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(HazardRepository) private readonly hazards: HazardRepository,
    @Inject(HazardEventRepository) private readonly events: HazardEventRepository,
    @Inject(SITES) private readonly sites: Sites,
    @Inject(LOGGER) logger: Logger,
    @Inject(ESCALATION_RUNTIME) runtime: RuntimeNotifier,
    @Optional() @Inject(OVERDUE_ESCALATION_OPTIONS) options?: OverdueEscalationOptions | null,
  ) {
    this.intervalMs = options?.intervalMs ?? 30_000;
    this.repeatAfterMs = options?.repeatAfterMs ?? 86_400_000;
    this.logger = logger.child({ part: 'hazard-overdue' });
    this.queue = new NotificationDispatcher({
      notifier: runtime.notifier,
      logger: this.logger,
      timeline: {
        // `alertId` of these sends is the hazard id: retries stop once it is closed.
        isStillOpen: async (id) => {
          const hazard = await hazards.get(id);
          return hazard !== undefined && hazard.state !== 'closed';
        },
        appendTimeline: async (id, item) => {
          this.logger.info({ hazardId: id, ...item }, 'overdue hazard notification');
        },
      },
    });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.round = this.runOnce().catch((err: unknown) =>
        this.logger.error({ err }, 'overdue hazard round failed'),
      );
    }, this.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.round;
    await this.queue.stop();
  }

  /** One round; returns the hazards escalated. */
  async runOnce(now: Date = new Date()): Promise<Hazard[]> {
    const due = await this.hazards.dueForOverdueEscalation(now, this.repeatAfterMs);
    const escalated: Hazard[] = [];
    for (const hazard of due) {
      if (await this.escalate(hazard, now)) escalated.push(hazard);
    }
    return escalated;
  }

  private async escalate(hazard: Hazard, now: Date): Promise<boolean> {
    const current = ORG_LEVELS.find((level) => level === hazard.escalatedTo);
    const to = current === undefined ? undefined : levelAbove(current);
    if (current === undefined || to === undefined) return false;
    if (!(await this.hazards.markEscalated(hazard.id, current, to, now))) return false;
    const note = `逾期未整改，已上报${LEVEL_ZH[to]}`;
    await this.events.note(hazard.id, hazard.state, 'system', note, now);
    const body = overdueSms(this.sites, hazard, to);
    for (const contact of contactsFor(this.sites, hazard, to)) {
      this.queue.enqueue({
        alertId: hazard.id,
        level: to,
        channel: 'sms',
        to: contact.phone,
        name: contact.name,
        body,
      });
    }
    this.logger.info({ hazardId: hazard.id, from: current, to }, 'overdue hazard escalated');
    return true;
  }
}
