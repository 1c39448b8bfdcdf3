import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AlertMediaAnswer } from '@campus/api-contract';
import { optionalUser } from '../auth/auth-request';
import { sendPrivateFile } from '../http/private-file';
import { AuthService } from '../auth/auth.service';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Public } from '../auth/public.decorator';
import { Requires } from '../auth/requires.decorator';
import { photoQuerySchema, type PhotoQuery } from '../hazard-reports/hazard-report.schemas';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { MediaService } from './media.service';

/** 视频复核 (docs/alerting.md): the pictures and clips of an alert's covering cameras; outside the user's org 404. */
@ApiTags('alerts')
@Controller('api/alerts/:id/media')
export class AlertMediaController {
  constructor(@Inject(MediaService) private readonly media: MediaService) {}

  @Get()
  @Requires('alerts.read')
  @ApiOkResponse({
    description:
      '{items: AlertMedia[]}: oldest first; files with signed URLs, unreachable cameras with error',
  })
  async list(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<AlertMediaAnswer> {
    return { items: await this.media.list(user, id) };
  }
}

/**
 * One media file's bytes: with the signed URL's `expires` and `sig` (for `<img>`/`<video>`, which
 * send no bearer token), or with a bearer token of a user who sees the alert; anything else 404.
 */
@ApiTags('alerts')
@Controller('api/alerts/:id/media')
@Public()
export class AlertMediaFileController {
  constructor(
    @Inject(MediaService) private readonly media: MediaService,
    @Inject(AuthService) private readonly auth: AuthService,
  ) {}

  @Get(':mediaId')
  @ApiOkResponse({ description: 'the file (image/jpeg or video/mp4)' })
  @ApiNotFoundResponse({
    description: 'no such file, or neither a valid signature nor a token allowed to see the alert',
  })
  async get(
    @Param('id') id: string,
    @Param('mediaId') mediaId: string,
    @Query(new ZodValidationPipe(photoQuerySchema)) query: PhotoQuery,
    @Req() req: IncomingMessage,
    @Res() res: ServerResponse,
  ): Promise<void> {
    const user = await optionalUser(this.auth, req.headers);
    const file = await this.media.file(id, mediaId, { user, expires: query.expires, sig: query.sig });
    // a stored file never changes (written once under a fresh key)
    sendPrivateFile(res, file, { maxAgeSeconds: 86_400, immutable: true });
  }
}
