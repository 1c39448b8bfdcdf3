import type { IncomingMessage, ServerResponse } from 'node:http';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type {
  AlertPlan,
  AlertPlanAnswer,
  Dispatch,
  DispatchAnswer,
  IncidentReport,
  ResponderPage,
} from '@campus/api-contract';
import { ClientIp } from '../audit/client-ip';
import { optionalUser } from '../auth/auth-request';
import { sendPrivateFile } from '../http/private-file';
import { AuthService } from '../auth/auth.service';
import type { AuthUser } from '../auth/auth-user';
import type { AddressedRequest } from '../auth/client-address';
import { CurrentUser } from '../auth/current-user.decorator';
import { Public } from '../auth/public.decorator';
import { Requires } from '../auth/requires.decorator';
import { HAZARD_REPORT_LIMITS, type HazardReportLimits } from '../hazard-reports/hazard-report-limits';
import { photoQuerySchema, type PhotoQuery } from '../hazard-reports/hazard-report.schemas';
import { readUpload } from '../hazard-reports/photo-upload';
import { requestOrigin } from '../hazard-reports/public-link';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { DispatchService } from './dispatch.service';
import { IncidentReportService } from './incident-report.service';
import { PlanService } from './plan.service';
import {
  dispatchBodySchema,
  responderMarkFieldsSchema,
  stepIdSchema,
  type DispatchBody,
} from './plans.schemas';

/** At most this many photos per request from the phone page. */
const RESPONDER_PHOTOS = 3;

/**
 * docs/alerting.md "Emergency plans": an alert's plan, its dispatches and its incident report.
 * Reading is everyone's who reads the alert; ticking a step and dispatching someone is
 * `alerts.act` (school security, school admin, admin), in scope, audited. Outside the org: 404.
 */
@ApiTags('alerts')
@Controller('api/alerts/:id')
export class PlansController {
  constructor(
    @Inject(PlanService) private readonly plans: PlanService,
    @Inject(DispatchService) private readonly dispatches: DispatchService,
    @Inject(IncidentReportService) private readonly reports: IncidentReportService,
  ) {}

  @Get('plan')
  @Requires('alerts.read')
  @ApiOkResponse({
    description: '{plan: AlertPlan | null}: the plan in force and each step with who and when',
  })
  plan(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<AlertPlanAnswer> {
    return this.plans.get(user, id);
  }

  @Post('plan/steps/:stepId/done')
  @HttpCode(200)
  @Requires('alerts.act')
  @ApiOkResponse({
    description: 'the plan with the step ticked; a paging step has paged, an action step has run',
  })
  @ApiNotFoundResponse({ description: 'no such alert in scope, or the plan has no such step' })
  @ApiConflictResponse({ description: 'the step is already done' })
  tick(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Param('stepId', new ZodValidationPipe(stepIdSchema)) stepId: string,
    @ClientIp() ip: string | null,
  ): Promise<AlertPlan> {
    return this.plans.tick(user, id, stepId, ip);
  }

  @Get('dispatches')
  @Requires('alerts.read')
  @ApiOkResponse({ description: '{items: Dispatch[], people: ResponderCandidate[]}' })
  list(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<DispatchAnswer> {
    return this.dispatches.list(user, id);
  }

  @Post('dispatches')
  @Requires('alerts.act')
  @ApiBody({ schema: { type: 'object', required: ['person'], properties: { person: { type: 'string' } } } })
  @ApiOkResponse({ description: 'the Dispatch; the person gets an SMS with the link of their phone page' })
  @ApiConflictResponse({ description: 'the person is already dispatched to this alert' })
  dispatch(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(dispatchBodySchema)) body: DispatchBody,
    @Req() req: IncomingMessage,
    @ClientIp() ip: string | null,
  ): Promise<Dispatch> {
    const encrypted = 'encrypted' in req.socket && req.socket.encrypted === true;
    return this.dispatches.dispatch(user, id, body.person, requestOrigin(req.headers.host, encrypted), ip);
  }

  @Get('report')
  @Requires('alerts.read')
  @ApiOkResponse({ description: 'the IncidentReport (处置报告)' })
  @ApiConflictResponse({ description: 'the alert is not resolved yet' })
  report(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<IncidentReport> {
    return this.reports.report(user, id);
  }
}

/** The phone page of a dispatched person, `/r/{token}`: no account, the token is the key. */
@ApiTags('alerts')
@Controller('api/public/responders/:token')
@Public()
export class PublicRespondersController {
  constructor(
    @Inject(DispatchService) private readonly dispatches: DispatchService,
    @Inject(HAZARD_REPORT_LIMITS) private readonly limits: HazardReportLimits,
  ) {}

  @Get()
  @ApiOkResponse({ description: 'the ResponderPage' })
  @ApiNotFoundResponse({ description: 'no such link' })
  @ApiGoneResponse({ description: 'the link expired (24 h after the alert was resolved)' })
  page(@Param('token') token: string): Promise<ResponderPage> {
    return this.dispatches.publicPage(token);
  }

  @Post('marks')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        state: { type: 'string', enum: ['on_the_way', 'on_site', 'handled'] },
        photos: { type: 'array', items: { type: 'string', format: 'binary' }, maxItems: RESPONDER_PHOTOS },
      },
    },
  })
  @ApiOkResponse({ description: 'the ResponderPage after the mark; photos re-encoded without EXIF' })
  @ApiConflictResponse({ description: 'a mark that does not move forward' })
  async mark(
    @Param('token') token: string,
    @Req() req: IncomingMessage & AddressedRequest,
    @ClientIp() ip: string | null,
  ): Promise<ResponderPage> {
    // the link is checked before the upload is read and decoded
    await this.dispatches.publicPage(token);
    const upload = await readUpload(req, {
      photoMaxBytes: this.limits.photoMaxBytes,
      requestMaxBytes: this.limits.requestMaxBytes,
      minPhotos: 0,
      maxPhotos: RESPONDER_PHOTOS,
    });
    const fields = new ZodValidationPipe(responderMarkFieldsSchema).transform(upload.fields, {
      type: 'body',
    });
    return this.dispatches.publicMark(token, fields.state, upload.photos, ip);
  }
}

/** A responder photo's bytes: with a signed URL (`<img src>`), or a bearer token of a user who sees the alert. */
@ApiTags('alerts')
@Controller('api/responder-photos')
@Public()
export class ResponderPhotosController {
  constructor(
    @Inject(DispatchService) private readonly dispatches: DispatchService,
    @Inject(AuthService) private readonly auth: AuthService,
  ) {}

  @Get(':id')
  @ApiOkResponse({ description: 'the photo (image/jpeg)' })
  @ApiNotFoundResponse({
    description: 'no such photo, or neither a valid signature nor a token allowed to see it',
  })
  async get(
    @Param('id') id: string,
    @Query(new ZodValidationPipe(photoQuerySchema)) query: PhotoQuery,
    @Req() req: IncomingMessage,
    @Res() res: ServerResponse,
  ): Promise<void> {
    const signed = this.dispatches.verifySignedUrl(id, query.expires, query.sig);
    const user = signed ? null : await optionalUser(this.auth, req.headers);
    const bytes = await this.dispatches.photoFile(id, { user, signed });
    sendPrivateFile(res, { bytes, contentType: 'image/jpeg' }, { maxAgeSeconds: 300 });
  }
}
