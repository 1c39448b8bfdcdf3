import { RESPONDER_STATES, type PlanStepOutcome, type ResponderState } from '@campus/api-contract';
import type { DoneStep } from '../plans/plan-progress';
import type { Database } from './database';
import { toIso, toJson, type Instant } from './sql-values';

/** A dispatch as stored, with its alert's school and resolution (for scope and link expiry). */
export interface DispatchRecord {
  id: string;
  alertId: string;
  person: string;
  name: string;
  phone: string;
  state: ResponderState;
  dispatchedBy: string;
  dispatchedAt: string;
  onTheWayAt: string | null;
  onSiteAt: string | null;
  handledAt: string | null;
}

export interface DispatchPhotoRecord {
  id: string;
  dispatchId: string;
  storeKey: string;
  at: string;
}

interface DispatchRow {
  id: string;
  alert_id: string;
  person: string;
  name: string;
  phone: string;
  state: ResponderState;
  dispatched_by: string;
  dispatched_at: string;
  on_the_way_at: string | null;
  on_site_at: string | null;
  handled_at: string | null;
}

const DISPATCH_COLUMNS =
  'id, alert_id, person, name, phone, state, dispatched_by, dispatched_at, on_the_way_at, on_site_at, handled_at';

function toDispatch(r: DispatchRow): DispatchRecord {
  return {
    id: r.id,
    alertId: r.alert_id,
    person: r.person,
    name: r.name,
    phone: r.phone,
    state: r.state,
    dispatchedBy: r.dispatched_by,
    dispatchedAt: r.dispatched_at,
    onTheWayAt: r.on_the_way_at,
    onSiteAt: r.on_site_at,
    handledAt: r.handled_at,
  };
}

/** The column of each mark's time (trusted names: they become SQL text). */
const MARK_COLUMN: Readonly<Record<Exclude<ResponderState, 'dispatched'>, string>> = {
  on_the_way: 'on_the_way_at',
  on_site: 'on_site_at',
  handled: 'handled_at',
};

/**
 * `alerting.plan_steps`, `alerting.dispatches`, `alerting.dispatch_photos` and their timeline items
 * (`plan_step`, `dispatched`, `responder`), docs/alerting.md "Emergency plans". A change and its
 * timeline item are one statement; a tick and a mark are conditional, so they land once.
 */
export class PlanRepository {
  constructor(private readonly db: Database) {}

  async doneSteps(alertId: string): Promise<DoneStep[]> {
    const { rows } = await this.db.query<{
      step_id: string;
      done_by: string;
      done_at: string;
      outcome: PlanStepOutcome;
    }>(
      'SELECT step_id, done_by, done_at, outcome FROM alerting.plan_steps WHERE alert_id = $1 ORDER BY done_at',
      [alertId],
    );
    return rows.map((r) => ({ stepId: r.step_id, doneBy: r.done_by, doneAt: r.done_at, outcome: r.outcome }));
  }

  /** Claims the step for `by`; false when it is already ticked (or the alert does not exist). */
  async claimStep(tick: {
    alertId: string;
    stepId: string;
    planId: string;
    by: string;
    at?: Instant;
  }): Promise<DoneStep | undefined> {
    const { rows } = await this.db.query<{ done_at: string }>(
      `INSERT INTO alerting.plan_steps (alert_id, step_id, plan_id, done_by, done_at)
       SELECT a.id, $2, $3, $4, $5 FROM alerting.alerts a WHERE a.id = $1
       ON CONFLICT (alert_id, step_id) DO NOTHING
       RETURNING done_at`,
      [tick.alertId, tick.stepId, tick.planId, tick.by, toIso(tick.at ?? Date.now())],
    );
    const row = rows[0];
    return row ? { stepId: tick.stepId, doneBy: tick.by, doneAt: row.done_at, outcome: {} } : undefined;
  }

  /** Stores what the tick ran and writes its `plan_step` timeline item (at the tick's time). */
  async finishStep(alertId: string, step: DoneStep, text: string, planId: string): Promise<void> {
    await this.db.query(
      `WITH upd AS (
         UPDATE alerting.plan_steps SET outcome = $3::jsonb WHERE alert_id = $1 AND step_id = $2 RETURNING alert_id, done_at
       )
       INSERT INTO alerting.alert_timeline (alert_id, at, kind, data)
       SELECT alert_id, done_at, 'plan_step', $4::jsonb FROM upd`,
      [
        alertId,
        step.stepId,
        toJson(step.outcome),
        toJson({ step: step.stepId, text, plan: planId, by: step.doneBy, outcome: step.outcome }),
      ],
    );
  }

  async createDispatch(d: {
    id: string;
    alertId: string;
    person: string;
    name: string;
    phone: string;
    tokenHash: string;
    by: string;
    at?: Instant;
  }): Promise<DispatchRecord | undefined> {
    const { rows } = await this.db.query<DispatchRow>(
      `WITH ins AS (
         INSERT INTO alerting.dispatches (id, alert_id, person, name, phone, token_hash, state, dispatched_by, dispatched_at)
         SELECT $1, a.id, $3, $4, $5, $6, 'dispatched', $7, $8 FROM alerting.alerts a WHERE a.id = $2
         RETURNING ${DISPATCH_COLUMNS}
       ), tl AS (
         INSERT INTO alerting.alert_timeline (alert_id, at, kind, data)
         SELECT alert_id, dispatched_at, 'dispatched', jsonb_build_object('dispatch', id, 'name', name, 'by', dispatched_by) FROM ins
       )
       SELECT * FROM ins`,
      [d.id, d.alertId, d.person, d.name, d.phone, d.tokenHash, d.by, toIso(d.at ?? Date.now())],
    );
    return rows[0] ? toDispatch(rows[0]) : undefined;
  }

  async dispatchesOf(alertId: string): Promise<DispatchRecord[]> {
    const { rows } = await this.db.query<DispatchRow>(
      `SELECT ${DISPATCH_COLUMNS} FROM alerting.dispatches WHERE alert_id = $1 ORDER BY dispatched_at, id`,
      [alertId],
    );
    return rows.map(toDispatch);
  }

  async dispatchByTokenHash(hash: string): Promise<DispatchRecord | undefined> {
    const { rows } = await this.db.query<DispatchRow>(
      `SELECT ${DISPATCH_COLUMNS} FROM alerting.dispatches WHERE token_hash = $1`,
      [hash],
    );
    return rows[0] ? toDispatch(rows[0]) : undefined;
  }

  /**
   * Moves the dispatch to `to` when it is in one of `from`, with the mark's time and a `responder`
   * timeline item; undefined when it has moved on meanwhile.
   */
  async mark(
    id: string,
    from: readonly ResponderState[],
    to: Exclude<ResponderState, 'dispatched'>,
    at: Instant = Date.now(),
  ): Promise<DispatchRecord | undefined> {
    const column = MARK_COLUMN[to];
    for (const state of from)
      if (!RESPONDER_STATES.includes(state))
        throw new Error(`unknown responder state ${JSON.stringify(state)}`);
    const allowed = from.map((state) => `'${state}'`).join(', ');
    const { rows } = await this.db.query<DispatchRow>(
      `WITH upd AS (
         UPDATE alerting.dispatches SET state = $2, ${column} = $3
         WHERE id = $1 AND state IN (${allowed})
         RETURNING ${DISPATCH_COLUMNS}
       ), tl AS (
         INSERT INTO alerting.alert_timeline (alert_id, at, kind, data)
         SELECT alert_id, $3, 'responder', jsonb_build_object('dispatch', id, 'name', name, 'state', state) FROM upd
       )
       SELECT * FROM upd`,
      [id, to, toIso(at)],
    );
    return rows[0] ? toDispatch(rows[0]) : undefined;
  }

  async addPhoto(p: { id: string; dispatchId: string; storeKey: string; at?: Instant }): Promise<void> {
    await this.db.query(
      `WITH ins AS (
         INSERT INTO alerting.dispatch_photos (id, dispatch_id, store_key, at) VALUES ($1, $2, $3, $4)
         RETURNING dispatch_id, id, at
       )
       INSERT INTO alerting.alert_timeline (alert_id, at, kind, data)
       SELECT d.alert_id, ins.at, 'responder', jsonb_build_object('dispatch', d.id, 'name', d.name, 'photo', ins.id)
       FROM ins JOIN alerting.dispatches d ON d.id = ins.dispatch_id`,
      [p.id, p.dispatchId, p.storeKey, toIso(p.at ?? Date.now())],
    );
  }

  /** The photos of the alert's dispatches, oldest first. */
  async photosOfAlert(alertId: string): Promise<DispatchPhotoRecord[]> {
    const { rows } = await this.db.query<{ id: string; dispatch_id: string; store_key: string; at: string }>(
      `SELECT p.id, p.dispatch_id, p.store_key, p.at FROM alerting.dispatch_photos p
       JOIN alerting.dispatches d ON d.id = p.dispatch_id WHERE d.alert_id = $1 ORDER BY p.at, p.id`,
      [alertId],
    );
    return rows.map((r) => ({ id: r.id, dispatchId: r.dispatch_id, storeKey: r.store_key, at: r.at }));
  }

  /** One photo and the alert it belongs to. */
  async photo(id: string): Promise<(DispatchPhotoRecord & { alertId: string }) | undefined> {
    const { rows } = await this.db.query<{
      id: string;
      dispatch_id: string;
      store_key: string;
      at: string;
      alert_id: string;
    }>(
      `SELECT p.id, p.dispatch_id, p.store_key, p.at, d.alert_id FROM alerting.dispatch_photos p
       JOIN alerting.dispatches d ON d.id = p.dispatch_id WHERE p.id = $1`,
      [id],
    );
    const r = rows[0];
    return r
      ? { id: r.id, dispatchId: r.dispatch_id, storeKey: r.store_key, at: r.at, alertId: r.alert_id }
      : undefined;
  }

  async photoCount(dispatchId: string): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM alerting.dispatch_photos WHERE dispatch_id = $1',
      [dispatchId],
    );
    return rows[0]?.n ?? 0;
  }
}
