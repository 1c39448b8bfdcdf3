import type { Database } from './database';
import { toIso, type Instant } from './sql-values';
import type { HazardState } from '../domain/hazard';

/**
 * Appends to a hazard's history (`alerting.hazard_events`) an event that is not a state change,
 * such as the overdue escalation (from = to = the current state).
 */
export class HazardEventRepository {
  constructor(private readonly db: Database) {}

  async note(hazardId: string, state: HazardState, by: string, note: string, at: Instant): Promise<void> {
    await this.db.query(
      `INSERT INTO alerting.hazard_events (hazard_id, at, from_state, to_state, by, note)
       VALUES ($1, $2, $3, $3, $4, $5)`,
      [hazardId, toIso(at), state, by, note],
    );
  }
}
