import { Module, type DynamicModule } from '@nestjs/common';
import type { Database } from '../db/database';
import { HTTP_ERROR_OBSERVER } from '../http/http-errors.filter';
import { AuditController } from './audit.controller';
import { AuditLog } from './audit-log';
import { AuditRepository } from '../db/audit-repository';
import { AUDIT_SINK } from './audit-sink';
import { ConfigAudit } from './config-audit';
import { DeniedRequestAudit } from './denied-requests';

/**
 * The audit log (审计日志): `alerting.audit_log`, the AuditLog service (also as AUDIT_SINK),
 * `GET /api/audit` and `/api/audit.csv`, the recording of refused requests (HTTP_ERROR_OBSERVER,
 * which createAlertingApp hands to the global error filter) and of the configuration at start.
 * Global, so every part — AuthModule's login code included — can inject AUDIT_SINK.
 */
@Module({})
export class AuditModule {
  static register(options: { db: Database }): DynamicModule {
    return {
      module: AuditModule,
      global: true,
      controllers: [AuditController],
      providers: [
        { provide: AuditRepository, useValue: new AuditRepository(options.db) },
        AuditLog,
        { provide: AUDIT_SINK, useExisting: AuditLog },
        DeniedRequestAudit,
        { provide: HTTP_ERROR_OBSERVER, useExisting: DeniedRequestAudit },
        ConfigAudit,
      ],
      exports: [AuditRepository, AuditLog, AUDIT_SINK, HTTP_ERROR_OBSERVER],
    };
  }
}
