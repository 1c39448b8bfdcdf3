import type { OrgLevel } from '../model/org';
import { FirstSeen } from './first-seen';
import type { SitesLocator, SitesPath } from './locator';
import { ROLE_LEVEL, type Contact, type DutyHours, type SiteUser } from './sites-model';
import type { RawSitesFile } from './sites-schema';

function checkOrgExists(
  org: string,
  levelOf: ReadonlyMap<string, OrgLevel>,
  path: SitesPath,
  locator: SitesLocator,
): OrgLevel {
  const level = levelOf.get(org);
  if (level === undefined) {
    locator.fail(
      path,
      `no org unit "${org}" in this file — use the code of the province, a city, a county or a school declared above`,
    );
  }
  return level;
}

function checkDutyHours(
  h: { from: string; to: string; days?: number[] | undefined },
  path: SitesPath,
  locator: SitesLocator,
): DutyHours {
  if (h.from === h.to) {
    locator.fail(
      [...path, 'to'],
      `from ${h.from} to ${h.to} has no length — give the end of the shift, or remove "hours" to page the contact always`,
    );
  }
  h.days?.forEach((day, i) => {
    if (h.days?.indexOf(day) !== i) locator.fail([...path, 'days', i], `weekday ${day} is listed twice`);
  });
  return { from: h.from, to: h.to, ...(h.days ? { days: [...h.days] } : {}) };
}

/** Contacts: ids unique, each `org` a unit declared in the file, duty hours of some length. */
export function checkContacts(
  raw: RawSitesFile,
  levelOf: ReadonlyMap<string, OrgLevel>,
  locator: SitesLocator,
): Contact[] {
  const ids = new FirstSeen(locator);
  return (raw.contacts ?? []).map((c, i) => {
    const path = ['contacts', i];
    if (c.id !== undefined) ids.claim(c.id, [...path, 'id'], `duplicate contact id "${c.id}"`);
    checkOrgExists(c.org, levelOf, [...path, 'org'], locator);
    const contact: Contact = { org: c.org, name: c.name, phone: c.phone };
    if (c.id !== undefined) contact.id = c.id;
    if (c.hours !== undefined) {
      contact.hours = c.hours.map((h, j) => checkDutyHours(h, [...path, 'hours', j], locator));
    }
    return contact;
  });
}

/**
 * Users: usernames unique, `org` declared and of the level the role works at
 * (ROLE_LEVEL), exactly one of password / passwordHash.
 */
export function checkUsers(
  raw: RawSitesFile,
  levelOf: ReadonlyMap<string, OrgLevel>,
  locator: SitesLocator,
): SiteUser[] {
  const names = new FirstSeen(locator);
  return (raw.users ?? []).map((u, i) => {
    const path = ['users', i];
    names.claim(u.username, [...path, 'username'], `duplicate username "${u.username}"`);
    const level = checkOrgExists(u.org, levelOf, [...path, 'org'], locator);
    const want = ROLE_LEVEL[u.role];
    if (level !== want) {
      locator.fail(
        [...path, 'org'],
        `role ${u.role} works at ${want} level, but "${u.org}" is a ${level} — give a ${want} code, or a role for a ${level}`,
      );
    }
    if (u.password !== undefined && u.passwordHash !== undefined) {
      locator.fail([...path, 'passwordHash'], 'give either password or passwordHash, not both');
    }
    if (u.password === undefined && u.passwordHash === undefined) {
      locator.fail(path, 'missing password: add "password" or "passwordHash"');
    }
    const user: SiteUser = { username: u.username, role: u.role, org: u.org };
    if (u.name !== undefined) user.name = u.name;
    if (u.password !== undefined) user.password = u.password;
    if (u.passwordHash !== undefined) user.passwordHash = u.passwordHash;
    return user;
  });
}
