import { Global, Module } from '@nestjs/common';
import { ALERT_BROADCASTER } from './alert-broadcaster';
import { HAZARD_REPORT_BROADCASTER } from './hazard-report-broadcaster';
import { RealtimeGateway } from './realtime.gateway';
import { SUPERVISION_BROADCASTER } from './supervision-broadcaster';

/** The socket.io gateway; inject ALERT_BROADCASTER (or RealtimeGateway) to push alert changes. */
@Global()
@Module({
  providers: [
    RealtimeGateway,
    { provide: ALERT_BROADCASTER, useExisting: RealtimeGateway },
    { provide: HAZARD_REPORT_BROADCASTER, useExisting: RealtimeGateway },
    { provide: SUPERVISION_BROADCASTER, useExisting: RealtimeGateway },
  ],
  exports: [RealtimeGateway, ALERT_BROADCASTER, HAZARD_REPORT_BROADCASTER, SUPERVISION_BROADCASTER],
})
export class RealtimeModule {}
