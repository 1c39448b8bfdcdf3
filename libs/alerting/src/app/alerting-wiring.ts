import { ALERTING_METRICS, AlertingMetrics } from '../metrics/alerting-metrics';
import type { DynamicModule, Provider, Type } from '@nestjs/common';
import type { Sites, SitesSource } from '@campus/device-protocols';
import type { RegistryStore } from '../registry/registry-store';
import { RegistryController } from '../registry/registry.controller';
import { AuditModule } from '../audit/audit.module';
import { MediaRepository } from '../db/media-repository';
import {
  AlertMediaController,
  AlertMediaFileController,
  MEDIA_LIMITS,
  MediaService,
  mediaLimitsFromEnv,
  type MediaLimits,
} from '../media';
import type { AccountStore } from '../auth/account-store';
import { AccountRepository } from '../db/account-repository';
import { AlertRepository } from '../db/alert-repository';
import type { Database } from '../db/database';
import { DeviceStateRepository } from '../db/device-state-repository';
import { DrillRepository } from '../db/drill-repository';
import { EscalationRepository } from '../db/escalation-repository';
import { HazardRepository } from '../db/hazard-repository';
import { InspectionRepository } from '../db/inspection-repository';
import { NotificationRepository } from '../db/notification-repository';
import { RiskPointRepository } from '../db/risk-point-repository';
import { DevicesController } from '../devices/devices.controller';
import { DevicesService } from '../devices/devices.service';
import { EscalationRuntime, type EscalationRuntimeOptions } from './escalation-runtime';
import { ENV, ESCALATION_RUNTIME, ESCALATION_RUNTIME_OPTIONS } from '../di/tokens';
import { DrillService } from '../drills/drill.service';
import { DrillsController } from '../drills/drills.controller';
import { HazardEventRepository } from '../db/hazard-event-repository';
import { HazardReportRepository } from '../db/hazard-report-repository';
import {
  HAZARD_REPORT_LIMITS,
  HazardPhotoCountsController,
  HazardPhotosController,
  HazardReportService,
  HazardReportsController,
  hazardReportLimitsFromEnv,
  PHOTO_STORE,
  PHOTO_URL_SIGNER,
  PhotosController,
  PhotoUrlSigner,
  photoStoreFromEnv,
  PublicHazardReportsController,
  PublicHazardReportStatusController,
  PublicSchoolsController,
  PUBLIC_LINK_OPTIONS,
  SchoolPublicLinkController,
  type PhotoStore,
} from '../hazard-reports';
import { HazardService } from '../hazards/hazard.service';
import { ReporterNotice } from '../hazard-reports/reporter-notice';
import { HazardsController } from '../hazards/hazards.controller';
import {
  HazardOverdueEscalation,
  OVERDUE_ESCALATION_OPTIONS,
  type OverdueEscalationOptions,
} from '../hazards/overdue-escalation';
import { RiskPointService } from '../risk-points/risk-point.service';
import { RiskPointsController } from '../risk-points/risk-points.controller';
import {
  DELIVERY_STATUS_OPTIONS,
  DeliveryStatusController,
  twilioStatusCallbackBase,
  type DeliveryStatusOptions,
} from '../notifications/delivery-status.controller';
import { OrgsController } from '../orgs/orgs.controller';
import { InspectionService } from '../inspections/inspection.service';
import { InspectionsController } from '../inspections/inspections.controller';
import { SchoolFactsGatherer } from '../inspections/school-facts-gatherer';
import { ReportRepository } from '../db/report-repository';
import { OverviewRepository } from '../db/overview-repository';
import { OverviewController } from '../overview/overview.controller';
import { OverviewService } from '../overview/overview.service';
import { ReportService } from '../reports/report.service';
import { ReportsController } from '../reports/reports.controller';
import { TelemetryController } from '../telemetry/telemetry.controller';
import { TELEMETRY_READER, type TelemetryReader } from '../telemetry/telemetry-reader';
import { AlertEscalation } from '../alerts/alert-escalation';
import { TriggerSourcePurge } from '../alerts/trigger-source-purge';
import { AlertService } from '../alerts/alert.service';
import { AlertsController } from '../alerts/alerts.controller';
import { SupervisionRepository } from '../db/supervision-repository';
import { RollCallService, RollCallsController, UrgeService, UrgesController } from '../supervision';
import { ActionRepository } from '../db/action-repository';
import {
  COMMAND_TRANSPORT,
  GATEWAY_COMMANDS,
  LINKAGE_OPTIONS,
  REGISTRY_STORE,
  SITES_SOURCE,
} from '../di/tokens';
import type { CentralCommands } from '../linkage/central-commands';
import {
  actionTimeoutFromEnv,
  DEFAULT_ACTION_TIMEOUT_MS,
  LinkageController,
  LinkageService,
  type CommandTransport,
  type LinkageOptions,
} from '../linkage';
import { PlanRepository } from '../db/plan-repository';
import {
  DispatchService,
  INCIDENT_MEDIA_SOURCE,
  IncidentReportService,
  PlanNotifier,
  PlanService,
  PlansController,
  PublicRespondersController,
  ResponderPhotosController,
} from '../plans';

import {
  RegistryDeviceImportController,
  RegistryDevicesController,
  RegistryEnrolmentController,
} from '../registry/devices/registry-devices.controller';
import { EnrolmentRepository } from '../db/enrolment-repository';
import { ContactsController } from '../registry/contacts/contacts.controller';
import { ContactsService } from '../registry/contacts/contacts.service';
import { RegistryOrgsController } from '../registry/orgs/registry-orgs.controller';
import { RegistryOrgsService } from '../registry/orgs/registry-orgs.service';
import { EscalationPoliciesController, RulesController } from '../registry/policies/policies.controller';
import { PoliciesService } from '../registry/policies/policies.service';
import { RegistryUsersController } from '../registry/users/registry-users.controller';
import { RegistryUsersService } from '../registry/users/registry-users.service';
import { RegistryDevicesService } from '../registry/devices/registry-devices.service';

export interface AlertingFeatureDeps {
  /** The opened, migrated alert database (`openDatabase`). */
  db: Database;
  /** The sites (the app provides them as SITES, live; kept here for the composition's symmetry). */
  sites: Sites | SitesSource;
  /** TWILIO_* and the like; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  escalation?: EscalationRuntimeOptions;
  /**
   * PUBLIC_URL: where Twilio can reach this service. With it, every SMS and call asks for
   * delivery-status callbacks at `<publicUrl>/api/notifications/twilio/status` (unless
   * `escalation.statusCallbackUrl` says otherwise); without it none are requested.
   */
  publicUrl?: string;
  /** Device history for `GET /api/telemetry` (the platform passes the gateway's store). */
  telemetry?: TelemetryReader;
  overdue?: OverdueEscalationOptions;
  /** Where report and hazard photos are kept; default S3 with S3_URL, else files in `<dataDir>/photos`. */
  photos?: PhotoStore;
  /** DATA_DIR (default `./data`), for the default photo store. */
  dataDir?: string;
  /** The service's Prometheus metrics; a fresh registry when absent. */
  metrics?: AlertingMetrics;
  /**
   * How commands reach devices (linkage): the all-in-one passes its gateway's embedded broker.
   * Absent: actions are recorded as failed with the reason (docs/protocol.md, "Commands to devices").
   */
  commands?: CommandTransport;
  /** The province path: commands to devices behind edge gateways, over the central broker. */
  gatewayCommands?: CentralCommands;
  /** Linkage tuning; default ACTION_TIMEOUT_SECONDS, else 10 s. */
  linkage?: LinkageOptions;
  /** 视频复核: camera timeouts and size limits (default from CAMERA_* variables). */
  media?: Partial<MediaLimits>;
  /** The registry and the live sites it feeds (provided as REGISTRY_STORE and SITES_SOURCE). */
  registry?: { store: RegistryStore; sites: SitesSource };
}

/**
 * The alerts, hazards, drills and risk-register parts of the alert service, for
 * `createAlertingApp({ sites, logger, ...alertingControllersAndProviders({ db, sites }) })`.
 * Repositories are provided under their classes; the escalation runtime also as ESCALATION_RUNTIME.
 * Other parts (the intake) inject AlertService to hand it the rules' triggers.
 */
export function alertingControllersAndProviders(deps: AlertingFeatureDeps): {
  controllers: Type<unknown>[];
  providers: Provider[];
  /** The global AuditModule (audit log, AUDIT_SINK, GET /api/audit). */
  imports: DynamicModule[];
  /** Passwords set through the API and token versions (createAlertingApp's `accounts`). */
  accounts: AccountStore;
} {
  const { db } = deps;
  const env = deps.env ?? process.env;
  const reportLimits = hazardReportLimitsFromEnv(env);
  const deliveryStatus: DeliveryStatusOptions =
    deps.publicUrl === undefined ? {} : { publicUrl: deps.publicUrl };
  const escalation: EscalationRuntimeOptions = {
    ...(deps.publicUrl === undefined ? {} : { statusCallbackUrl: twilioStatusCallbackBase(deps.publicUrl) }),
    ...deps.escalation,
  };
  return {
    imports: [AuditModule.register({ db })],
    accounts: new AccountRepository(db),
    controllers: [
      AlertsController,
      LinkageController,
      PlansController,
      PublicRespondersController,
      ResponderPhotosController,
      AlertMediaController,
      AlertMediaFileController,
      HazardsController,
      DrillsController,
      RiskPointsController,
      TelemetryController,
      DeliveryStatusController,
      OrgsController,
      DevicesController,
      InspectionsController,
      ReportsController,
      OverviewController,
      HazardReportsController,
      PublicHazardReportsController,
      PublicHazardReportStatusController,
      PublicSchoolsController,
      SchoolPublicLinkController,
      HazardPhotosController,
      HazardPhotoCountsController,
      PhotosController,
      UrgesController,
      RollCallsController,
      ...(deps.registry
        ? [
            RegistryDevicesController,
            RegistryDeviceImportController,
            RegistryEnrolmentController,
            ContactsController,
            RegistryOrgsController,
            EscalationPoliciesController,
            RulesController,
            RegistryUsersController,
          ]
        : []),
      ...(deps.registry ? [RegistryController] : []),
    ],
    providers: [
      { provide: AlertRepository, useValue: new AlertRepository(db) },
      { provide: ActionRepository, useValue: new ActionRepository(db) },
      { provide: PlanRepository, useValue: new PlanRepository(db) },
      // the incident report's camera pictures: the alert's media (视频复核)
      { provide: INCIDENT_MEDIA_SOURCE, useExisting: MediaService },
      { provide: MediaRepository, useValue: new MediaRepository(db) },
      { provide: MEDIA_LIMITS, useValue: { ...mediaLimitsFromEnv(env), ...deps.media } },
      ...(deps.commands ? [{ provide: COMMAND_TRANSPORT, useValue: deps.commands }] : []),
      ...(deps.gatewayCommands ? [{ provide: GATEWAY_COMMANDS, useValue: deps.gatewayCommands }] : []),
      {
        provide: LINKAGE_OPTIONS,
        useValue: { timeoutMs: actionTimeoutFromEnv(env, DEFAULT_ACTION_TIMEOUT_MS), ...deps.linkage },
      },
      { provide: EscalationRepository, useValue: new EscalationRepository(db) },
      { provide: NotificationRepository, useValue: new NotificationRepository(db) },
      { provide: HazardRepository, useValue: new HazardRepository(db) },
      { provide: DrillRepository, useValue: new DrillRepository(db) },
      { provide: RiskPointRepository, useValue: new RiskPointRepository(db) },
      { provide: DeviceStateRepository, useValue: new DeviceStateRepository(db) },
      { provide: HazardEventRepository, useValue: new HazardEventRepository(db) },
      { provide: InspectionRepository, useValue: new InspectionRepository(db) },
      { provide: ReportRepository, useValue: new ReportRepository(db) },
      { provide: OverviewRepository, useValue: new OverviewRepository(db) },
      { provide: HazardReportRepository, useValue: new HazardReportRepository(db) },
      { provide: SupervisionRepository, useValue: new SupervisionRepository(db) },
      { provide: ENV, useValue: env },
      ...(deps.registry
        ? [
            { provide: REGISTRY_STORE, useValue: deps.registry.store },
            { provide: SITES_SOURCE, useValue: deps.registry.sites },
          ]
        : []),
      { provide: ALERTING_METRICS, useValue: deps.metrics ?? new AlertingMetrics() },
      { provide: HAZARD_REPORT_LIMITS, useValue: reportLimits },
      {
        provide: PHOTO_STORE,
        useValue: deps.photos ?? photoStoreFromEnv(env, deps.dataDir ?? './data'),
      },
      {
        provide: PUBLIC_LINK_OPTIONS,
        useValue: deps.publicUrl === undefined ? {} : { publicUrl: deps.publicUrl },
      },
      { provide: PHOTO_URL_SIGNER, useValue: new PhotoUrlSigner(env, reportLimits.photoUrlTtlMs) },
      ...(deps.telemetry ? [{ provide: TELEMETRY_READER, useValue: deps.telemetry }] : []),
      { provide: ESCALATION_RUNTIME_OPTIONS, useValue: escalation },
      { provide: DELIVERY_STATUS_OPTIONS, useValue: deliveryStatus },
      { provide: OVERDUE_ESCALATION_OPTIONS, useValue: deps.overdue ?? {} },
      EscalationRuntime,
      { provide: ESCALATION_RUNTIME, useExisting: EscalationRuntime },
      AlertEscalation,
      TriggerSourcePurge,
      AlertService,
      LinkageService,
      PlanNotifier,
      PlanService,
      DispatchService,
      IncidentReportService,
      MediaService,
      HazardService,
      HazardOverdueEscalation,
      DrillService,
      RiskPointService,
      DevicesService,
      SchoolFactsGatherer,
      InspectionService,
      ReportService,
      OverviewService,
      HazardReportService,
      UrgeService,
      RollCallService,
      ReporterNotice,
      // the registry's management API (docs/registry.md, "Managing through the API and the dashboard")
      ...(deps.registry
        ? [
            { provide: EnrolmentRepository, useValue: new EnrolmentRepository(db) },
            RegistryDevicesService,
            ContactsService,
            RegistryOrgsService,
            PoliciesService,
            RegistryUsersService,
          ]
        : []),
    ],
  };
}
