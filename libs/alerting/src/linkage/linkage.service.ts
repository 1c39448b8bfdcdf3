import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  NotFoundException,
  Optional,
} from '@nestjs/common';
import {
  buildCommand,
  commandKindProblem,
  gatewayServing,
  perSnapshot,
  type CommandRequest,
  type DeviceCommand,
  type Sites,
} from '@campus/device-protocols';
import type { Logger } from 'pino';
import { AUDIT_SINK, type AuditSink } from '../audit/audit-sink';
import type { AuthUser } from '../auth/auth-user';
import { ScopePolicyService } from '../auth/scope-policy.service';
import { ActionRepository } from '../db/action-repository';
import { AlertRepository } from '../db/alert-repository';
import { COMMAND_TRANSPORT, GATEWAY_COMMANDS, LINKAGE_OPTIONS, LOGGER, SITES } from '../di/tokens';
import type { AlertAction, LinkageAnswer } from '../domain/action';
import type { Alert } from '../domain/alert';
import { ALERT_BROADCASTER, type AlertBroadcaster } from '../realtime/alert-broadcaster';
import { loadRules } from '../rules/rule-config';
import { linkageDevices, planActions, type PlannedAction } from './action-plan';
import type { CentralCommands } from './central-commands';
import {
  DEFAULT_ACTION_TIMEOUT_MS,
  sendCommand,
  type CommandTransport,
  type SendOutcome,
} from './command-sender';
import type { RunActionBody } from './linkage.schemas';
import type { RuleAction } from './rule-actions';

export interface LinkageOptions {
  /** Wait for a device's answer; default 10 s. */
  timeoutMs?: number;
}

const NOT_FOUND = 'alert not found';
/** The actor of what a rule does. */
const SYSTEM = 'system';

/** Why nothing can be sent in a deployment without a command path (docs/protocol.md, "Commands to devices"). */
export const NO_COMMAND_PATH =
  'no command path to the device: this alert service is not in the process of the gateway whose broker the device is on (docs/protocol.md, "Commands to devices")';

/**
 * Linkage (物物联动, docs/alerting.md "Linkage"): a rule's actions run once when its alert opens,
 * after the alert is stored, broadcast and its escalation started, never awaited by them; a person
 * runs one from the alert detail, or confirms one the safety list held back. Each action is a row
 * and an `action` timeline item whose result follows the device's answer; every one is audited.
 */
@Injectable()
export class LinkageService {
  /** Each rule's actions, rebuilt once per registry snapshot (an alert runs its rule's current ones). */
  private readonly actionsOf = perSnapshot(
    (sites) =>
      new Map(
        loadRules(sites)
          .filter((r) => r.actions !== undefined && r.actions.length > 0)
          .map((r) => [r.id, r.actions!] as const),
      ) as ReadonlyMap<string, readonly RuleAction[]>,
  );
  private readonly timeoutMs: number;
  /** Sends still waiting for an answer, so that stopping can let them finish. */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    @Inject(ActionRepository) private readonly actions: ActionRepository,
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(ScopePolicyService) private readonly scope: ScopePolicyService,
    @Inject(SITES) private readonly sites: Sites,
    @Inject(ALERT_BROADCASTER) private readonly broadcaster: AlertBroadcaster,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() @Inject(COMMAND_TRANSPORT) private readonly transport: CommandTransport | undefined,
    @Optional() @Inject(LINKAGE_OPTIONS) options: LinkageOptions | undefined,
    @Optional() @Inject(GATEWAY_COMMANDS) private readonly gateways: CentralCommands | undefined,
  ) {
    this.timeoutMs = options?.timeoutMs ?? DEFAULT_ACTION_TIMEOUT_MS;
  }

  /**
   * The opened alert's rule actions, in the background: the caller (the intake) never waits, and
   * a failure only leaves a timeline item and a log line.
   */
  onOpened(alert: Alert): void {
    const actions = this.actionsOf(this.sites).get(alert.rule);
    if (actions === undefined) return;
    this.track(
      this.runPlan(alert, planActions(alert, actions, this.sites)).catch((err: unknown) =>
        this.logger.error({ err, alert: alert.id }, 'linkage actions failed'),
      ),
    );
  }

  /** The alert's actions and the devices that can act for it (404 outside the user's scope). */
  async list(user: AuthUser, alertId: string): Promise<LinkageAnswer> {
    const alert = await this.visibleAlert(user, alertId);
    return { items: await this.actions.listForAlert(alert.id), devices: linkageDevices(alert, this.sites) };
  }

  /** A person's command, sent at once (the dashboard asked them to confirm); answers with the action as sent. */
  async run(user: AuthUser, alertId: string, body: RunActionBody, ip: string | null): Promise<AlertAction> {
    const alert = await this.visibleAlert(user, alertId);
    const device = this.sites.deviceById.get(body.device);
    if (device === undefined || device.org.school !== alert.school) {
      throw new BadRequestException(`device "${body.device}" is not a device of this alert's school`);
    }
    const problem = commandKindProblem(device.kind, body.command);
    if (problem !== undefined) throw new BadRequestException(`${device.id}: ${problem}`);
    const action = await this.start(
      alert,
      {
        device: device.id,
        deviceKind: device.kind,
        command: body.command,
        params: body.params,
        confirm: false,
      },
      { rule: null, requestedBy: user.username },
    );
    await this.audited('alert.action', user.username, alert, action, ip);
    return action;
  }

  /** Runs an action the safety list held back; 409 once it is no longer awaiting confirmation. */
  async confirm(user: AuthUser, alertId: string, actionId: string, ip: string | null): Promise<AlertAction> {
    const alert = await this.visibleAlert(user, alertId);
    const held = await this.actions.get(actionId);
    if (held === undefined || held.alertId !== alert.id) throw new NotFoundException('action not found');
    const sent = await this.actions.settle(actionId, ['awaiting_confirmation'], 'sent', {
      confirmedBy: user.username,
    });
    if (sent === undefined) {
      const now = await this.actions.get(actionId);
      throw new ConflictException(`the action is ${now?.result ?? 'gone'}, not awaiting confirmation`);
    }
    await this.audited('alert.action_confirm', user.username, alert, sent, ip);
    await this.rebroadcast(alert.id);
    this.track(this.deliver(alert, sent));
    return sent;
  }

  /** Waits for the sends in flight (shutdown, tests). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private async runPlan(alert: Alert, plan: readonly PlannedAction[]): Promise<void> {
    await Promise.all(
      plan.map(async (planned) => {
        const action = await this.start(alert, planned, { rule: alert.rule, requestedBy: SYSTEM });
        await this.audited('alert.action', SYSTEM, alert, action, null);
      }),
    );
  }

  /**
   * Stores the action (proposed, sent, or failed when it cannot be sent) with its timeline item,
   * and sends it in the background.
   */
  private async start(
    alert: Alert,
    planned: PlannedAction,
    by: { rule: string | null; requestedBy: string },
  ): Promise<AlertAction> {
    const id = randomUUID();
    const unsendable = planned.confirm ? undefined : this.unsendable(planned);
    const action = await this.actions.create({
      id,
      alertId: alert.id,
      device: planned.device,
      deviceKind: planned.deviceKind,
      command: planned.command,
      params: planned.params,
      result: planned.confirm ? 'awaiting_confirmation' : unsendable === undefined ? 'sent' : 'failed',
      ...by,
      ...(unsendable === undefined ? {} : { error: unsendable }),
    });
    if (action === undefined) throw new NotFoundException(NOT_FOUND);
    await this.rebroadcast(alert.id);
    if (action.result === 'sent') this.track(this.deliver(alert, action));
    return action;
  }

  private unsendable(planned: PlannedAction): string | undefined {
    const path = this.pathProblem(planned.device);
    if (path !== undefined) return path;
    const built = buildCommand(this.sites, planned.device, {
      id: 'check',
      command: planned.command,
      params: planned.params,
      at: Date.now(),
    });
    return built.ok ? undefined : built.error;
  }

  /** Sends a stored `sent` action and records the device's answer, a failure or the timeout. */
  private async deliver(alert: Alert, action: AlertAction): Promise<void> {
    try {
      const command: DeviceCommand = {
        id: action.id,
        command: action.command,
        params: action.params,
        at: Date.now(),
      };
      const built = buildCommand(this.sites, action.device, command);
      const outcome: SendOutcome = !built.ok
        ? { result: 'failed', error: built.error }
        : await this.send(action.device, built.request, command);
      const error =
        outcome.result === 'failed'
          ? outcome.error
          : outcome.result === 'timeout'
            ? `no answer within ${this.timeoutMs / 1000} s`
            : null;
      await this.actions.settle(action.id, ['sent'], outcome.result, { error });
      this.logger.info(
        {
          alert: alert.id,
          action: action.id,
          device: action.device,
          command: action.command,
          result: outcome.result,
        },
        'device command answered',
      );
      await this.rebroadcast(alert.id);
    } catch (err) {
      this.logger.error({ err, alert: alert.id, action: action.id }, 'device command could not be recorded');
    }
  }

  /**
   * Why no command can reach `deviceId`, or undefined when one can: the broker in this process (the
   * all-in-one), else the edge gateway the registry's `gateways:` names for its school.
   */
  private pathProblem(deviceId: string): string | undefined {
    if (this.transport !== undefined) return undefined;
    if (this.gateways === undefined) return NO_COMMAND_PATH;
    const school = this.sites.deviceById.get(deviceId)?.org.school;
    if (school === undefined) return undefined; // buildCommand says why
    if (gatewayServing(this.sites.gateways, school) === undefined)
      return `${NO_COMMAND_PATH}; no gateway in the registry's gateways: serves school ${school}`;
    return undefined;
  }

  /** One command on its path: the broker in process, or the central broker to the school's gateway. */
  private async send(
    deviceId: string,
    request: CommandRequest,
    command: DeviceCommand,
  ): Promise<SendOutcome> {
    const problem = this.pathProblem(deviceId);
    if (problem !== undefined) return { result: 'failed', error: problem };
    if (this.transport !== undefined) return sendCommand(this.transport, request, this.timeoutMs);
    const device = this.sites.deviceById.get(deviceId)!;
    const gateway = gatewayServing(this.sites.gateways, device.org.school)!;
    return this.gateways!.send(
      { gatewayId: gateway.id, school: device.org.school, device: device.id },
      command,
      this.timeoutMs,
    );
  }

  /**
   * Tells the dashboards to read the timeline again (they do on every `alert` event), with the
   * alert as it is now: the copy from opening may be behind (acknowledged meanwhile).
   */
  private async rebroadcast(alertId: string): Promise<void> {
    const current = await this.alerts.get(alertId);
    if (current !== undefined) this.broadcaster.broadcastAlert(current);
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async visibleAlert(user: AuthUser, id: string): Promise<Alert> {
    const alert = await this.alerts.get(id);
    this.scope.assertVisible(user, alert, NOT_FOUND);
    return alert;
  }

  private audited(
    action: 'alert.action' | 'alert.action_confirm',
    actor: string,
    alert: Alert,
    done: AlertAction,
    ip: string | null,
  ): Promise<void> {
    return this.audit.record({
      action,
      actor,
      target: `alert:${alert.id}`,
      ip,
      org: alert.school,
      detail: {
        action: done.id,
        device: done.device,
        command: done.command,
        params: done.params,
        result: done.result,
        ...(done.rule === null ? {} : { rule: done.rule }),
      },
    });
  }
}
