import type { SitesLocator } from './locator';
import { SEVERITIES, type EscalationPolicy } from './sites-model';
import type { RawSitesFile } from './sites-schema';

/** Escalation policies with delays in seconds; each severity's steps must be in firing order. */
export function checkEscalation(raw: RawSitesFile, locator: SitesLocator): EscalationPolicy {
  const policy: EscalationPolicy = {};
  for (const severity of SEVERITIES) {
    const steps = raw.escalation?.[severity];
    if (steps === undefined) continue;
    steps.forEach((step, i) => {
      const prev = steps[i - 1];
      if (prev !== undefined && step.after < prev.after) {
        locator.fail(
          ['escalation', severity, i, 'after'],
          `${step.after}s comes before the previous step's ${prev.after}s — list steps in the order they fire`,
        );
      }
    });
    policy[severity] = steps.map((s) => ({
      level: s.level,
      afterSeconds: s.after,
      channels: [...s.channels],
    }));
  }
  return policy;
}
