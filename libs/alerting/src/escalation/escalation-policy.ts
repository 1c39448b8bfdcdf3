import type { Contact, EscalationStep, OrgLevel, OrgPath, Severity, Sites } from '@campus/device-protocols';

/**
 * Built-in escalation policy, used for every severity the sites file's `escalation:` leaves out.
 * Delays count from the alert's opening (docs/sites-file.md).
 *
 * | severity | school        | county          | city       | province   | reminders after the last step |
 * |----------|---------------|-----------------|------------|------------|-------------------------------|
 * | critical | 0 s sms+voice | 120 s sms+voice | 300 s sms  | 600 s sms  | every 300 s                   |
 * | high     | 0 s sms       | 300 s sms       | 900 s sms  | 1800 s sms | every 300 s                   |
 * | medium   | 0 s sms       | 1800 s sms      | —          | —          | every 1800 s                  |
 * | low      | 0 s sms       | —               | —          | —          | never                         |
 *
 * Why: critical alerts (smoke, fire, SOS: life safety) must reach a person within minutes, so
 * the school is called as well as texted at once, and the county education bureau's duty desk
 * within 2 minutes — roughly the time a school guard needs to look and acknowledge. City and
 * province are informed (SMS) when the lower levels evidently are not handling it. High alerts
 * (gas, intrusion, fights, heat) are urgent but usually handled on site, so the chain is slower
 * and SMS only. Medium alerts go to the county only after half an hour. Low alerts (a device
 * offline) are housekeeping: the school alone, once, and a hazard record does the follow-up.
 */
export const DEFAULT_ESCALATION: Readonly<Record<Severity, readonly EscalationStep[]>> = {
  critical: [
    { level: 'school', afterSeconds: 0, channels: ['sms', 'voice'] },
    { level: 'county', afterSeconds: 120, channels: ['sms', 'voice'] },
    { level: 'city', afterSeconds: 300, channels: ['sms'] },
    { level: 'province', afterSeconds: 600, channels: ['sms'] },
  ],
  high: [
    { level: 'school', afterSeconds: 0, channels: ['sms'] },
    { level: 'county', afterSeconds: 300, channels: ['sms'] },
    { level: 'city', afterSeconds: 900, channels: ['sms'] },
    { level: 'province', afterSeconds: 1800, channels: ['sms'] },
  ],
  medium: [
    { level: 'school', afterSeconds: 0, channels: ['sms'] },
    { level: 'county', afterSeconds: 1800, channels: ['sms'] },
  ],
  low: [{ level: 'school', afterSeconds: 0, channels: ['sms'] }],
};

/**
 * Once the last step has fired, an unacknowledged alert is re-sent ("reminded") every this many
 * seconds until someone acknowledges it; `null` means no reminders. Applies to sites-file
 * policies too (the file has no reminder setting).
 */
export const REMINDER_INTERVAL_SECONDS: Readonly<Record<Severity, number | null>> = {
  critical: 300,
  high: 300,
  medium: 1800,
  low: null,
};

/** Seconds between reminders after the last step, or null for none. */
export function nextAfterLastStep(severity: Severity): number | null {
  return REMINDER_INTERVAL_SECONDS[severity];
}

/**
 * A drill (应急演练) pages only the school: its school-level steps. A policy with no school step
 * (a file may start at the county) still pages the school once, at the first step's time and on
 * its channels, so a drill is never silent.
 */
export function drillSteps(steps: readonly EscalationStep[]): EscalationStep[] {
  const school = steps.filter((s) => s.level === 'school');
  if (school.length > 0 || steps.length === 0) return school.map(copyStep);
  const first = steps[0] as EscalationStep;
  return [{ level: 'school', afterSeconds: first.afterSeconds, channels: [...first.channels] }];
}

/** The steps for an alert of `severity`: the sites file's policy, else the built-in default. */
export function stepsFor(
  sites: Pick<Sites, 'escalation'>,
  severity: Severity,
  options: { drill: boolean },
): EscalationStep[] {
  const steps = sites.escalation[severity] ?? DEFAULT_ESCALATION[severity];
  return options.drill ? drillSteps(steps) : steps.map(copyStep);
}

/** The org code at `level` on a school's chain. */
export function orgCodeAt(org: OrgPath, level: OrgLevel): string {
  return org[level];
}

/** The contacts of the org unit at `level` on the school's chain, in file order. */
export function contactsFor(sites: Pick<Sites, 'contacts'>, org: OrgPath, level: OrgLevel): Contact[] {
  const code = orgCodeAt(org, level);
  return sites.contacts.filter((c) => c.org === code);
}

function copyStep(step: EscalationStep): EscalationStep {
  return { level: step.level, afterSeconds: step.afterSeconds, channels: [...step.channels] };
}
