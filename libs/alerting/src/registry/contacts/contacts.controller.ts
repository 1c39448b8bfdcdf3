import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { z } from 'zod';
import type { ItemList, RegistryContact } from '@campus/api-contract';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser } from '../../auth/current-user.decorator';
import { Requires } from '../../auth/requires.decorator';
import { ZodValidationPipe } from '../../http/zod-validation.pipe';
import {
  contactCreateBodySchema,
  contactIdSchema,
  contactListQuerySchema,
  contactPatchBodySchema,
} from './contacts.schemas';
import { ContactsService } from './contacts.service';

const NOT_FOUND = 'no such contact or org unit, or outside your scope';
const FORBIDDEN = 'your role may not manage contacts (school_admin, the officers and admin may)';

/** `GET/POST/PATCH/DELETE /api/contacts` (docs/registry.md, "Managing through the API and the dashboard"). */
@ApiTags('registry')
@Controller('api/contacts')
@Requires('contacts.manage')
export class ContactsController {
  constructor(@Inject(ContactsService) private readonly contacts: ContactsService) {}

  @Get()
  @ApiQuery({
    name: 'org',
    required: false,
    description: 'org unit code (default: yours); its contacts and those below it',
  })
  @ApiOkResponse({ description: '{items: [{id, org, name, phone, hours}]}' })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  async list(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(contactListQuerySchema)) query: z.output<typeof contactListQuerySchema>,
  ): Promise<ItemList<RegistryContact>> {
    return { items: await this.contacts.list(user, query.org) };
  }

  @Post()
  @HttpCode(201)
  @ApiBody({ description: '{org, name, phone, hours?: [{from: "HH:MM", to: "HH:MM", days?: [1..7]}]}' })
  @ApiCreatedResponse({ description: 'the contact with its id; paged from the next escalation step' })
  @ApiBadRequestResponse({ description: 'a bad body, or the registry refused it: the reason' })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  create(
    @CurrentUser() user: AuthUser,
    @Body(new ZodValidationPipe(contactCreateBodySchema)) body: z.output<typeof contactCreateBodySchema>,
  ): Promise<RegistryContact> {
    return this.contacts.create(user, body);
  }

  @Patch(':id')
  @ApiBody({ description: '{name?, phone?, hours?}: hours null = every hour' })
  @ApiOkResponse({
    description: 'the contact after the change; the next escalation step pages it as changed',
  })
  @ApiBadRequestResponse({ description: 'a bad body: the reason' })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', new ZodValidationPipe(contactIdSchema)) id: string,
    @Body(new ZodValidationPipe(contactPatchBodySchema)) body: z.output<typeof contactPatchBodySchema>,
  ): Promise<RegistryContact> {
    return this.contacts.update(user, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'removed' })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  remove(
    @CurrentUser() user: AuthUser,
    @Param('id', new ZodValidationPipe(contactIdSchema)) id: string,
  ): Promise<void> {
    return this.contacts.remove(user, id);
  }
}
