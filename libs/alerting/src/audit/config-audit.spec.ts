import { parseSites, type Sites } from '@campus/device-protocols';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sitesYaml } from '@campus/test-kit';
import { ALERTING_SITES, ALERTING_SITES_YAML, ALERTING_USERS } from '../testing/alerting-http.fixture';
import { OrgTree } from '../auth/org-tree';
import type { Database } from '../db/database';
import { openDatabase } from '../db/open-database';
import { AuditLog } from './audit-log';
import { AuditRepository } from '../db/audit-repository';
import { ConfigAudit, fingerprint, userLines } from './config-audit';

/** What the audit log records of the configuration at each start (the sites file's users). */

let db: Database;
beforeAll(async () => {
  db = await openDatabase({});
});
afterAll(() => db.close());

const start = async (sites: Sites): Promise<void> => {
  const log = new AuditLog(new AuditRepository(db), OrgTree.fromSites(sites), pino({ level: 'silent' }));
  await new ConfigAudit(log, sites).onApplicationBootstrap();
};
const entries = () => new AuditRepository(db).query({ actions: ['config.load', 'config.users_change'] });

describe('ConfigAudit', () => {
  const sites = parseSites(ALERTING_SITES_YAML, 'test');

  it('records config.load with counts and the user-list fingerprint, never a password', async () => {
    await start(sites);
    const [load] = await entries();
    expect(load).toMatchObject({ action: 'config.load', actor: 'system', target: 'sites-file', org: null });
    expect(load?.detail).toMatchObject({
      users: 10,
      schools: 3,
      usersFingerprint: fingerprint(userLines(sites)),
    });
    expect(load?.detail['userLines']).toContain('yanta county_officer 610113');
    expect(JSON.stringify(load?.detail)).not.toMatch(/pass/);
  });

  it('records config.users_change naming who was added, removed or changed at the next start', async () => {
    await start(sites); // same users: nothing changed
    expect((await entries()).map((e) => e.action)).toEqual(['config.load', 'config.load']);
    const changed = parseSites(
      sitesYaml({
        ...ALERTING_SITES,
        users: ALERTING_USERS.map((u) =>
          u.username === 'baoji'
            ? { ...u, username: 'newbie', password: 'newbie-pass' }
            : u.username === 'head2'
              ? { ...u, role: 'school_security' }
              : u,
        ),
      }),
      'test',
    );
    await start(changed);
    const [change] = await entries();
    expect(change).toMatchObject({ action: 'config.users_change', actor: 'system', org: null });
    expect(change?.detail).toMatchObject({ added: ['newbie'], removed: ['baoji'], changed: ['head2'] });
  });
});
