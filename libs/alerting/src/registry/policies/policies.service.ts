import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { EscalationPolicyView, EscalationStepBody, EntryHistoryItem } from '@campus/api-contract';
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
  ) {}

  private async document(): Promise<SitesDocument> {
    const { document } = await this.registry.read();
    if (document === undefined)
      throw new NotFoundException('the registry is empty: seed it from a sites file first');
    return document;
  }

  private async mutate(user: AuthUser, reason: string, change: (doc: SitesDocument) => SitesDocument) {
    try {
      return await this.registry.mutate(actorOf(user), reason, change);
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
  ): Promise<EscalationPolicyView> {
    const commit = await this.mutate(user, `set the ${severity} escalation policy`, (d) =>
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

  async addRule(user: AuthUser, rule: DocEntry): Promise<DocEntry> {
    const id = String(rule['id']);
    const commit = await this.mutate(user, `add rule ${id}`, (d) => addRule(d, rule));
    await this.record(user, 'registry.rule_add', `rule:${id}`, commit.version);
    return this.rule(id);
  }

  async replaceRule(user: AuthUser, id: string, rule: DocEntry): Promise<DocEntry> {
    await this.rule(id);
    const commit = await this.mutate(user, `change rule ${id}`, (d) => replaceRule(d, id, rule));
    await this.record(user, 'registry.rule_update', `rule:${id}`, commit.version);
    return this.rule(id);
  }

  async removeRule(user: AuthUser, id: string): Promise<void> {
    await this.rule(id);
    const commit = await this.mutate(user, `remove rule ${id}`, (d) => removeRule(d, id));
    await this.record(user, 'registry.rule_remove', `rule:${id}`, commit.version);
  }

  ruleHistory(id: string): Promise<EntryHistoryItem[]> {
    return this.historyOf('rule', id);
  }
}
