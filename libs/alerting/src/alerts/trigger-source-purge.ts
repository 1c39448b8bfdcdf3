import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { AlertRepository } from '../db/alert-repository';
import { LOGGER } from '../di/tokens';

/** How long a counted message id is remembered: redeliveries come within hours. */
export const TRIGGER_SOURCE_KEEP_MS = 2 * 86_400_000;
const EVERY_MS = 6 * 3_600_000;

/**
 * Forgets old message ids of `alerting.trigger_sources` (AlertRepository.openOrOccurOnce) at start
 * and every six hours, so the table holds about two days of alarms.
 */
@Injectable()
export class TriggerSourcePurge implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private readonly logger: Logger;

  constructor(
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ part: 'trigger-sources' });
  }

  onApplicationBootstrap(): void {
    const purge = () =>
      void this.alerts
        .purgeTriggerSources(Date.now() - TRIGGER_SOURCE_KEEP_MS)
        .catch((err: unknown) =>
          this.logger.warn({ err }, 'purging counted message ids failed; retrying later'),
        );
    purge();
    this.timer = setInterval(purge, EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
