export {
  DatabaseQueryError,
  sqlState,
  type Database,
  type Dialect,
  type Queryable,
  type QueryResult,
  type SqlParam,
} from './database';
export { openPglite, openTunedPglite, PgliteDatabase } from './pglite-database';
export { openPostgres, PostgresDatabase, type PostgresOptions } from './postgres-database';
export { describeDatabaseUrl } from './connection-target';
export { migrate, MIGRATION_LOCK_KEY, type MigrationReport } from './migrate';
export { MIGRATIONS, type Migration } from './migrations';
export { toIso, type Instant } from './sql-values';
export { parseTimestamp } from './type-parsers';
export { AlertRepository, type AlertChange, type AlertListQuery, type LevelChange } from './alert-repository';
export { EscalationRepository } from './escalation-repository';
export { NotificationRepository, type AttemptResult, type NewAttempt } from './notification-repository';
export {
  HazardRepository,
  type HazardChange,
  type HazardListQuery,
  type HazardTransition,
} from './hazard-repository';
export { DrillRepository, type NewDrill } from './drill-repository';
export { RiskPointRepository, seededRiskPointId, type RiskPointInput } from './risk-point-repository';
export { openDatabase, type OpenDatabaseOptions } from './open-database';
export {
  DeviceStateRepository,
  type DeviceEventCount,
  type DeviceEventDay,
  type DeviceStateBatch,
  type EventCountQuery,
  type EventDayIncrement,
} from './device-state-repository';
export {
  InspectionRepository,
  type InspectionChange,
  type InspectionListQuery,
  type NewFinding,
  type NewInspection,
} from './inspection-repository';
export { AccountRepository } from './account-repository';
export { ReportRepository, type ChildLevel, type ReportQuery } from './report-repository';
export { OverviewRepository, type OverviewQuery } from './overview-repository';
export { HazardEventRepository } from './hazard-event-repository';
export {
  AUDIT_MAX_LIMIT,
  AuditRepository,
  type AuditCursor,
  type AuditOrgPath,
  type AuditQuery,
  type NewAuditEntry,
} from './audit-repository';
export {
  HazardReportRepository,
  type NewHazardReport,
  type NewPhoto,
  type TriageOutcome,
} from './hazard-report-repository';
export { ActionRepository, type ActionSettlement, type NewAction } from './action-repository';
export {
  REGISTRY_CHANNEL,
  REGISTRY_LOCK_KEY,
  readRegistryHistory,
  readRegistryRows,
  readRegistryVersion,
} from './registry-repository';
