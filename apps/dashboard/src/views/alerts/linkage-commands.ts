import type { ActionParams } from '../../api/alerts';

/** The siren mode a guard's "sound" uses for an alert: fire for fire alarms, emergency otherwise (as the default pack). */
export function sirenModeFor(alertType: string): NonNullable<ActionParams['mode']> {
  return ['fire', 'smoke', 'heat', 'gas'].includes(alertType) ? 'fire' : 'emergency';
}
