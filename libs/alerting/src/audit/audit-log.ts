import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { OrgTree } from '../auth/org-tree';
import { ORG_TREE } from '../auth/tokens';
import { LOGGER } from '../di/tokens';
import type { AuditSink, AuditRecord } from './audit-sink';
import { AuditRepository, type AuditQuery, type NewAuditEntry } from '../db/audit-repository';
import type { AuditEntry } from '../domain/audit';

/** The largest `detail` kept, as JSON; a larger one is replaced by `{truncated: true, bytes}`. */
export const AUDIT_DETAIL_MAX_BYTES = 4096;
const TEXT_MAX = 500;

/** Counters since start (for logs, tests and metrics). */
export interface AuditStats {
  written: number;
  /** Entries that could not be written (each one is logged at error level). */
  failed: number;
}

/** Entries written in one statement at most (12 parameters each, far below PostgreSQL's 65,535). */
const GROUP_MAX = 500;

interface Queued {
  entry: NewAuditEntry;
  done: () => void;
}

const clip = (text: string): string => (text.length > TEXT_MAX ? `${text.slice(0, TEXT_MAX - 1)}…` : text);

function boundedDetail(detail: Record<string, unknown> | undefined): Record<string, unknown> {
  if (detail === undefined) return {};
  const json = JSON.stringify(detail);
  const bytes = Buffer.byteLength(json, 'utf8');
  return bytes > AUDIT_DETAIL_MAX_BYTES
    ? { truncated: true, bytes }
    : (JSON.parse(json) as Record<string, unknown>);
}

/**
 * The audit log (审计日志): records entries (AuditSink) and reads them back. Recording never
 * throws into the caller: the action it describes has already happened (or been refused) when it
 * is recorded, and a fire alarm must be acknowledgeable even when the audit table is not writable.
 * A failed write is logged at error level (`audit entry not written`, with action, actor and
 * target) and counted (`stats().failed`).
 */
@Injectable()
export class AuditLog implements AuditSink {
  private readonly logger: Logger;
  private readonly counts: AuditStats = { written: 0, failed: 0 };

  constructor(
    @Inject(AuditRepository) private readonly entries: AuditRepository,
    @Inject(ORG_TREE) private readonly tree: OrgTree,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ part: 'audit' });
  }

  /**
   * Entries recorded in the same turn of the event loop are written together, in order, in one
   * statement (group commit): a storm of failed logins or refused requests costs the database one
   * round per turn, not one per entry, so alarms keep their share of it (docs/security.md).
   */
  record(entry: AuditRecord): Promise<void> {
    const queued = this.toNew(entry);
    return new Promise<void>((done) => {
      this.queue.push({ entry: queued, done });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private queue: Queued[] = [];
  private flushScheduled = false;

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    const queued = this.queue;
    this.queue = [];
    for (let i = 0; i < queued.length; i += GROUP_MAX) {
      const group = queued.slice(i, i + GROUP_MAX);
      try {
        await this.entries.appendMany(group.map((q) => q.entry));
        this.counts.written += group.length;
      } catch {
        // one entry the database refuses must not take the others with it: write them one by one
        for (const q of group) await this.writeOne(q.entry);
      }
      for (const q of group) q.done();
    }
  }

  private async writeOne(entry: NewAuditEntry): Promise<void> {
    try {
      await this.entries.append(entry);
      this.counts.written += 1;
    } catch (err) {
      this.counts.failed += 1;
      this.logger.error(
        { err, action: entry.action, actor: entry.actor, target: entry.target ?? null },
        'audit entry not written',
      );
    }
  }

  /** Entries, newest first (the caller has decided what the user may read: `orgUnit`). */
  query(query: AuditQuery): Promise<AuditEntry[]> {
    return this.entries.query(query);
  }

  stats(): AuditStats {
    return { ...this.counts };
  }

  private toNew(entry: AuditRecord): NewAuditEntry {
    const org = entry.org ?? null;
    return {
      at: entry.at ?? Date.now(),
      actor: clip(entry.actor),
      action: entry.action,
      target: entry.target === undefined || entry.target === null ? null : clip(entry.target),
      ip: entry.ip ?? null,
      outcome: entry.outcome ?? 'ok',
      org,
      // An unknown unit keeps its code but no path: only admins read it.
      path: org === null ? {} : (this.tree.unit(org)?.path ?? {}),
      detail: boundedDetail(entry.detail),
    };
  }
}
