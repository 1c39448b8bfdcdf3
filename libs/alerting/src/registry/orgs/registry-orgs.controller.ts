import { Body, Controller, HttpCode, Inject, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { z } from 'zod';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser } from '../../auth/current-user.decorator';
import { Requires } from '../../auth/requires.decorator';
import { ZodValidationPipe } from '../../http/zod-validation.pipe';
import { orgCodeParamSchema, orgCreateBodySchema, orgPatchBodySchema } from './registry-orgs.schemas';
import { RegistryOrgsService } from './registry-orgs.service';

/** `POST /api/orgs`, `PATCH /api/orgs/{code}` (docs/registry.md); `GET /api/orgs` is orgs/orgs.controller.ts. */
@ApiTags('registry')
@Controller('api/orgs')
export class RegistryOrgsController {
  constructor(@Inject(RegistryOrgsService) private readonly orgs: RegistryOrgsService) {}

  @Post()
  @HttpCode(201)
  @Requires('orgs.manage')
  @ApiBody({ description: '{level: city|county|school, code, name, parent, bureau?, hours?, location?}' })
  @ApiCreatedResponse({ description: '{code, version}: the unit is live at once' })
  @ApiBadRequestResponse({ description: 'a bad body, a taken code, a parent of the wrong level: the reason' })
  @ApiForbiddenResponse({ description: 'your role may not add units (the officers and admin may)' })
  @ApiNotFoundResponse({ description: 'the parent is not in your scope' })
  create(
    @CurrentUser() user: AuthUser,
    @Body(new ZodValidationPipe(orgCreateBodySchema)) body: z.output<typeof orgCreateBodySchema>,
  ): Promise<{ code: string; version: number }> {
    return this.orgs.create(user, body);
  }

  @Patch(':code')
  @ApiBody({
    description: '{name?, bureau?, hours?, location?, county?}: county moves a school; null removes a field',
  })
  @ApiOkResponse({ description: '{code, version}' })
  @ApiBadRequestResponse({ description: 'a bad body, or the registry refused the change: the reason' })
  @ApiForbiddenResponse({
    description:
      'not your level to change (officers change units below their own; a school admin its school’s hours and location)',
  })
  @ApiNotFoundResponse({ description: 'the unit (or the target county) is not in your scope' })
  update(
    @CurrentUser() user: AuthUser,
    @Param('code', new ZodValidationPipe(orgCodeParamSchema)) code: string,
    @Body(new ZodValidationPipe(orgPatchBodySchema)) body: z.output<typeof orgPatchBodySchema>,
  ): Promise<{ code: string; version: number }> {
    return this.orgs.update(user, code, body);
  }
}
