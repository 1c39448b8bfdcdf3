import type { Sites } from '@campus/device-protocols';
import type { Logger } from 'pino';
import type { Alert } from '../domain/alert';
import type { TextLanguage } from '../notifications/alert-labels';
import type { NotificationQueue } from '../notifications/notification-dispatcher';
import { alertTextInput, alertTexts } from '../notifications/notification-text';
import { nextStep, scheduleAfter, type PlannedStep } from './escalation-plan';
import { contactsOnDuty } from './duty-roster';
import { contactsFor, orgCodeAt } from './escalation-policy';
import type { AlertGate, DueEscalation, EscalationStore } from './ports';

export type EscalationSites = Pick<Sites, 'contacts' | 'schoolByCode' | 'deviceById' | 'province'>;

export interface StepRunnerDeps {
  store: EscalationStore;
  gate: AlertGate;
  queue: NotificationQueue;
  sites: EscalationSites;
  logger: Logger;
  owner: string;
  language?: TextLanguage;
  /** Counts each step fired and how late (`campus_escalation_steps_total`, `…_lateness_seconds`). */
  metrics?: { stepFired(level: string, kind: string, latenessMs: number): void };
}

/**
 * Fires one claimed escalation row: skips it if the alert is no longer open, puts `escalated`
 * (levels above the school) or `reminded` on the timeline, queues a send to every contact of
 * the step's level(s) on every channel (fire-and-forget), then advances the row.
 */
export async function runDueStep(deps: StepRunnerDeps, row: DueEscalation, now: Date): Promise<void> {
  const { store, gate, logger, owner } = deps;
  const planned = nextStep(row, row.nextStepIndex, row.openedAt);
  const alert = planned === null ? null : await gate.find(row.alertId);
  if (planned === null || alert === null || alert.status !== 'open') {
    await store.advance(row.alertId, owner, row.nextStepIndex, null);
    logger.debug({ alertId: row.alertId, status: alert?.status }, 'escalation finished');
    return;
  }
  const at = now.toISOString();
  if (planned.kind === 'step' && planned.level !== 'school') {
    await gate.raiseLevel(row.alertId, planned.level);
    await gate.appendTimeline(row.alertId, { at, kind: 'escalated', level: planned.level });
  } else if (planned.kind === 'reminder') {
    await gate.appendTimeline(row.alertId, {
      at,
      kind: 'reminded',
      level: planned.level,
      attempt: planned.reminder,
    });
  }
  const queued = await page(deps, row, alert, planned, at);
  deps.metrics?.stepFired(planned.level, planned.kind, now.getTime() - row.nextStepAt.getTime());
  const next = scheduleAfter(row, row.nextStepIndex, row.openedAt, now);
  const kept = await store.advance(row.alertId, owner, next.nextStepIndex, next.nextStepAt);
  if (!kept) logger.warn({ alertId: row.alertId, owner }, 'escalation lease lost before advancing');
  logger.info(
    {
      alertId: row.alertId,
      step: planned.index,
      kind: planned.kind,
      level: planned.level,
      queued,
      next: next.nextStepAt,
    },
    'escalation step sent',
  );
}

async function page(
  deps: StepRunnerDeps,
  row: DueEscalation,
  alert: Alert,
  planned: PlannedStep,
  at: string,
): Promise<number> {
  const seen = new Set<string>();
  for (const target of planned.targets) {
    // read now, not when the alert opened: a changed phone is the one paged (docs/registry.md)
    const roster = contactsOnDuty(
      contactsFor(deps.sites, row.org, target.level),
      deps.sites.province.timezone,
      Date.parse(at),
    );
    const contacts = roster.contacts;
    if (roster.nobodyOnDuty) {
      deps.logger.info(
        { alertId: row.alertId, level: target.level },
        'nobody of this level is on duty now: every contact of the level is paged',
      );
    }
    if (contacts.length === 0) {
      const code = orgCodeAt(row.org, target.level);
      await deps.gate.appendTimeline(row.alertId, {
        at,
        kind: 'notification_failed',
        level: target.level,
        result: `no contacts for ${target.level} ${code} in the sites file`,
      });
      continue;
    }
    const input = alertTextInput(deps.sites, alert, {
      level: target.level,
      reminder: planned.reminder,
      ...(deps.language === undefined ? {} : { language: deps.language }),
    });
    const texts = alertTexts(input);
    for (const contact of contacts) {
      for (const channel of target.channels) {
        const key = `${channel}\u0000${contact.phone}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const body = channel === 'sms' ? texts.sms : texts.voice;
        deps.queue.enqueue({
          alertId: row.alertId,
          level: target.level,
          channel,
          to: contact.phone,
          name: contact.name,
          body,
        });
      }
    }
  }
  return seen.size;
}
