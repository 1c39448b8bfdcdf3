import {
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { OrgPath, Sites } from '@campus/device-protocols';
import type { Logger } from 'pino';
import { SYSTEM_ACTOR } from '../audit/audit-actions';
import { AUDIT_SINK, type AuditSink } from '../audit/audit-sink';
import type { AuthUser } from '../auth/auth-user';
import { ScopePolicyService } from '../auth/scope-policy.service';
import { SupervisionRepository } from '../db/supervision-repository';
import { LOGGER, SITES } from '../di/tokens';
import type { RollCall } from '../domain/supervision';
import { SUPERVISION_BROADCASTER, type SupervisionBroadcaster } from '../realtime/supervision-broadcaster';
import type { RollCallBody, RollCallListQuery } from './supervision.schemas';
import { nextCloseDelayMs, rollCallWindowMs } from './supervision-rules';

const NOT_FOUND = 'roll-call not found';
const LIST_LIMIT = 100;

/**
 * 在线查岗 (docs/alerting.md "Supervision"): an official asks the schools of their scope (or some of
 * them) to answer within N minutes; the school's guard answers in the console; at the deadline
 * the unanswered schools are recorded as missed (未应答). The deadline is stored: the closer runs at
 * start-up and then at each next deadline (at least every 30 s, for other replicas' roll-calls).
 */
@Injectable()
export class RollCallService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    @Inject(SupervisionRepository) private readonly repo: SupervisionRepository,
    @Inject(ScopePolicyService) private readonly scope: ScopePolicyService,
    @Inject(SITES) private readonly sites: Sites,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
    @Inject(SUPERVISION_BROADCASTER) private readonly broadcaster: SupervisionBroadcaster,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ part: 'roll-call' });
  }

  onApplicationBootstrap(): void {
    this.wake(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
  }

  /** Starts a roll-call; 404 for a school unknown or outside the scope. Audited (`roll_call.start`). */
  async start(user: AuthUser, body: RollCallBody, ip: string | null): Promise<RollCall> {
    const schools = this.schoolsFor(user, body.schools);
    if (schools.length === 0) throw new NotFoundException('there is no school in your scope to call');
    const now = Date.now();
    const windowMs = rollCallWindowMs(body);
    const rollCall = this.named(
      await this.repo.createRollCall({
        startedBy: user.username,
        startedByOrg: user.org,
        startedByLevel: user.level,
        startedAt: now,
        deadline: now + windowMs,
        schools,
      }),
    );
    await this.audit.record({
      action: 'roll_call.start',
      actor: user.username,
      target: `roll_call:${rollCall.id}`,
      ip,
      org: user.org,
      detail: { schools: schools.length, answerWithinSeconds: windowMs / 1000 },
    });
    this.broadcaster.broadcastRollCall(rollCall);
    this.wake(windowMs);
    return rollCall;
  }

  /** The roll-calls touching the user's scope, newest first, each with the lines the user may see. */
  async list(user: AuthUser, query: RollCallListQuery): Promise<RollCall[]> {
    const scope = this.scope.scopeOf(user);
    if (scope === null) return [];
    const rollCalls = await this.repo.listRollCalls({
      orgUnit: scope.unit,
      limit: LIST_LIMIT,
      ...(query.status === undefined ? {} : { open: query.status === 'open' }),
    });
    return rollCalls.map((r) => this.visiblePart(user, r));
  }

  /** 404 when none of its schools is in the user's scope. */
  async get(user: AuthUser, id: string): Promise<RollCall> {
    const rollCall = await this.repo.getRollCall(id);
    if (rollCall === undefined) throw new NotFoundException(NOT_FOUND);
    const part = this.visiblePart(user, rollCall);
    if (part.schools.length === 0) throw new NotFoundException(NOT_FOUND);
    return part;
  }

  /**
   * The user's school answers (a school user only): 404 if the roll-call does not call it, 409 once
   * answered or past the deadline. Audited (`roll_call.answer`).
   */
  async answer(user: AuthUser, id: string, ip: string | null): Promise<RollCall> {
    const school = this.sites.schoolByCode.get(user.org);
    if (user.level !== 'school' || school === undefined) {
      throw new ForbiddenException(
        'a roll-call is answered by a user of the school called, from its console',
      );
    }
    const result = await this.repo.answer(id, school.code, user.username, Date.now());
    if (!result.ok) {
      if (result.reason === 'not_found') throw new NotFoundException(NOT_FOUND);
      if (result.reason === 'answered') {
        throw new ConflictException(
          `the school answered already: ${result.by ?? '?'} at ${result.at ?? '?'}`,
        );
      }
      throw new ConflictException(`the roll-call took answers until ${result.deadline}: it is closed`);
    }
    await this.audit.record({
      action: 'roll_call.answer',
      actor: user.username,
      target: `roll_call:${id}`,
      ip,
      org: school.code,
      detail: { startedBy: result.rollCall.startedBy },
    });
    const rollCall = this.named(result.rollCall);
    this.broadcaster.broadcastRollCall({
      ...rollCall,
      schools: rollCall.schools.filter((s) => s.school === school.code),
    });
    return this.visiblePart(user, rollCall);
  }

  /** Closes the roll-calls due at `now`: pending schools become missed. Returns those closed. */
  async closeDue(now: number = Date.now()): Promise<RollCall[]> {
    const closed = (await this.repo.closeDue(now)).map((r) => this.named(r));
    for (const rollCall of closed) {
      const missed = rollCall.schools.filter((s) => s.status === 'missed').length;
      await this.audit.record({
        action: 'roll_call.close',
        actor: SYSTEM_ACTOR,
        target: `roll_call:${rollCall.id}`,
        org: rollCall.startedByOrg,
        at: now,
        detail: { answered: rollCall.schools.length - missed, missed },
      });
      this.broadcaster.broadcastRollCall(rollCall);
      this.logger.info({ rollCall: rollCall.id, missed }, 'roll-call closed');
    }
    return closed;
  }

  /** Runs the closer after `delayMs`, then again at the next deadline (or the sweep). */
  private wake(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.round = this.round
        .then(async () => {
          await this.closeDue();
          const next = await this.repo.nextDeadline();
          this.wake(nextCloseDelayMs(next === undefined ? undefined : Date.parse(next), Date.now()));
        })
        .catch((err: unknown) => {
          this.logger.error({ err }, 'closing due roll-calls failed; trying again in 5 s');
          this.wake(5_000);
        });
    }, delayMs);
    this.timer.unref();
  }

  /** The schools named (each must be in the scope: 404 otherwise), or every school of the scope. */
  private schoolsFor(user: AuthUser, codes: readonly string[] | undefined): OrgPath[] {
    const path = (s: OrgPath): OrgPath => ({
      province: s.province,
      city: s.city,
      county: s.county,
      school: s.school,
    });
    if (codes === undefined) {
      return this.sites.schools
        .map((s) => path({ ...s, school: s.code }))
        .filter((s) => this.scope.isVisible(user, s));
    }
    return [...new Set(codes)].map((code) => {
      const school = this.sites.schoolByCode.get(code);
      const p = school === undefined ? undefined : path({ ...school, school: school.code });
      this.scope.assertVisible(user, p, `school ${code} not found`);
      return p;
    });
  }

  private visiblePart(user: AuthUser, rollCall: RollCall): RollCall {
    const named = this.named(rollCall);
    return {
      ...named,
      schools: named.schools.filter((s) => {
        const school = this.sites.schoolByCode.get(s.school);
        return school !== undefined && this.scope.isVisible(user, { ...school, school: school.code });
      }),
    };
  }

  private named(rollCall: RollCall): RollCall {
    return {
      ...rollCall,
      schools: rollCall.schools.map((s) => ({
        ...s,
        name: this.sites.schoolByCode.get(s.school)?.name ?? null,
      })),
    };
  }
}
