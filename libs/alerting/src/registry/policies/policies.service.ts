import {
  BadRequestException,
  Inject,
  Injectable,
  NotFoundException,
  Optional,
  ServiceUnavailableException,
} from '@nestjs/common';
import type {
  EscalationPolicyView,
  EscalationStepBody,
  EntryHistoryItem,
  RulePreview,
} from '@campus/api-contract';
import type { Severity } from '@campus/device-protocols';
import { AUDIT_SINK, type AuditSink } from '../../audit/audit-sink';
import type { AuditAction } from '../../domain/audit';
import type { AuthUser } from '../../auth/auth-user';
import { REGISTRY_STORE } from '../../di/tokens';
import { actorOf } from '../devices/registry-devices.service';
import {
  RegistryValidationError,
  type RegistryEntity,
  type RegistryStore,
  type SitesDocument,
} from '../registry-store';
import type { DocEntry } from '../transforms/sites-document';
import {
  devicesInScope,
  loadRules,
  REPLAYABLE_KINDS,
  replayRule,
  type ReplayEvent,
  type ReplayReading,
} from '../../rules';
import { TELEMETRY_READER, type TelemetryReader } from '../../telemetry/telemetry-reader';
import {
  addRule,
  findRule,
  listRules,
  policyOf,
  removeRule,
  replaceRule,
  setPolicy,
} from '../transforms/policies';

/**
 * Escalation policies and rules (province-wide, docs/registry.md): read by the officers, changed by
 * the province, versioned — each change is a registry version whose history says who, when and
 * the before/after. An alert keeps the steps it opened with (the escalation plan is fixed at opening).
 */
@Injectable()
export class PoliciesService {
  constructor(
    @Inject(REGISTRY_STORE) private readonly registry: RegistryStore,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
    @Optional() @Inject(TELEMETRY_READER) private readonly telemetry: TelemetryReader | undefined,
  ) {}

  private async document(): Promise<SitesDocument> {
    const { document } = await this.registry.read();
    if (document === undefined)
      throw new NotFoundException('the registry is empty: seed it from a sites file first');
    return document;
  }

  private async mutate(
    user: AuthUser,
    reason: string,
    change: (doc: SitesDocument) => SitesDocument,
    options: { dryRun?: boolean } = {},
  ) {
    try {
      return await this.registry.mutate(actorOf(user), reason, change, options);
    } catch (e) {
      if (e instanceof RegistryValidationError) throw new BadRequestException(`refused: ${e.message}`);
      throw e;
    }
  }

  private async record(user: AuthUser, action: AuditAction, target: string, version: number) {
    await this.audit.record({ action, actor: user.username, target, detail: { version } });
  }

  private async historyOf(entity: RegistryEntity, key: string): Promise<EntryHistoryItem[]> {
    const entries = await this.registry.history({ entity, key, limit: 100 });
    return entries.flatMap((e) =>
      e.changes
        .filter((c) => c.entity === entity && c.key === key)
        .map((c) => ({
          version: e.version,
          at: e.at,
          actor: e.actor,
          reason: e.reason,
          op: c.op,
          before: c.before ?? null,
          after: c.after ?? null,
        })),
    );
  }

  async policy(severity: Severity): Promise<EscalationPolicyView> {
    return { severity, steps: policyOf(await this.document(), severity) };
  }

  async setPolicy(
    user: AuthUser,
    severity: Severity,
    steps: EscalationStepBody[] | null,
    note?: string,
  ): Promise<EscalationPolicyView> {
    const commit = await this.mutate(user, withNote(`set the ${severity} escalation policy`, note), (d) =>
      setPolicy(d, severity, steps),
    );
    await this.record(user, 'registry.escalation_update', `escalation:${severity}`, commit.version);
    return this.policy(severity);
  }

  policyHistory(severity: Severity): Promise<EntryHistoryItem[]> {
    return this.historyOf('escalation', severity);
  }

  async rules(): Promise<DocEntry[]> {
    return listRules(await this.document());
  }

  async rule(id: string): Promise<DocEntry> {
    const rule = findRule(await this.document(), id);
    if (rule === undefined)
      throw new NotFoundException(
        `no rule "${id}" in the registry (built-in rules without an override are in docs/alerting.md)`,
      );
    return rule;
  }

  async addRule(user: AuthUser, rule: DocEntry, note?: string): Promise<DocEntry> {
    const id = String(rule['id']);
    const commit = await this.mutate(user, withNote(`add rule ${id}`, note), (d) => addRule(d, rule));
    await this.record(user, 'registry.rule_add', `rule:${id}`, commit.version);
    return this.rule(id);
  }

  async replaceRule(user: AuthUser, id: string, rule: DocEntry, note?: string): Promise<DocEntry> {
    await this.rule(id);
    const commit = await this.mutate(user, withNote(`change rule ${id}`, note), (d) =>
      replaceRule(d, id, rule),
    );
    await this.record(user, 'registry.rule_update', `rule:${id}`, commit.version);
    return this.rule(id);
  }

  async removeRule(user: AuthUser, id: string, note?: string): Promise<void> {
    await this.rule(id);
    const commit = await this.mutate(user, withNote(`remove rule ${id}`, note), (d) => removeRule(d, id));
    await this.record(user, 'registry.rule_remove', `rule:${id}`, commit.version);
  }

  ruleHistory(id: string): Promise<EntryHistoryItem[]> {
    return this.historyOf('rule', id);
  }

  /**
   * What a rule entry would have opened over the last 7 days (docs/alerting.md, "Previewing a
   * rule"): the entry is checked exactly as a PUT (or POST) checks it — a dry run of the same
   * registry change — and the rule it makes is replayed through the rule engine over the stored
   * readings and events of the devices it matches. Nothing is written.
   */
  async preview(user: AuthUser, entry: DocEntry, now = Date.now()): Promise<RulePreview> {
    const id = String(entry['id']);
    if (this.telemetry === undefined)
      throw new ServiceUnavailableException(
        'the rules preview replays stored readings and events: run the alert service in the platform or give it a time-series store',
      );
    const exists = findRule(await this.document(), id) !== undefined;
    const commit = await this.mutate(
      user,
      `preview rule ${id}`,
      (d) => (exists ? replaceRule(d, id, entry) : addRule(d, entry)),
      { dryRun: true },
    );
    const found = loadRules(commit.sites).find((r) => r.id === id);
    if (found === undefined) throw new NotFoundException(`no rule "${id}" after the change`);
    if (!REPLAYABLE_KINDS.includes(found.kind))
      throw new BadRequestException(
        `kind: a ${found.kind} rule cannot be previewed — the preview replays ${REPLAYABLE_KINDS.join(', ')} rules over stored readings and events`,
      );
    // a rule switched off is previewed as if on: the question is what it would do
    const rule = { ...found, enabled: true };
    const to = now;
    const from = to - PREVIEW_DAYS * DAY_MS;
    const devices = devicesInScope(rule, commit.sites).slice(0, PREVIEW_MAX_DEVICES);
    const metric = rule.match.metric;
    const readings: ReplayReading[] = [];
    const events: ReplayEvent[] = [];
    for (const device of devices) {
      if (metric !== undefined) {
        const points = await this.telemetry.queryTelemetry({ device, metric, from, to });
        for (const p of points) readings.push({ ts: p.ts, device, metric, value: p.value });
      } else if (this.telemetry.queryEvents) {
        events.push(...(await this.telemetry.queryEvents({ device, from, to })));
      }
    }
    const result = replayRule(rule, commit.sites, { readings, events, from, to });
    const inScope = devicesInScope(rule, commit.sites).length;
    const what = metric !== undefined ? `"${metric}" readings` : 'events';
    const basis =
      `the ${what} stored for the ${devices.length} device(s) the rule matches over the last ${PREVIEW_DAYS} days, ` +
      `every stored point at its own time, replayed through the rule engine (ticked each minute); an alert that ` +
      `does not clear itself counts once` +
      (inScope > devices.length
        ? `; only the first ${PREVIEW_MAX_DEVICES} of ${inScope} devices were read`
        : '') +
      (metric === undefined && this.telemetry.queryEvents === undefined
        ? '; this store keeps no events'
        : '');
    return {
      rule: id,
      ...result,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      basis,
      replayed: {
        source: metric !== undefined ? 'readings' : 'events',
        metric: metric ?? null,
        devices: devices.length,
        devicesInScope: inScope,
        eventsStored: this.telemetry.queryEvents !== undefined,
      },
    };
  }
}

const PREVIEW_DAYS = 7;
const DAY_MS = 24 * 3600 * 1000;
/** Each device is one query; a rule over a whole province is previewed on its first devices. */
const PREVIEW_MAX_DEVICES = 2000;

const withNote = (reason: string, note: string | undefined): string =>
  note === undefined || note.trim() === '' ? reason : `${reason}: ${note.trim()}`;
