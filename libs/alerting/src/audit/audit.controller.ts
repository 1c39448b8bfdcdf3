import type { AuditPage as WireAuditPage } from '@campus/api-contract';
import {
  BadRequestException,
  Controller,
  ForbiddenException,
  Get,
  Inject,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { ScopePolicyService } from '../auth/scope-policy.service';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditEntry } from '../domain/audit';
import { AUDIT_READER_ROLES, auditReadScope, type AuditReadScope } from './audit-access';
import { auditCsv } from './audit-csv';
import { AuditLog } from './audit-log';
import { AUDIT_MAX_LIMIT, type AuditQuery } from '../db/audit-repository';
import { AuditPageDoc } from './audit.docs';
import {
  actionsMatching,
  AUDIT_ACTION_FAMILIES,
  AUDIT_PAGE_DEFAULT,
  AUDIT_PAGE_MAX,
  auditQuerySchema,
  encodeCursor,
  type AuditQueryParams,
} from './audit.schemas';

/** `GET /api/audit`: the wire type of libs/api-contract, with the closed set of actions. */
export interface AuditPage extends WireAuditPage {
  items: AuditEntry[];
}

/** The part of an express response the CSV answer sets. */
interface HeaderTarget {
  setHeader(name: string, value: string): unknown;
}

const INSTANT = 'ISO 8601 with a zone, or epoch ms; [from, to)';

/** 审计日志 over HTTP: admins read every entry, officials those of their org unit and below. */
@ApiTags('audit')
@Controller('api')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'missing, bad or expired token' })
@ApiForbiddenResponse({ description: `roles other than ${AUDIT_READER_ROLES.join(', ')}` })
@ApiBadRequestResponse({ description: 'a bad filter, limit or cursor' })
@ApiQuery({ name: 'from', required: false, type: String, description: INSTANT })
@ApiQuery({ name: 'to', required: false, type: String, description: INSTANT })
@ApiQuery({
  name: 'actor',
  required: false,
  type: String,
  description: 'exact username / device id / system',
})
@ApiQuery({
  name: 'action',
  required: false,
  enum: [...AUDIT_ACTIONS, ...AUDIT_ACTION_FAMILIES],
  description: 'an action, or a family (`hazard` = every hazard.*)',
})
@ApiQuery({ name: 'outcome', required: false, enum: AUDIT_OUTCOMES })
@ApiQuery({ name: 'target', required: false, type: String, description: 'exact target, e.g. alert:<id>' })
export class AuditController {
  constructor(
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(ScopePolicyService) private readonly scope: ScopePolicyService,
  ) {}

  @Get('audit')
  @ApiOperation({
    summary: 'Audit entries, newest first; `?format=csv` answers the CSV of GET /api/audit.csv',
  })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: '1 … 1000, default 100' })
  @ApiQuery({ name: 'cursor', required: false, type: String, description: 'nextCursor of the previous page' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiOkResponse({ type: AuditPageDoc })
  async list(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(auditQuerySchema)) query: AuditQueryParams,
    @Res({ passthrough: true }) res: HeaderTarget,
  ): Promise<AuditPage | StreamableFile> {
    if (query.format === 'csv') return this.csv(user, query, res);
    const readable = this.readableBy(user);
    const limit = query.limit ?? AUDIT_PAGE_DEFAULT;
    if (limit > AUDIT_PAGE_MAX) {
      throw new BadRequestException(
        `limit must be at most ${AUDIT_PAGE_MAX} here: page with cursor, or use GET /api/audit.csv for up to ${AUDIT_MAX_LIMIT}`,
      );
    }
    return this.page(readable, query, limit);
  }

  @Get('audit.csv')
  @ApiOperation({
    summary: 'The same entries as CSV (UTF-8 with BOM, Chinese header), at most 10,000 per file',
  })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: '1 … 10000, default 10000' })
  @ApiQuery({
    name: 'cursor',
    required: false,
    type: String,
    description: 'X-Next-Cursor of the previous file',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description:
      'text/csv; charset=utf-8, attachment audit-<date>.csv; X-Next-Cursor names the rest when the file is full',
  })
  async csv(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(auditQuerySchema)) query: AuditQueryParams,
    @Res({ passthrough: true }) res: HeaderTarget,
  ): Promise<StreamableFile> {
    const readable = this.readableBy(user);
    const { items, nextCursor } = await this.page(readable, query, query.limit ?? AUDIT_MAX_LIMIT);
    if (nextCursor !== null) res.setHeader('X-Next-Cursor', nextCursor);
    const day = new Date().toISOString().slice(0, 10);
    return new StreamableFile(Buffer.from(auditCsv(items), 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="audit-${day}.csv"`,
    });
  }

  /** 403 (recorded as access.denied) for roles that do not read the audit log. */
  private readableBy(user: AuthUser): AuditReadScope {
    const readable = auditReadScope(user.role, this.scope.scopeOf(user)?.unit ?? null);
    if (readable === null) {
      throw new ForbiddenException(
        `role ${user.role} may not read the audit log: admins and county, city and province officers may`,
      );
    }
    return readable;
  }

  private async page(readable: AuditReadScope, query: AuditQueryParams, limit: number): Promise<AuditPage> {
    const filter: AuditQuery = {
      ...(readable.all ? {} : { orgUnit: readable.unit }),
      ...(query.from === undefined ? {} : { from: query.from }),
      ...(query.to === undefined ? {} : { to: query.to }),
      ...(query.actor === undefined ? {} : { actor: query.actor }),
      ...(query.action === undefined ? {} : { actions: actionsMatching(query.action) }),
      ...(query.outcome === undefined ? {} : { outcome: query.outcome }),
      ...(query.target === undefined ? {} : { target: query.target }),
      ...(query.cursor === undefined ? {} : { after: query.cursor }),
    };
    // one more than asked: whether there is a next page
    const found = await this.audit.query({ ...filter, limit: limit + 1 });
    const items = found.slice(0, limit);
    const last = items.at(-1);
    return {
      items,
      nextCursor:
        found.length > limit && last !== undefined ? encodeCursor({ at: last.at, seq: last.seq }) : null,
    };
  }
}
