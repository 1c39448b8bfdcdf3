import type {
  EscalationStep,
  NotificationChannel,
  OrgLevel,
  Severity,
  Sites,
} from '@campus/device-protocols';
import { drillSteps, nextAfterLastStep, stepsFor } from './escalation-policy';

/**
 * Pure step arithmetic of one alert's escalation. Step indexes `0 … steps.length-1` are the
 * policy's steps; every index after that is a reminder (`steps.length` is reminder 1, …).
 * Indexes always refer to `effectiveSteps(snapshot)`, so a stored drill row whose steps were not
 * filtered still pages the school only.
 */
export interface EscalationSnapshot {
  steps: readonly EscalationStep[];
  severity: Severity;
  drill: boolean;
}

/** Who one planned step pages. */
export interface NotifyTarget {
  level: OrgLevel;
  channels: NotificationChannel[];
}

export interface PlannedStep {
  index: number;
  kind: 'step' | 'reminder';
  /** The step's level; for a reminder, the highest level reached (the last step's). */
  level: OrgLevel;
  /** 0 for policy steps, 1, 2, … for reminders. */
  reminder: number;
  targets: NotifyTarget[];
  dueAt: Date;
}

export interface StepSchedule {
  nextStepIndex: number;
  /** null: nothing more to send (no reminders for this severity). */
  nextStepAt: Date | null;
}

export function effectiveSteps(snapshot: EscalationSnapshot): readonly EscalationStep[] {
  return snapshot.drill ? drillSteps(snapshot.steps) : snapshot.steps;
}

/** The step at `index` and when it is due, or null if there is none (past the end, no reminders). */
export function nextStep(snapshot: EscalationSnapshot, index: number, openedAt: Date): PlannedStep | null {
  const steps = effectiveSteps(snapshot);
  const step = steps[index];
  if (step !== undefined) {
    return {
      index,
      kind: 'step',
      level: step.level,
      reminder: 0,
      targets: [{ level: step.level, channels: [...step.channels] }],
      dueAt: at(openedAt, step.afterSeconds),
    };
  }
  const last = steps[steps.length - 1];
  const interval = nextAfterLastStep(snapshot.severity);
  if (last === undefined || interval === null || index < steps.length) return null;
  const reminder = index - steps.length + 1;
  return {
    index,
    kind: 'reminder',
    level: last.level,
    reminder,
    targets: reminderTargets(steps),
    dueAt: at(openedAt, last.afterSeconds + reminder * interval),
  };
}

/** Where a newly opened alert's escalation starts. */
export function firstSchedule(snapshot: EscalationSnapshot, openedAt: Date): StepSchedule {
  return { nextStepIndex: 0, nextStepAt: nextStep(snapshot, 0, openedAt)?.dueAt ?? null };
}

/**
 * What follows once step `sentIndex` was sent at `now`. Policy steps are never skipped (a late
 * scheduler still pages every level), but reminders that were missed while nobody ran are: the
 * next reminder is the first one due after `now`, so a restart sends no burst.
 */
export function scheduleAfter(
  snapshot: EscalationSnapshot,
  sentIndex: number,
  openedAt: Date,
  now: Date,
): StepSchedule {
  let index = sentIndex + 1;
  const planned = nextStep(snapshot, index, openedAt);
  if (planned === null) return { nextStepIndex: index, nextStepAt: null };
  if (planned.kind === 'step' || planned.dueAt > now) {
    return { nextStepIndex: index, nextStepAt: planned.dueAt };
  }
  const interval = (nextAfterLastStep(snapshot.severity) as number) * 1000;
  const behind = Math.floor((now.getTime() - planned.dueAt.getTime()) / interval) + 1;
  index += behind;
  return { nextStepIndex: index, nextStepAt: new Date(planned.dueAt.getTime() + behind * interval) };
}

/**
 * A reminder re-pages the school, which must act (on every channel its steps use), and the
 * highest level reached (the last step's level and channels) — not every level in between.
 */
function reminderTargets(steps: readonly EscalationStep[]): NotifyTarget[] {
  const last = steps[steps.length - 1] as EscalationStep;
  const schoolChannels = new Set<NotificationChannel>();
  for (const s of steps) if (s.level === 'school') s.channels.forEach((c) => schoolChannels.add(c));
  const targets: NotifyTarget[] = [];
  if (schoolChannels.size > 0 && last.level !== 'school') {
    targets.push({ level: 'school', channels: [...schoolChannels] });
  }
  const lastChannels = last.level === 'school' ? schoolChannels : new Set(last.channels);
  targets.push({ level: last.level, channels: [...lastChannels] });
  return targets;
}

function at(openedAt: Date, seconds: number): Date {
  return new Date(openedAt.getTime() + seconds * 1000);
}

/**
 * The escalation row for a newly opened alert: its steps (sites file or default, drill-filtered)
 * and when the first one is due. Store `steps` with the row; `nextStepAt` null means none.
 */
export function planEscalation(
  sites: Pick<Sites, 'escalation'>,
  alert: { severity: Severity; drill: boolean; openedAt: Date },
): { steps: EscalationStep[]; nextStepIndex: number; nextStepAt: Date | null } {
  const steps = stepsFor(sites, alert.severity, { drill: alert.drill });
  return { steps, ...firstSchedule({ steps, severity: alert.severity, drill: alert.drill }, alert.openedAt) };
}
