import type { RiskGrade, Severity } from '@campus/device-protocols';

/** Least severe first, so "one step up" is the next entry. */
const ASCENDING: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

/** One step more severe, capped at `critical`. */
export function raiseSeverity(severity: Severity): Severity {
  const i = ASCENDING.indexOf(severity);
  return ASCENDING[Math.min(i + 1, ASCENDING.length - 1)] ?? 'critical';
}

/**
 * 风险分级管控 (docs/alerting.md): a device at a `red` risk point raises its alerts one step
 * (low → medium → high → critical, capped); orange, yellow, blue and no grade leave them.
 */
export function severityForRisk(severity: Severity, risk: RiskGrade | undefined): Severity {
  return risk === 'red' ? raiseSeverity(severity) : severity;
}
