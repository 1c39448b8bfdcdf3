import type { Alert } from '../api/alerts';
import type { Urge } from '../api/supervision';

/**
 * Whether an urge's banner stays up given this version of an alert (the server's
 * `GET /api/urges?active=true` applies the same rule): another alert's change leaves it; the
 * urged alert resolved, or acknowledged at or after the urge, takes it down. An urge about an
 * alert acknowledged before it (the official wants it resolved) stays until "已知悉".
 */
export function urgeStillShown(
  urge: Pick<Urge, 'target' | 'targetId' | 'at'>,
  alert: Pick<Alert, 'id' | 'status' | 'acknowledgedAt'>,
): boolean {
  if (urge.target !== 'alert' || urge.targetId !== alert.id) return true;
  if (alert.status === 'resolved') return false;
  return alert.acknowledgedAt === null || Date.parse(alert.acknowledgedAt) < Date.parse(urge.at);
}
