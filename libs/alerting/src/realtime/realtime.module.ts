import { Global, Module } from '@nestjs/common';
import { ALERT_BROADCASTER } from './alert-broadcaster';
import { HAZARD_REPORT_BROADCASTER } from './hazard-report-broadcaster';
import { RealtimeGateway } from './realtime.gateway';

/** The socket.io gateway; inject ALERT_BROADCASTER (or RealtimeGateway) to push alert changes. */
@Global()
@Module({
  providers: [
    RealtimeGateway,
    { provide: ALERT_BROADCASTER, useExisting: RealtimeGateway },
    { provide: HAZARD_REPORT_BROADCASTER, useExisting: RealtimeGateway },
  ],
  exports: [RealtimeGateway, ALERT_BROADCASTER, HAZARD_REPORT_BROADCASTER],
})
export class RealtimeModule {}
