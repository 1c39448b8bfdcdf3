import type { DeviceCommandName } from '@campus/device-protocols';

/** A command that waits for a person's confirmation, except on the alert types named. */
export interface SafetyEntry {
  command: DeviceCommandName;
  /** Alert types on which it runs without asking (a fire's doors must open for people to get out). */
  runsAloneOn: readonly string[];
  why: string;
}

/**
 * The safety list (docs/alerting.md, "Linkage"): what a rule never does on its own. It is proposed
 * on the alert (`awaiting_confirmation`) and runs when a permitted user confirms. A rule's
 * `confirm: false` does not override it.
 */
export const SAFETY_LIST: readonly SafetyEntry[] = [
  {
    command: 'unlock',
    runsAloneOn: ['fire', 'smoke', 'heat', 'gas'],
    why: 'an unlocked door lets anyone through: on an intrusion or a fight a person decides; fire doors release on their own for evacuation',
  },
];

/** Whether a rule's `command` on an alert of `alertType` waits for a person (`confirm` is the rule's own wish). */
export function needsConfirmation(alertType: string, command: DeviceCommandName, confirm = false): boolean {
  if (confirm) return true;
  return SAFETY_LIST.some((e) => e.command === command && !e.runsAloneOn.includes(alertType));
}
