import { SELF_DECLARED_DEPS_METADATA } from '@nestjs/common/constants.js';
import { describe, expect, it } from 'vitest';
import { AlertEscalation } from '../alerts/alert-escalation';
import { AlertService } from '../alerts/alert.service';
import { AlertsController } from '../alerts/alerts.controller';
import { EscalationRuntime } from './escalation-runtime';
import { DrillService } from '../drills/drill.service';
import { DrillsController } from '../drills/drills.controller';
import { HazardService } from '../hazards/hazard.service';
import { HazardsController } from '../hazards/hazards.controller';
import { HazardOverdueEscalation } from '../hazards/overdue-escalation';
import { RiskPointService } from '../risk-points/risk-point.service';
import { RiskPointsController } from '../risk-points/risk-points.controller';
import { DevicesController } from '../devices/devices.controller';
import { DevicesService } from '../devices/devices.service';
import { DeliveryStatusController } from '../notifications/delivery-status.controller';
import { InspectionService } from '../inspections/inspection.service';
import { InspectionsController } from '../inspections/inspections.controller';
import { SchoolFactsGatherer } from '../inspections/school-facts-gatherer';
import { ReportService } from '../reports/report.service';
import { ReportsController } from '../reports/reports.controller';
import { OrgsController } from '../orgs/orgs.controller';
import { AuthController } from '../auth/auth.controller';
import { AuthGuard } from '../auth/auth.guard';
import { AuthService } from '../auth/auth.service';
import { PermissionGuard } from '../auth/permission.guard';
import { ScopePolicyService } from '../auth/scope-policy.service';
import { RealtimeGateway } from '../realtime/realtime.gateway';
import { TelemetryController } from '../telemetry/telemetry.controller';
import { HealthController } from '../http/health.controller';
import { ProbeController } from '../testing/probe.fixture';
import { LinkageController } from '../linkage/linkage.controller';
import { LinkageService } from '../linkage/linkage.service';
import { AlertMediaController, AlertMediaFileController } from '../media/media.controller';
import { MediaService } from '../media/media.service';

/**
 * The apps run under tsx (esbuild), which emits no `design:paramtypes`: a constructor parameter
 * without `@Inject(Token)` gets `undefined` there, while this suite (which has metadata) passes.
 * Every class Nest constructs must therefore declare each parameter. Add new classes here.
 */
const CONSTRUCTED_BY_NEST = [
  AuthController,
  AuthGuard,
  AuthService,
  PermissionGuard,
  ScopePolicyService,
  RealtimeGateway,
  HealthController,
  ProbeController,
  AlertsController,
  AlertService,
  LinkageController,
  LinkageService,
  AlertMediaController,
  AlertMediaFileController,
  MediaService,
  AlertEscalation,
  EscalationRuntime,
  HazardsController,
  HazardService,
  HazardOverdueEscalation,
  DrillsController,
  DrillService,
  RiskPointsController,
  RiskPointService,
  TelemetryController,
  DeliveryStatusController,
  OrgsController,
  DevicesController,
  DevicesService,
  SchoolFactsGatherer,
  InspectionService,
  InspectionsController,
  ReportService,
  ReportsController,
];

describe('explicit @Inject on every constructor parameter', () => {
  it.each(CONSTRUCTED_BY_NEST.map((c) => [c.name, c] as const))('%s', (_name, cls) => {
    const declared = (Reflect.getMetadata(SELF_DECLARED_DEPS_METADATA, cls) ?? []) as { index: number }[];
    const indices = declared.map((d) => d.index).sort((a, b) => a - b);
    expect(indices).toEqual(Array.from({ length: cls.length }, (_, i) => i));
  });
});
