import { checkDevices } from './check-devices';
import { checkEscalation } from './check-escalation';
import { checkGateways } from './check-gateways';
import { checkOrgs } from './check-orgs';
import { checkContacts, checkUsers } from './check-people';
import { SitesLocator } from './locator';
import { SitesFileError, type School, type Sites } from './sites-model';
import { sitesFileSchema } from './sites-schema';
import { loadYaml } from './yaml-source';
import { firstIssueError } from './zod-issues';
import { viaKey } from './via-check';

/**
 * Parses and validates a sites file (docs/sites-file.md). `source` names it in messages (a path, or
 * `built-in demo`). Throws `SitesFileError` with the line and reason of the first problem: YAML
 * syntax, then the shape of every entry (earliest in the file), then the org tree, devices,
 * contacts, users and escalation, each in file order.
 */
export function parseSites(text: string, source: string): Sites {
  return readSitesFile(text, source).sites;
}

/**
 * `parseSites`, also answering the file's content as a sites document (plain JSON, as written:
 * plain secrets stay plain) — what seeds the registry and what an import brings.
 */
export function readSitesFile(
  text: string,
  source: string,
): { sites: Sites; document: Record<string, unknown> } {
  const yaml = loadYaml(text, source);
  const sites = checkSites(yaml.data, new SitesLocator(yaml), source);
  // loadYaml refuses a top level that is not a mapping
  return { sites, document: yaml.data as Record<string, unknown> };
}

/**
 * Validates a sites document — the sites file's content as plain JSON, e.g. the registry's
 * (docs/registry.md) — with exactly the checks of `parseSites`. Throws `SitesFileError` without a
 * line: `path` names the entry in full (`cities[0].counties[1].schools[2].devices[3].kind`) and
 * `problem` says what is wrong.
 */
export function parseSitesDocument(doc: unknown, source: string): Sites {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new SitesFileError(
      source,
      undefined,
      'a sites document is a mapping of keys ("province", "cities", …), not a list or a single value',
    );
  }
  return checkSites(doc, new SitesLocator({ source }), source);
}

function checkSites(data: unknown, locator: SitesLocator, source: string): Sites {
  const parsed = sitesFileSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) throw firstIssueError(parsed.error.issues, locator);
  const raw = parsed.data;

  const orgs = checkOrgs(raw, locator);
  const checked = checkDevices(orgs.schools, locator);
  const contacts = checkContacts(raw, orgs.levelOf, locator);
  const users = checkUsers(raw, orgs.levelOf, locator);
  const escalation = checkEscalation(raw, locator);

  const schools = orgs.schools.map((s) => s.school);
  const topology = checkGateways(raw, new Set(schools.map((s) => s.code)), locator);
  const { devices, byVia } = checked;
  return {
    source,
    province: orgs.province,
    cities: orgs.cities,
    counties: orgs.counties,
    schools,
    devices,
    contacts,
    users,
    escalation,
    rules: raw.rules,
    gateways: topology.gateways,
    alertServices: topology.alertServices,
    deviceById: new Map(devices.map((d) => [d.id, d])),
    schoolByCode: new Map<string, School>(schools.map((s) => [s.code, s])),
    bridgeByBaseTopic: checked.bridgeByBaseTopic,
    resolveVia: (bridgeId, name) => byVia.get(viaKey(bridgeId, name)),
  };
}
