import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  NotFoundException,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';
import {
  REGISTRY_ENTITIES,
  type RegistryHistoryPage,
  type SitesImportResult,
  type SitesProblemBody,
} from '@campus/api-contract';
import { SitesFileError } from '@campus/device-protocols';
import { AUDIT_SINK, type AuditSink } from '../audit/audit-sink';
import { ClientIp } from '../audit/client-ip';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Requires } from '../auth/requires.decorator';
import { REGISTRY_STORE } from '../di/tokens';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { RegistryValidationError, type RegistryActor, type RegistryStore } from './registry-store';
import { exportSitesText, importSitesText } from './sites-transfer';

const importQuerySchema = z.strictObject({
  apply: z.enum(['0', '1', 'true', 'false']).optional(),
});
type ImportQuery = z.infer<typeof importQuerySchema>;

const historyQuerySchema = z.strictObject({
  entity: z.enum(REGISTRY_ENTITIES).optional(),
  key: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
type HistoryQuery = z.infer<typeof historyQuerySchema>;

const actorOf = (user: AuthUser): RegistryActor => ({
  kind: 'user',
  username: user.username,
  role: user.role,
  org: user.org,
});

/** The YAML of a request: the body itself (`text/yaml`), or `{yaml}` as JSON. */
function yamlOf(body: unknown): string {
  if (typeof body === 'string' && body.trim() !== '') return body;
  if (typeof body === 'object' && body !== null && typeof (body as { yaml?: unknown }).yaml === 'string') {
    return (body as { yaml: string }).yaml;
  }
  throw new BadRequestException({
    error: 'send the sites file as the body (Content-Type: text/yaml), or as JSON {"yaml": "…"}',
  });
}

function problem(error: unknown): BadRequestException | undefined {
  if (error instanceof RegistryValidationError) {
    const body: SitesProblemBody = { error: error.message, path: error.path, reason: error.reason };
    return new BadRequestException(body);
  }
  if (error instanceof SitesFileError) {
    const body: SitesProblemBody = {
      error: error.message,
      path: error.path,
      reason: error.problem,
      ...(error.line === undefined ? {} : { line: error.line }),
    };
    return new BadRequestException(body);
  }
  return undefined;
}

/**
 * The registry in bulk (docs/registry.md): a whole sites file in (diffed, then applied in one
 * transaction) and out (hashes only), and the registry's history. Platform admins only: a sites
 * file holds every unit's people and devices, and the history every unit's changes.
 */
@ApiTags('registry')
@Controller()
export class RegistryController {
  constructor(
    @Inject(REGISTRY_STORE) private readonly registry: RegistryStore,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
  ) {}

  @Post('api/sites/import')
  @HttpCode(200)
  @Requires('registry.import_export')
  @ApiOperation({
    summary:
      'Diff a sites file against the registry (dry run, the default) or apply it (?apply=1) in one transaction',
  })
  @ApiBody({
    description: 'the sites file (Content-Type: text/yaml), or JSON {"yaml": "…"}',
    schema: { oneOf: [{ type: 'string' }, { type: 'object', properties: { yaml: { type: 'string' } } }] },
  })
  @ApiQuery({ name: 'apply', required: false, enum: ['0', '1'] })
  @ApiOkResponse({ description: 'SitesImportResult: applied, version, changes, summary' })
  @ApiBadRequestResponse({
    description: 'SitesProblemBody: the file is refused (path, reason, line); nothing changed',
  })
  async importSites(
    @CurrentUser() user: AuthUser,
    @Body() body: unknown,
    @Query(new ZodValidationPipe(importQuerySchema)) query: ImportQuery,
    @ClientIp() ip: string | null,
  ): Promise<SitesImportResult> {
    const apply = query.apply === '1' || query.apply === 'true';
    const text = yamlOf(body);
    let outcome: SitesImportResult;
    try {
      outcome = await importSitesText(this.registry, actorOf(user), text, {
        source: 'imported sites file',
        apply,
        reason: 'sites file imported through the API',
      });
    } catch (error) {
      throw problem(error) ?? error;
    }
    if (outcome.applied) {
      await this.audit.record({
        action: 'config.import',
        actor: user.username,
        target: `registry:${outcome.version}`,
        ip,
        org: null,
        detail: {
          version: outcome.version,
          changes: outcome.changes.length,
          entries: outcome.changes.slice(0, 50).map((c) => `${c.op} ${c.entity} ${c.key}`),
        },
      });
    }
    return outcome;
  }

  @Get('api/sites/export')
  @Requires('registry.import_export')
  @Header('Content-Type', 'text/yaml; charset=utf-8')
  @ApiOperation({ summary: 'The registry as a sites file (credentials as scrypt hashes only)' })
  @ApiProduces('text/yaml')
  async exportSites(): Promise<string> {
    const yaml = await exportSitesText(this.registry);
    if (yaml === undefined) throw new NotFoundException({ error: 'the registry is empty' });
    return yaml;
  }

  @Get('api/registry/history')
  @Requires('registry.history')
  @ApiOperation({
    summary: 'Registry versions, newest first: who, when, why and the diff; optionally of one entry',
  })
  @ApiOkResponse({ description: 'RegistryHistoryPage' })
  async history(
    @Query(new ZodValidationPipe(historyQuerySchema)) query: HistoryQuery,
  ): Promise<RegistryHistoryPage> {
    const items = await this.registry.history({
      ...(query.entity === undefined ? {} : { entity: query.entity }),
      ...(query.key === undefined ? {} : { key: query.key }),
      ...(query.limit === undefined ? {} : { limit: query.limit }),
    });
    return { items };
  }
}
