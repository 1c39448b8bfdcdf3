import { FirstSeen } from './first-seen';
import type { SitesLocator } from './locator';
import type { RawSitesFile } from './sites-schema';

/** An edge gateway of the province topology: its GATEWAY_ID and the schools it serves. */
export interface GatewayEntry {
  id: string;
  schools: string[];
}

/** An alert-service replica's account on the central broker. */
export interface AlertServiceEntry {
  id: string;
}

/**
 * `gateways:` and `alertServices:` (docs/sites-file.md): ids unique across both lists (each is
 * an account on the central broker), every school declared above, and each school served by one
 * gateway at most (its uplink topics may be published by one account only).
 */
export function checkGateways(
  raw: RawSitesFile,
  schoolCodes: ReadonlySet<string>,
  locator: SitesLocator,
): { gateways: GatewayEntry[]; alertServices: AlertServiceEntry[] } {
  const ids = new FirstSeen(locator);
  const servedBy = new Map<string, string>();
  const gateways = (raw.gateways ?? []).map((g, i) => {
    ids.claim(g.id, ['gateways', i, 'id'], `duplicate id "${g.id}"`);
    g.schools.forEach((code, j) => {
      if (!schoolCodes.has(code)) {
        locator.fail(
          ['gateways', i, 'schools', j],
          `no school "${code}" in this file — use a school code declared above`,
        );
      }
      const other = servedBy.get(code);
      if (other !== undefined) {
        locator.fail(
          ['gateways', i, 'schools', j],
          `school "${code}" is already served by gateway "${other}" — a school has one gateway`,
        );
      }
      servedBy.set(code, g.id);
    });
    return { id: g.id, schools: [...g.schools] };
  });
  const alertServices = (raw.alertServices ?? []).map((a, i) => {
    ids.claim(a.id, ['alertServices', i, 'id'], `duplicate id "${a.id}"`);
    return { id: a.id };
  });
  return { gateways, alertServices };
}
