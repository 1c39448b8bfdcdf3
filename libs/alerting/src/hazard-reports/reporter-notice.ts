import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Sites } from '@campus/device-protocols';
import type { Logger } from 'pino';
import { HazardReportRepository } from '../db/hazard-report-repository';
import { ESCALATION_RUNTIME, LOGGER, SITES } from '../di/tokens';
import type { RuntimeNotifier } from '../hazards/overdue-escalation';
import { NotificationDispatcher } from '../notifications/notification-dispatcher';
import { fixedSms, reporterPhone } from './reporter-sms';

/**
 * 人人参与, the reporter told (docs/alerting.md "Hazard reports"): when a hazard is accepted
 * (closed), every public report linked to it whose contact is a phone number gets one SMS through
 * the notifier of the escalation runtime (Twilio, or the log), retried like the alerts' SMS. The
 * follow page shows 已整改 from the same moment. Closing is final, so each reporter is told once.
 */
@Injectable()
export class ReporterNotice implements OnApplicationShutdown {
  private readonly logger: Logger;
  private readonly queue: NotificationDispatcher;

  constructor(
    @Inject(HazardReportRepository) private readonly reports: HazardReportRepository,
    @Inject(SITES) private readonly sites: Sites,
    @Inject(LOGGER) logger: Logger,
    @Inject(ESCALATION_RUNTIME) runtime: RuntimeNotifier,
  ) {
    this.logger = logger.child({ part: 'reporter-notice' });
    this.queue = new NotificationDispatcher({
      notifier: runtime.notifier,
      logger: this.logger,
      timeline: {
        isStillOpen: async () => true,
        // `alertId` of these sends is the report id; the phone number stays out of the logs
        appendTimeline: async (id, item) => {
          this.logger.info({ reportId: id, kind: item.kind }, 'reporter notified that the hazard is fixed');
        },
      },
    });
  }

  /** Tells the public reporters of hazard `hazardId` that it is fixed; never throws. */
  async hazardClosed(hazardId: string): Promise<number> {
    try {
      let sent = 0;
      for (const report of await this.reports.publicReportsWithContact(hazardId)) {
        const to = reporterPhone(report.contact);
        if (to === undefined) continue;
        const school = this.sites.schoolByCode.get(report.school)?.name ?? '学校';
        this.queue.enqueue({
          alertId: report.id,
          level: 'school',
          channel: 'sms',
          to,
          name: '隐患报告人',
          body: fixedSms(school, report.category),
        });
        sent += 1;
      }
      return sent;
    } catch (err) {
      this.logger.error({ err, hazardId }, 'could not tell the reporters that the hazard is fixed');
      return 0;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.stop();
  }
}
