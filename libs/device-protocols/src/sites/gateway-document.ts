/**
 * The part of a sites document one edge gateway gets over the registry feed (docs/protocol.md,
 * "The registry feed"): the province, the org tree with only the schools it serves (their devices,
 * credentials as hashes), and its own `gateways:` entry. No contacts, users, escalation or rules:
 * a gateway pages nobody and signs nobody in. Undefined when the document has no such gateway.
 * Pure: the document is not changed.
 */
export function documentForGateway(
  document: Record<string, unknown>,
  gatewayId: string,
): Record<string, unknown> | undefined {
  const entry = listOf(document['gateways']).find((g) => isRecord(g) && g['id'] === gatewayId);
  if (!isRecord(entry)) return undefined;
  const served = new Set(listOf(entry['schools']).filter((s): s is string => typeof s === 'string'));
  const cities = listOf(document['cities']).map((city) =>
    isRecord(city)
      ? {
          ...city,
          counties: listOf(city['counties']).map((county) =>
            isRecord(county)
              ? {
                  ...county,
                  schools: listOf(county['schools']).filter(
                    (s) => isRecord(s) && served.has(String(s['code'])),
                  ),
                }
              : county,
          ),
        }
      : city,
  );
  return { province: document['province'], cities, gateways: [entry] };
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
