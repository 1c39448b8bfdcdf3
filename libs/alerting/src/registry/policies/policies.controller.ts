import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { z } from 'zod';
import type { EscalationPolicyView, ItemList, EntryHistoryItem, RulePreview } from '@campus/api-contract';
import type { Severity } from '@campus/device-protocols';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser } from '../../auth/current-user.decorator';
import { Requires } from '../../auth/requires.decorator';
import { ZodValidationPipe } from '../../http/zod-validation.pipe';
import type { DocEntry } from '../transforms/sites-document';
import {
  noteQuerySchema,
  policyBodySchema,
  ruleBodySchema,
  ruleIdSchema,
  severityParamSchema,
} from './policies.schemas';
import { PoliciesService } from './policies.service';

const READ_FORBIDDEN = 'rules and escalation are read by the officers of a county and above, and admin';
const WRITE_FORBIDDEN =
  'rules and escalation are province-wide: the province (province_officer, admin) changes them';
const NOTE = { name: 'note', required: false, description: 'why: kept in the history with the change' };
type NoteQuery = z.output<typeof noteQuerySchema>;
const HISTORY = '{items: [{version, at, actor, reason, op, before, after}]}, newest first';

/** `GET/PUT /api/escalation-policies/{severity}` and its history (docs/registry.md). */
@ApiTags('registry')
@Controller('api/escalation-policies')
export class EscalationPoliciesController {
  constructor(@Inject(PoliciesService) private readonly policies: PoliciesService) {}

  @Get(':severity')
  @Requires('rules.read')
  @ApiOkResponse({ description: '{severity, steps}: steps null = the built-in default (docs/alerting.md)' })
  @ApiForbiddenResponse({ description: READ_FORBIDDEN })
  get(
    @Param('severity', new ZodValidationPipe(severityParamSchema)) severity: Severity,
  ): Promise<EscalationPolicyView> {
    return this.policies.policy(severity);
  }

  @Put(':severity')
  @Requires('rules.manage')
  @ApiQuery(NOTE)
  @ApiBody({ description: '{steps: [{level, after, channels}] | null}' })
  @ApiOkResponse({ description: 'the policy; alerts opened from now on follow it, open ones keep theirs' })
  @ApiBadRequestResponse({ description: 'a bad step: the reason' })
  @ApiForbiddenResponse({ description: WRITE_FORBIDDEN })
  put(
    @CurrentUser() user: AuthUser,
    @Param('severity', new ZodValidationPipe(severityParamSchema)) severity: Severity,
    @Body(new ZodValidationPipe(policyBodySchema)) body: z.output<typeof policyBodySchema>,
    @Query(new ZodValidationPipe(noteQuerySchema)) query: NoteQuery,
  ): Promise<EscalationPolicyView> {
    return this.policies.setPolicy(user, severity, body.steps, query.note);
  }

  @Get(':severity/history')
  @Requires('rules.read')
  @ApiOkResponse({ description: HISTORY })
  @ApiForbiddenResponse({ description: READ_FORBIDDEN })
  async history(
    @Param('severity', new ZodValidationPipe(severityParamSchema)) severity: Severity,
  ): Promise<ItemList<EntryHistoryItem>> {
    return { items: await this.policies.policyHistory(severity) };
  }
}

/** `GET/POST/PUT/DELETE /api/rules` and `/api/rules/{id}/history` (docs/registry.md). */
@ApiTags('registry')
@Controller('api/rules')
export class RulesController {
  constructor(@Inject(PoliciesService) private readonly policies: PoliciesService) {}

  @Get()
  @Requires('rules.read')
  @ApiOkResponse({
    description: '{items: rule entries as in the sites file’s rules: (overrides and own rules)}',
  })
  @ApiForbiddenResponse({ description: READ_FORBIDDEN })
  async list(): Promise<ItemList<DocEntry>> {
    return { items: await this.policies.rules() };
  }

  @Get(':id')
  @Requires('rules.read')
  @ApiOkResponse({ description: 'the rule entry' })
  @ApiNotFoundResponse({ description: 'no such rule entry' })
  get(@Param('id', new ZodValidationPipe(ruleIdSchema)) id: string): Promise<DocEntry> {
    return this.policies.rule(id);
  }

  @Post('preview')
  @HttpCode(200)
  @Requires('rules.read')
  @ApiBody({ description: 'a rule entry, as for POST or PUT (not saved)' })
  @ApiOkResponse({
    description:
      '{rule, wouldHaveOpened, perSchool: [{school, name, count}], from, to, basis}: the last 7 days replayed (docs/alerting.md)',
  })
  @ApiBadRequestResponse({
    description: 'the rules’ checks refused it (as PUT would), or a kind the preview cannot replay',
  })
  @ApiForbiddenResponse({ description: READ_FORBIDDEN })
  @ApiServiceUnavailableResponse({ description: 'no time-series store on this alert service' })
  preview(
    @CurrentUser() user: AuthUser,
    @Body(new ZodValidationPipe(ruleBodySchema)) body: z.output<typeof ruleBodySchema>,
  ): Promise<RulePreview> {
    return this.policies.preview(user, body);
  }

  @Post()
  @HttpCode(201)
  @Requires('rules.manage')
  @ApiQuery(NOTE)
  @ApiBody({
    description:
      'a rule entry (docs/alerting.md): {id, kind, match, alert, …} or an override {id: "default:…", …}',
  })
  @ApiCreatedResponse({ description: 'the rule entry; in force at once' })
  @ApiBadRequestResponse({ description: 'the rules’ checks refused it: the reason (rules[i]: …)' })
  @ApiForbiddenResponse({ description: WRITE_FORBIDDEN })
  add(
    @CurrentUser() user: AuthUser,
    @Body(new ZodValidationPipe(ruleBodySchema)) body: z.output<typeof ruleBodySchema>,
    @Query(new ZodValidationPipe(noteQuerySchema)) query: NoteQuery,
  ): Promise<DocEntry> {
    return this.policies.addRule(user, body, query.note);
  }

  @Put(':id')
  @Requires('rules.manage')
  @ApiQuery(NOTE)
  @ApiOkResponse({ description: 'the rule entry after the change' })
  @ApiBadRequestResponse({ description: 'the rules’ checks refused it: the reason' })
  @ApiForbiddenResponse({ description: WRITE_FORBIDDEN })
  @ApiNotFoundResponse({ description: 'no such rule entry' })
  put(
    @CurrentUser() user: AuthUser,
    @Param('id', new ZodValidationPipe(ruleIdSchema)) id: string,
    @Body(new ZodValidationPipe(ruleBodySchema)) body: z.output<typeof ruleBodySchema>,
    @Query(new ZodValidationPipe(noteQuerySchema)) query: NoteQuery,
  ): Promise<DocEntry> {
    return this.policies.replaceRule(user, id, body, query.note);
  }

  @Delete(':id')
  @HttpCode(204)
  @Requires('rules.manage')
  @ApiQuery(NOTE)
  @ApiNoContentResponse({ description: 'removed (a removed override restores the built-in rule)' })
  @ApiForbiddenResponse({ description: WRITE_FORBIDDEN })
  @ApiNotFoundResponse({ description: 'no such rule entry' })
  remove(
    @CurrentUser() user: AuthUser,
    @Param('id', new ZodValidationPipe(ruleIdSchema)) id: string,
    @Query(new ZodValidationPipe(noteQuerySchema)) query: NoteQuery,
  ): Promise<void> {
    return this.policies.removeRule(user, id, query.note);
  }

  @Get(':id/history')
  @Requires('rules.read')
  @ApiOkResponse({ description: HISTORY })
  @ApiForbiddenResponse({ description: READ_FORBIDDEN })
  async history(
    @Param('id', new ZodValidationPipe(ruleIdSchema)) id: string,
  ): Promise<ItemList<EntryHistoryItem>> {
    return { items: await this.policies.ruleHistory(id) };
  }
}
