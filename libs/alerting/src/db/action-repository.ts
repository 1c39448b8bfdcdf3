import type { DeviceCommandName, DeviceKind } from '@campus/api-contract';
import { ACTION_RESULTS, type ActionParams, type ActionResult, type AlertAction } from '../domain/action';
import type { Database } from './database';
import { toIso, toJson, type Instant } from './sql-values';

/** `alerting.alert_actions` as read (timestamps already ISO strings, see type-parsers.ts). */
interface ActionRow {
  id: string;
  alert_id: string;
  device: string;
  device_kind: DeviceKind | null;
  command: DeviceCommandName;
  params: ActionParams;
  result: ActionResult;
  rule: string | null;
  requested_by: string;
  confirmed_by: string | null;
  error: string | null;
  created_at: string;
  answered_at: string | null;
}

const COLUMNS =
  'id, alert_id, device, device_kind, command, params, result, rule, requested_by, confirmed_by, error, created_at, answered_at';

function toAction(r: ActionRow): AlertAction {
  return {
    id: r.id,
    alertId: r.alert_id,
    device: r.device,
    deviceKind: r.device_kind,
    command: r.command,
    params: r.params,
    result: r.result,
    rule: r.rule,
    requestedBy: r.requested_by,
    confirmedBy: r.confirmed_by,
    error: r.error,
    createdAt: r.created_at,
    answeredAt: r.answered_at,
  };
}

export interface NewAction {
  /** The command's id too: a native device's answer names it. */
  id: string;
  alertId: string;
  device: string;
  deviceKind: DeviceKind | null;
  command: DeviceCommandName;
  params: ActionParams;
  /** `sent` when it goes out at once, `awaiting_confirmation` for the safety list, `failed` when it cannot be sent. */
  result: ActionResult;
  rule: string | null;
  requestedBy: string;
  error?: string;
  at?: Instant;
}

export interface ActionSettlement {
  error?: string | null;
  confirmedBy?: string;
  at?: Instant;
}

/**
 * `alerting.alert_actions` and their `action` timeline items (docs/alerting.md, "Linkage"). The row
 * and its timeline item are one statement; each change of result is conditional on the result it
 * moves from, so a confirmation or an answer lands once.
 */
export class ActionRepository {
  constructor(private readonly db: Database) {}

  /** Stores the action and its timeline item; undefined when the alert does not exist. */
  async create(action: NewAction): Promise<AlertAction | undefined> {
    const id = action.id;
    const at = toIso(action.at ?? Date.now());
    const item = {
      action: id,
      device: action.device,
      deviceKind: action.deviceKind,
      command: action.command,
      params: action.params,
      ...(action.rule === null ? { by: action.requestedBy } : { rule: action.rule }),
    };
    const { rows } = await this.db.query<ActionRow>(
      `WITH ins AS (
         INSERT INTO alerting.alert_actions (id, alert_id, device, device_kind, command, params, result, rule,
           requested_by, error, created_at, answered_at)
         SELECT $1, a.id, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11::timestamptz,
           CASE WHEN $7 = 'failed' THEN $11::timestamptz END
         FROM alerting.alerts a WHERE a.id = $2
         RETURNING ${COLUMNS}
       ), tl AS (
         INSERT INTO alerting.alert_timeline (alert_id, at, kind, data)
         SELECT alert_id, created_at, 'action', $12::jsonb FROM ins
       )
       SELECT * FROM ins`,
      [
        id,
        action.alertId,
        action.device,
        action.deviceKind,
        action.command,
        toJson(action.params),
        action.result,
        action.rule,
        action.requestedBy,
        action.error ?? null,
        at,
        toJson(item),
      ],
    );
    return rows[0] ? toAction(rows[0]) : undefined;
  }

  /**
   * Moves the action from one of `from` to `to`; undefined when it is in none of them (already
   * answered, confirmed by someone else) or does not exist.
   */
  async settle(
    id: string,
    from: readonly ActionResult[],
    to: ActionResult,
    settlement: ActionSettlement = {},
  ): Promise<AlertAction | undefined> {
    const answered = to === 'acknowledged' || to === 'failed' || to === 'timeout';
    for (const r of [...from, to]) {
      if (!ACTION_RESULTS.includes(r))
        throw new Error(`unknown action result ${JSON.stringify(r)}: use ${ACTION_RESULTS.join(', ')}`);
    }
    const allowed = from.map((r) => `'${r}'`).join(', ');
    const { rows } = await this.db.query<ActionRow>(
      `UPDATE alerting.alert_actions
       SET result = $2, error = COALESCE($3, error), confirmed_by = COALESCE($4, confirmed_by),
           answered_at = CASE WHEN $5::boolean THEN $6::timestamptz ELSE answered_at END
       WHERE id = $1 AND result IN (${allowed})
       RETURNING ${COLUMNS}`,
      [
        id,
        to,
        settlement.error ?? null,
        settlement.confirmedBy ?? null,
        answered,
        toIso(settlement.at ?? Date.now()),
      ],
    );
    return rows[0] ? toAction(rows[0]) : undefined;
  }

  async get(id: string): Promise<AlertAction | undefined> {
    const { rows } = await this.db.query<ActionRow>(
      `SELECT ${COLUMNS} FROM alerting.alert_actions WHERE id = $1`,
      [id],
    );
    return rows[0] ? toAction(rows[0]) : undefined;
  }

  /** The alert's actions, oldest first. */
  async listForAlert(alertId: string): Promise<AlertAction[]> {
    const { rows } = await this.db.query<ActionRow>(
      `SELECT ${COLUMNS} FROM alerting.alert_actions WHERE alert_id = $1 ORDER BY created_at, id`,
      [alertId],
    );
    return rows.map(toAction);
  }
}
