import type { Device, LocationUse, RiskGrade } from '@campus/device-protocols';
import { shuffled, type Rng } from '../util/random';

export interface Preference {
  use?: LocationUse;
  risk?: RiskGrade;
  /** Same place as this device scores higher (room above building). */
  near?: Device;
}

/** How well a device fits a scenario's wishes; higher is better. */
export function preferenceScore(device: Device, preference: Preference): number {
  let score = 0;
  if (preference.risk && device.risk === preference.risk) score += 4;
  if (preference.use && device.location?.use === preference.use) score += 2;
  const near = preference.near?.location;
  if (near && device.location) {
    if (near.building !== undefined && device.location.building === near.building) score += 2;
    if (
      near.room !== undefined &&
      device.location.room === near.room &&
      device.location.building === near.building
    )
      score += 3;
  }
  return score;
}

/** The best-scoring item; ties broken at random so repeated runs vary. */
export function choose<T>(items: readonly T[], score: (item: T) => number, rng: Rng): T | undefined {
  let best: T | undefined;
  let bestScore = -Infinity;
  for (const item of shuffled(rng, items)) {
    const value = score(item);
    if (value > bestScore) {
      best = item;
      bestScore = value;
    }
  }
  return best;
}

/** Frigate zone names a camera may see people in without it being an intrusion. */
const COMMON_ZONES = ['entrance', 'corridor', 'walkway', 'playground', 'courtyard', 'stairs'];

export function unrestrictedZone(restricted: readonly string[] | undefined, rng: Rng): string {
  const open = COMMON_ZONES.filter((zone) => !restricted?.includes(zone));
  return shuffled(rng, open)[0] ?? 'public_area';
}
