import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ClientIp } from '../audit/client-ip';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Requires } from '../auth/requires.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import type { Finding, Inspection } from '../domain/inspection';
import {
  CompleteBodyDoc,
  FindingBodyDoc,
  FindingDoc,
  InspectionDoc,
  InspectionListDoc,
  ItemResultBodyDoc,
  StartInspectionBodyDoc,
} from './inspection.docs';
import {
  completeBodySchema,
  findingBodySchema,
  inspectionListQuerySchema,
  itemKeySchema,
  itemResultBodySchema,
  startInspectionBodySchema,
  type CompleteBody,
  type FindingBody,
  type InspectionListParams,
  type ItemResultBody,
  type StartInspectionBody,
} from './inspection.schemas';
import { InspectionService } from './inspection.service';

const OUTSIDE = 'unknown, or outside the user’s org';
const DONE = 'the inspection is completed';
const NOT_YOURS =
  'the role lacks inspections.start, or the user is not the inspection’s inspector nor an admin';

/** 线上督查 over HTTP: every role reads its org's inspections; officers (inspections.start) run them. */
@ApiTags('inspections')
@Controller('api/inspections')
export class InspectionsController {
  constructor(@Inject(InspectionService) private readonly inspections: InspectionService) {}

  @Post()
  @Requires('inspections.start')
  @ApiOperation({
    summary: 'Start an inspection of a school; the automatic checklist items are measured now',
  })
  @ApiBody({ type: StartInspectionBodyDoc })
  @ApiCreatedResponse({ type: InspectionDoc })
  @ApiNotFoundResponse({ description: `school ${OUTSIDE}` })
  start(
    @CurrentUser() user: AuthUser,
    @Body(new ZodValidationPipe(startInspectionBodySchema)) body: StartInspectionBody,
    @ClientIp() ip: string | null,
  ): Promise<Inspection> {
    return this.inspections.start(user, body, ip);
  }

  @Get()
  @Requires('inspections.read')
  @ApiOperation({ summary: 'Inspections of the user’s org (or of `org` / `school` within it), newest first' })
  @ApiOkResponse({ type: InspectionListDoc })
  @ApiNotFoundResponse({ description: `org or school ${OUTSIDE}` })
  async list(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(inspectionListQuerySchema)) query: InspectionListParams,
  ): Promise<{ items: Inspection[] }> {
    return { items: await this.inspections.list(user, query) };
  }

  @Get(':id')
  @Requires('inspections.read')
  @ApiOkResponse({ type: InspectionDoc })
  @ApiNotFoundResponse({ description: `inspection ${OUTSIDE}` })
  get(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<Inspection> {
    return this.inspections.get(user, id);
  }

  @Patch(':id/items/:key')
  @Requires('inspections.start')
  @ApiOperation({ summary: 'The inspector’s verdict on one checklist item' })
  @ApiBody({ type: ItemResultBodyDoc })
  @ApiOkResponse({ type: InspectionDoc })
  @ApiNotFoundResponse({ description: `inspection ${OUTSIDE}, or no such item` })
  @ApiForbiddenResponse({ description: NOT_YOURS })
  @ApiConflictResponse({ description: DONE })
  setItem(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Param('key', new ZodValidationPipe(itemKeySchema)) key: string,
    @Body(new ZodValidationPipe(itemResultBodySchema)) body: ItemResultBody,
    @ClientIp() ip: string | null,
  ): Promise<Inspection> {
    return this.inspections.setItem(user, id, key, body, ip);
  }

  @Post(':id/findings')
  @Requires('inspections.start')
  @ApiOperation({
    summary: 'Record a finding: registers a hazard at the school (source `inspection`) by the inspector',
  })
  @ApiBody({ type: FindingBodyDoc })
  @ApiCreatedResponse({ type: FindingDoc })
  @ApiBadRequestResponse({
    description: 'bad body, an item not on the checklist, or a deadline not in the future',
  })
  @ApiNotFoundResponse({ description: `inspection ${OUTSIDE}` })
  @ApiForbiddenResponse({ description: NOT_YOURS })
  @ApiConflictResponse({ description: DONE })
  addFinding(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(findingBodySchema)) body: FindingBody,
    @ClientIp() ip: string | null,
  ): Promise<Finding> {
    return this.inspections.addFinding(user, id, body, ip);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Requires('inspections.start')
  @ApiOperation({ summary: 'Complete the inspection; it is read-only afterwards' })
  @ApiBody({ type: CompleteBodyDoc, required: false })
  @ApiOkResponse({ type: InspectionDoc })
  @ApiNotFoundResponse({ description: `inspection ${OUTSIDE}` })
  @ApiForbiddenResponse({ description: NOT_YOURS })
  @ApiConflictResponse({ description: `${DONE} already` })
  complete(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(completeBodySchema)) body: CompleteBody,
    @ClientIp() ip: string | null,
  ): Promise<Inspection> {
    return this.inspections.complete(user, id, body, ip);
  }
}
