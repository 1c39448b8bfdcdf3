import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Sites } from '@campus/device-protocols';
import { SITES } from '../di/tokens';
import { SYSTEM_ACTOR } from './audit-actions';
import { AuditLog } from './audit-log';

/** The user list is kept in `config.load` up to this size (the detail's bound is 4 KiB). */
const USER_LINES_MAX_BYTES = 3000;

/** The users of a sites file as `username role org` lines, sorted: what decides who may do what. */
export function userLines(sites: Pick<Sites, 'users'>): string[] {
  return sites.users.map((u) => `${u.username} ${u.role} ${u.org}`).sort();
}

/** A short fingerprint (SHA-256, 16 hex digits) of lines; no secret goes into it. */
export function fingerprint(lines: readonly string[]): string {
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);
}

/**
 * Configuration in the audit log. Users, roles and the org tree come from the sites file and change
 * only by restarting with another file, so at every start the service records `config.load` (by
 * `system`) with counts and the fingerprint of the user list (username, role, org — never a
 * password); when the fingerprint differs from the previous start's, it also records
 * `config.users_change` with the usernames added, removed or changed (at most 50 of each) when
 * the previous start kept its list. Both have no org unit: admins read them.
 */
@Injectable()
export class ConfigAudit implements OnApplicationBootstrap {
  constructor(
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(SITES) private readonly sites: Sites,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const lines = userLines(this.sites);
    const users = fingerprint(lines);
    const previous = (await this.audit.query({ actions: ['config.load'], limit: 1 }).catch(() => []))[0];
    await this.audit.record({
      action: 'config.load',
      actor: SYSTEM_ACTOR,
      target: 'sites-file',
      org: null,
      detail: {
        users: this.sites.users.length,
        usersFingerprint: users,
        schools: this.sites.schools.length,
        devices: this.sites.devices.length,
        // the list itself while it is small enough to keep (a few dozen users): names the changes
        ...(Buffer.byteLength(JSON.stringify(lines)) <= USER_LINES_MAX_BYTES ? { userLines: lines } : {}),
      },
    });
    const before = previous?.detail['usersFingerprint'];
    if (typeof before !== 'string' || before === users) return;
    const old = previous?.detail['userLines'];
    const change: Record<string, unknown> = { usersFingerprintBefore: before, usersFingerprint: users };
    if (Array.isArray(old)) {
      const was = new Map(old.map((l) => [String(l).split(' ')[0] ?? '', String(l)]));
      const now = new Map(lines.map((l) => [l.split(' ')[0] ?? '', l]));
      change['added'] = [...now.keys()].filter((u) => !was.has(u)).slice(0, 50);
      change['removed'] = [...was.keys()].filter((u) => !now.has(u)).slice(0, 50);
      change['changed'] = [...now.keys()].filter((u) => was.has(u) && was.get(u) !== now.get(u)).slice(0, 50);
    }
    await this.audit.record({
      action: 'config.users_change',
      actor: SYSTEM_ACTOR,
      target: 'sites-file',
      org: null,
      detail: change,
    });
  }
}
