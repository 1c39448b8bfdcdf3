import { SELF_DECLARED_DEPS_METADATA } from '@nestjs/common/constants.js';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { OrgTree } from '../auth/org-tree';
import { RiskPointService, riskPointChanges } from '../risk-points/risk-point.service';
import type { RiskPoint } from '../domain/risk-point';
import { HAZARD_WORKFLOW } from '../hazards/hazard-workflow';
import { AUDIT_ACTIONS } from '../domain/audit';
import { hazardTransitionAction } from './audit-actions';
import { auditReadScope } from './audit-access';
import { AuditController } from './audit.controller';
import { AuditLog } from './audit-log';
import type { AuditRepository, NewAuditEntry } from '../db/audit-repository';
import { actionsMatching, auditQuerySchema, decodeCursor, encodeCursor } from './audit.schemas';
import { clientIpOf } from './client-ip';
import { ConfigAudit } from './config-audit';
import { DeniedRequestAudit } from './denied-requests';

describe('who reads the audit log', () => {
  it('admins everything, officials their unit, school roles nothing', () => {
    expect(auditReadScope('admin', '610000')).toEqual({ all: true });
    expect(auditReadScope('province_officer', '610000')).toEqual({ all: false, unit: '610000' });
    expect(auditReadScope('city_officer', '610100')).toEqual({ all: false, unit: '610100' });
    expect(auditReadScope('county_officer', '610113')).toEqual({ all: false, unit: '610113' });
    expect(auditReadScope('county_officer', null)).toBeNull();
    expect(auditReadScope('school_admin', '2161010001')).toBeNull();
    expect(auditReadScope('school_security', '2161010001')).toBeNull();
  });
});

describe('the action names', () => {
  it('are dotted, unique, and name every hazard workflow edge', () => {
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
    for (const a of AUDIT_ACTIONS) expect(a).toMatch(/^[a-z_]+(\.[a-z_]+)+$/);
    for (const edge of HAZARD_WORKFLOW)
      expect(AUDIT_ACTIONS).toContain(hazardTransitionAction(edge.from, edge.to));
    expect(() => hazardTransitionAction('closed', 'registered')).toThrow(/no audit action/);
  });

  it('filter by a full name or a family', () => {
    expect(actionsMatching('alert.resolve')).toEqual(['alert.resolve']);
    expect(actionsMatching('drill')).toEqual(['drill.start', 'drill.end']);
    expect(actionsMatching('dri')).toEqual([]);
    expect(auditQuerySchema.safeParse({ action: 'dri' }).success).toBe(false);
  });
});

describe('page cursors', () => {
  it('round-trip and refuse anything else', () => {
    const c = { at: '2026-11-28T10:00:00.000Z', seq: 42 };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(decodeCursor('abc')).toBeUndefined();
    expect(
      decodeCursor(Buffer.from("2026-11-28T10:00:00.000Z|1'; DROP").toString('base64url')),
    ).toBeUndefined();
  });
});

describe('clientIpOf', () => {
  it('is req.ip (trust proxy decides), IPv4 on an IPv6 socket written as IPv4', () => {
    expect(clientIpOf({ ip: '::ffff:10.0.0.7' })).toBe('10.0.0.7');
    expect(clientIpOf({ ip: '2001:db8::1' })).toBe('2001:db8::1');
    expect(clientIpOf({ ip: '127.0.0.1', socket: { remoteAddress: '10.9.9.9' } })).toBe('127.0.0.1');
    expect(clientIpOf({ socket: { remoteAddress: '::ffff:192.168.1.2' } })).toBe('192.168.1.2');
    expect(clientIpOf({})).toBeNull();
    expect(clientIpOf(undefined)).toBeNull();
  });
});

describe('riskPointChanges (the editor history kept in the audit log)', () => {
  const point: RiskPoint = {
    id: 'p',
    org: { province: '610000', city: '610100', county: '610113', school: '2161010001' },
    device: null,
    name: '实验室',
    grade: 'orange',
    lecL: 3,
    lecE: null,
    lecC: null,
    lecScore: null,
    measures: 'x'.repeat(300),
    owner: null,
    updatedBy: 'head1',
    updatedAt: '2026-11-28T10:00:00.000Z',
  };
  it('lists the fields set on a new point, and only the changed ones on an edit', () => {
    expect(riskPointChanges(undefined, { ...point, measures: null })).toEqual({
      name: [null, '实验室'],
      grade: [null, 'orange'],
      lecL: [null, 3],
    });
    expect(riskPointChanges(point, { ...point, grade: 'red', lecL: null, updatedBy: 'root' })).toEqual({
      grade: ['orange', 'red'],
      lecL: [3, null],
    });
    const long = riskPointChanges(point, { ...point, measures: 'y' })['measures'];
    expect(long?.[0]).toHaveLength(200);
    expect(long?.[1]).toBe('y');
  });
});

describe('explicit @Inject on every constructor parameter of the audit classes', () => {
  // the apps run under tsx, which emits no decorator metadata (see api/explicit-inject.spec.ts)
  it.each(
    [AuditController, AuditLog, DeniedRequestAudit, ConfigAudit, RiskPointService].map(
      (c) => [c.name, c] as const,
    ),
  )('%s', (_name, cls) => {
    const declared = (Reflect.getMetadata(SELF_DECLARED_DEPS_METADATA, cls) ?? []) as { index: number }[];
    expect(declared.map((d) => d.index).sort((a, b) => a - b)).toEqual(
      Array.from({ length: cls.length }, (_, i) => i),
    );
  });
});

describe('AuditLog group commit', () => {
  const tree = OrgTree.fromSites({
    province: { code: '610000', name: '省' },
    cities: [],
    counties: [],
    schools: [],
  } as never);
  const logger = pino({ level: 'silent' });

  /** A repository double: records the statements; the entry by `refused` makes any statement holding it fail. */
  function repository(refused?: string) {
    const statements: string[][] = [];
    const write = async (entries: readonly NewAuditEntry[]) => {
      if (entries.some((e) => e.actor === refused)) throw new Error('refused by the database');
      statements.push(entries.map((e) => e.actor));
      return [];
    };
    const repo = {
      appendMany: write,
      append: async (e: NewAuditEntry) => (await write([e]))[0],
    } as unknown as AuditRepository;
    return { repo, statements };
  }

  it('writes the entries of one turn in one statement, in order', async () => {
    const { repo, statements } = repository();
    const log = new AuditLog(repo, tree, logger);
    await Promise.all(['a', 'b', 'c'].map((actor) => log.record({ action: 'auth.login_failed', actor })));
    await log.record({ action: 'auth.login', actor: 'd' });
    expect(statements).toEqual([['a', 'b', 'c'], ['d']]);
    expect(log.stats()).toEqual({ written: 4, failed: 0 });
  });

  it('keeps the others when the database refuses one entry of the group', async () => {
    const { repo, statements } = repository('bad');
    const log = new AuditLog(repo, tree, logger);
    await Promise.all(['a', 'bad', 'c'].map((actor) => log.record({ action: 'auth.login_failed', actor })));
    expect(statements).toEqual([['a'], ['c']]);
    expect(log.stats()).toEqual({ written: 2, failed: 1 });
  });
});
