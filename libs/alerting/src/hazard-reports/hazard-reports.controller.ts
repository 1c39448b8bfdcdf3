import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpException,
  HttpStatus,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { z } from 'zod';
import { ClientIp } from '../audit/client-ip';
import { optionalUser } from '../auth/auth-request';
import { sendPrivateFile } from '../http/private-file';
import { AuthService } from '../auth/auth.service';
import type { AuthUser } from '../auth/auth-user';
import { clientAddress, type AddressedRequest } from '../auth/client-address';
import { CurrentUser } from '../auth/current-user.decorator';
import { Public } from '../auth/public.decorator';
import { Requires } from '../auth/requires.decorator';
import type { HazardReport, Photo } from '../domain/hazard-report';
import { HAZARD_REPORT_CATEGORIES, HAZARD_REPORT_STATUSES, PHOTO_STAGES } from '../domain/hazard-report';
import { HAZARD_GRADES, type HazardReportPlace } from '@campus/api-contract';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import {
  dismissHazardReportBodySchema,
  followQuerySchema,
  hazardPhotoFieldsSchema,
  hazardReportFieldsSchema,
  hazardReportListQuerySchema,
  mergeHazardReportBodySchema,
  photoCountsQuerySchema,
  photoQuerySchema,
  publicHazardReportFieldsSchema,
  registerHazardReportBodySchema,
  type DismissHazardReportBody,
  type FollowQuery,
  type HazardReportListQuery,
  type MergeHazardReportBody,
  type PhotoCountsQuery,
  type PhotoQuery,
  type RegisterHazardReportBody,
} from './hazard-report.schemas';
import {
  HazardReportService,
  PublicReportThrottledError,
  type PublicReportReceipt,
  type PublicReportStatus,
} from './hazard-report.service';
import type { HazardPhotoCount, PublicSchool, SchoolPublicLink } from '@campus/api-contract';
import { requestOrigin } from './public-link';
import { readUpload, type Upload } from './photo-upload';

type UploadRequest = IncomingMessage & AddressedRequest;

const PHOTOS_FIELD = { type: 'array', items: { type: 'string', format: 'binary' }, minItems: 1, maxItems: 6 };
const REPORT_FORM = {
  category: { type: 'string', enum: [...HAZARD_REPORT_CATEGORIES] },
  description: { type: 'string', maxLength: 2000 },
  building: { type: 'string' },
  floor: { type: 'string' },
  room: { type: 'string' },
  urgent: { type: 'string', enum: ['true', 'false'] },
  photos: PHOTOS_FIELD,
};
const TOO_LARGE =
  '{"error": "photo 1 (…) is 9.0 MiB, over the limit …"}: a photo over HAZARD_PHOTO_MAX_BYTES or a request over HAZARD_REPORT_MAX_BYTES; nothing is stored';
const REFUSED =
  'bad fields, not 1–6 photos, or a file that is not a JPEG, PNG or WebP image by its content; nothing is stored';

/** Validates the text fields of an upload with `schema` (400 with the zod details, as the pipe does). */
function fieldsOf<T>(schema: z.ZodType<T>, upload: Upload): T {
  return new ZodValidationPipe(schema).transform(upload.fields, { type: 'body' });
}

/** 人人参与 over HTTP (docs/alerting.md "Hazard reports"): report, follow, triage. */
@ApiTags('hazard-reports')
@Controller('api/hazard-reports')
@Requires('hazard_reports.read')
export class HazardReportsController {
  constructor(@Inject(HazardReportService) private readonly reports: HazardReportService) {}

  @Post()
  @Requires('hazard_reports.submit')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', required: ['category', 'description', 'photos'], properties: REPORT_FORM },
  })
  @ApiCreatedResponse({ description: 'the report, status `new`, with signed photo URLs' })
  @ApiPayloadTooLargeResponse({ description: TOO_LARGE })
  @ApiBadRequestResponse({ description: REFUSED })
  async submit(
    @CurrentUser() user: AuthUser,
    @Req() req: UploadRequest,
    @ClientIp() ip: string | null,
  ): Promise<HazardReport> {
    const upload = await readUpload(req, this.uploadRules(1, 6));
    return this.reports.submit(user, fieldsOf(hazardReportFieldsSchema, upload), upload.photos, ip);
  }

  @Get()
  @ApiOkResponse({
    description: `{items: HazardReport[]}, newest first; \`status\` one of ${HAZARD_REPORT_STATUSES.join(', ')}. A school_staff user gets their own reports only`,
  })
  async list(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(hazardReportListQuerySchema)) query: HazardReportListQuery,
  ): Promise<{ items: HazardReport[] }> {
    return { items: await this.reports.list(user, query) };
  }

  /** Declared before `:id`, which would otherwise take `places` for an id. */
  @Get('places')
  @ApiOkResponse({
    description:
      "{items: [{building, floor, room}]}: the places of the user's school (from its devices in the sites file), for the reporting form; empty above a school",
  })
  places(@CurrentUser() user: AuthUser): { items: HazardReportPlace[] } {
    return { items: this.reports.placesOf(user) };
  }

  @Get(':id')
  @ApiNotFoundResponse({ description: 'no such report, outside the scope, or (school_staff) not their own' })
  get(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<HazardReport> {
    return this.reports.get(user, id);
  }

  @Post(':id/register')
  @HttpCode(200)
  @Requires('hazard_reports.triage')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['grade', 'owner', 'deadline'],
      properties: {
        grade: { type: 'string', enum: [...HAZARD_GRADES] },
        owner: { type: 'string' },
        deadline: { type: 'string', format: 'date-time' },
        title: { type: 'string' },
      },
    },
  })
  @ApiOkResponse({
    description:
      'the report, status `registered`, with `hazardId` of the new hazard; 409 when already triaged',
  })
  register(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(registerHazardReportBodySchema)) body: RegisterHazardReportBody,
    @ClientIp() ip: string | null,
  ): Promise<HazardReport> {
    return this.reports.register(user, id, body, ip);
  }

  @Post(':id/merge')
  @HttpCode(200)
  @Requires('hazard_reports.triage')
  @ApiBody({
    schema: { type: 'object', required: ['hazardId'], properties: { hazardId: { type: 'string' } } },
  })
  @ApiOkResponse({
    description: 'the report, status `merged`, linked to the unclosed hazard of the same school',
  })
  merge(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(mergeHazardReportBodySchema)) body: MergeHazardReportBody,
    @ClientIp() ip: string | null,
  ): Promise<HazardReport> {
    return this.reports.merge(user, id, body, ip);
  }

  @Post(':id/dismiss')
  @HttpCode(200)
  @Requires('hazard_reports.triage')
  @ApiBody({ schema: { type: 'object', required: ['reason'], properties: { reason: { type: 'string' } } } })
  @ApiOkResponse({ description: 'the report, status `dismissed`, with the reason' })
  dismiss(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(dismissHazardReportBodySchema)) body: DismissHazardReportBody,
    @ClientIp() ip: string | null,
  ): Promise<HazardReport> {
    return this.reports.dismiss(user, id, body, ip);
  }

  private uploadRules(minPhotos: number, maxPhotos: number) {
    const { photoMaxBytes, requestMaxBytes } = this.reports.limits;
    return { photoMaxBytes, requestMaxBytes, minPhotos, maxPhotos };
  }
}

/**
 * The public reporting link of a school (its QR code points at the dashboard's page, which posts
 * here): no account; rate-limited per client address and per school; lands as `unverified`.
 */
@ApiTags('hazard-reports')
@Controller('api/public/schools/:code/hazard-reports')
@Public()
export class PublicHazardReportsController {
  constructor(@Inject(HazardReportService) private readonly reports: HazardReportService) {}

  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['category', 'description', 'photos'],
      properties: {
        ...REPORT_FORM,
        contact: { type: 'string', description: 'optional phone or name' },
        website: { type: 'string', description: 'honeypot: must stay empty' },
      },
    },
  })
  @ApiCreatedResponse({
    description:
      '{"id", "status": "unverified", "followToken"}: the reporter follows it with GET /api/public/hazard-reports/{id}?token=',
  })
  @ApiNotFoundResponse({ description: 'no school with this code' })
  @ApiTooManyRequestsResponse({
    description:
      '{"error": "too many reports …", "retryAfterSeconds": N} with Retry-After: PUBLIC_REPORTS_PER_ADDRESS / PUBLIC_REPORTS_PER_SCHOOL per PUBLIC_REPORTS_WINDOW',
  })
  @ApiPayloadTooLargeResponse({ description: TOO_LARGE })
  @ApiBadRequestResponse({ description: REFUSED })
  async submit(
    @Param('code') code: string,
    @Req() req: UploadRequest,
    @Res({ passthrough: true }) res: ServerResponse,
    @ClientIp() ip: string | null,
  ): Promise<PublicReportReceipt> {
    let org;
    try {
      org = this.reports.admitPublic(code, clientAddress(req));
    } catch (error) {
      if (!(error instanceof PublicReportThrottledError)) throw error;
      res.setHeader('Retry-After', String(error.retryAfterSeconds));
      // read the body to its end so the client gets the answer rather than a reset connection
      req.resume();
      throw new HttpException(
        { error: error.message, retryAfterSeconds: error.retryAfterSeconds },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    const { photoMaxBytes, requestMaxBytes } = this.reports.limits;
    const upload = await readUpload(req, { photoMaxBytes, requestMaxBytes, minPhotos: 1, maxPhotos: 6 });
    return this.reports.submitPublic(
      org,
      fieldsOf(publicHazardReportFieldsSchema, upload),
      upload.photos,
      ip,
    );
  }
}

/** What the public reporting page (`/p/{code}`) shows of the school: no account. */
@ApiTags('hazard-reports')
@Controller('api/public/schools')
@Public()
export class PublicSchoolsController {
  constructor(@Inject(HazardReportService) private readonly reports: HazardReportService) {}

  @Get(':code')
  @ApiOkResponse({
    description: '{code, name, buildings}: the school and its buildings, for the public form',
  })
  @ApiNotFoundResponse({ description: 'no school with this code' })
  school(@Param('code') code: string): PublicSchool {
    return this.reports.publicSchool(code);
  }
}

/** Photo counts per hazard: the hazard CSV and the printed inspection report name them with a link. */
@ApiTags('hazards')
@Controller('api/hazard-photo-counts')
@Requires('hazards.read')
export class HazardPhotoCountsController {
  constructor(@Inject(HazardReportService) private readonly reports: HazardReportService) {}

  @Get()
  @ApiOkResponse({
    description:
      '{items: [{hazardId, photos}]}: hazards of the scope (or of `org` within it) that have photos',
  })
  async list(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(photoCountsQuerySchema)) query: PhotoCountsQuery,
  ): Promise<{ items: HazardPhotoCount[] }> {
    return { items: await this.reports.photoCounts(user, query.org) };
  }
}

/** A school's public reporting link and its QR code, for the poster it prints. */
@ApiTags('hazard-reports')
@Controller('api/schools/:code/public-link')
@Requires('hazards.read')
export class SchoolPublicLinkController {
  constructor(@Inject(HazardReportService) private readonly reports: HazardReportService) {}

  @Get()
  @ApiOkResponse({
    description:
      '{school: {code, name}, url, svg}: url = <PUBLIC_URL>/p/{code} (without PUBLIC_URL: the origin of this request), svg its QR code',
  })
  @ApiNotFoundResponse({ description: "no such school, or outside the user's scope" })
  link(
    @CurrentUser() user: AuthUser,
    @Param('code') code: string,
    @Req() req: IncomingMessage,
  ): Promise<SchoolPublicLink> {
    const encrypted = 'encrypted' in req.socket && req.socket.encrypted === true;
    return this.reports.publicLink(user, code, requestOrigin(req.headers.host, encrypted));
  }
}

/** An anonymous reporter follows their report with the token the report's answer gave them. */
@ApiTags('hazard-reports')
@Controller('api/public/hazard-reports')
@Public()
export class PublicHazardReportStatusController {
  constructor(@Inject(HazardReportService) private readonly reports: HazardReportService) {}

  @Get(':id')
  @ApiOkResponse({ description: '{id, status, hazardState, fixed}' })
  @ApiNotFoundResponse({ description: 'no such public report, or the wrong token' })
  status(
    @Param('id') id: string,
    @Query(new ZodValidationPipe(followQuerySchema)) query: FollowQuery,
  ): Promise<PublicReportStatus> {
    return this.reports.publicStatus(id, query.token);
  }
}

/** The photos of a hazard's loop: listed, and added at rectification ("after") and acceptance. */
@ApiTags('hazards')
@Controller('api/hazards/:id/photos')
@Requires('hazards.read')
export class HazardPhotosController {
  constructor(@Inject(HazardReportService) private readonly reports: HazardReportService) {}

  @Get()
  @ApiOkResponse({
    description: '{items: Photo[]}: before (from reports), after, acceptance; oldest first; signed URLs',
  })
  async list(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<{ items: Photo[] }> {
    return { items: await this.reports.hazardPhotos(user, id) };
  }

  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['stage', 'photos'],
      properties: {
        stage: { type: 'string', enum: [...PHOTO_STAGES] },
        note: { type: 'string' },
        photos: PHOTOS_FIELD,
      },
    },
  })
  @ApiCreatedResponse({
    description: '{items: Photo[]}; "after" needs hazards.manage, "acceptance" hazards.accept',
  })
  @ApiPayloadTooLargeResponse({ description: TOO_LARGE })
  @ApiBadRequestResponse({ description: REFUSED })
  async add(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() req: UploadRequest,
    @ClientIp() ip: string | null,
  ): Promise<{ items: Photo[] }> {
    const { photoMaxBytes, requestMaxBytes } = this.reports.limits;
    const upload = await readUpload(req, { photoMaxBytes, requestMaxBytes, minPhotos: 1, maxPhotos: 6 });
    const fields = fieldsOf(hazardPhotoFieldsSchema, upload);
    return {
      items: await this.reports.addHazardPhotos(user, id, fields.stage, fields.note, upload.photos, ip),
    };
  }
}

/**
 * One photo's bytes: with a signed URL's `expires` and `sig` (for `<img src>`), or with a bearer
 * token of a user who may see its report or hazard. Anything else answers 404.
 */
@ApiTags('hazard-reports')
@Controller('api/photos')
@Public()
export class PhotosController {
  constructor(
    @Inject(HazardReportService) private readonly reports: HazardReportService,
    @Inject(AuthService) private readonly auth: AuthService,
  ) {}

  @Get(':id')
  @ApiOkResponse({ description: 'the image (image/jpeg, image/png or image/webp)' })
  @ApiNotFoundResponse({
    description: 'no such photo, or neither a valid signature nor a token allowed to see it',
  })
  async get(
    @Param('id') id: string,
    @Query(new ZodValidationPipe(photoQuerySchema)) query: PhotoQuery,
    @Req() req: IncomingMessage,
    @Res() res: ServerResponse,
  ): Promise<void> {
    const signed = this.reports.verifySignedUrl(id, query.expires, query.sig);
    const user = signed ? null : await optionalUser(this.auth, req.headers);
    sendPrivateFile(res, await this.reports.photoFile(id, { user, signed }), { maxAgeSeconds: 300 });
  }
}
