import type { Queryable } from '../db';

/**
 * Empties every table of schema `alerting` except `schema_migrations` (between tests). DELETE, not
 * TRUNCATE: on PGlite a TRUNCATE of these tables takes ~100 ms, the DELETEs ~10 ms; the other tables
 * empty by cascade (timeline, escalations, notifications, hazard events, inspection findings).
 */
export async function resetAlertingTables(db: Queryable): Promise<void> {
  await db.exec(
    'DELETE FROM alerting.urges; DELETE FROM alerting.roll_calls; DELETE FROM alerting.photos; DELETE FROM alerting.hazard_reports; DELETE FROM alerting.inspections; DELETE FROM alerting.alerts; DELETE FROM alerting.hazards;' +
      ' DELETE FROM alerting.device_state; DELETE FROM alerting.device_event_days; DELETE FROM alerting.drills; DELETE FROM alerting.risk_points;',
  );
}
