import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { z } from 'zod';
import type { CreatedUser, ItemList, RegistryUser } from '@campus/api-contract';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser } from '../../auth/current-user.decorator';
import { Requires } from '../../auth/requires.decorator';
import { ZodValidationPipe } from '../../http/zod-validation.pipe';
import {
  userCreateBodySchema,
  userListQuerySchema,
  usernameSchema,
  userPatchBodySchema,
} from './registry-users.schemas';
import { RegistryUsersService } from './registry-users.service';

const FORBIDDEN =
  'your role may not manage users, or not give this role (never above your own; a school admin: staff, security, admin)';
const NOT_FOUND = 'no such user or org unit, or outside your scope';

/** `GET/POST /api/users`, `PATCH /api/users/{username}` (docs/registry.md); names and password resets: auth/users.controller.ts. */
@ApiTags('registry')
@Controller('api/users')
@Requires('users.manage')
export class RegistryUsersController {
  constructor(@Inject(RegistryUsersService) private readonly users: RegistryUsersService) {}

  @Get()
  @ApiQuery({
    name: 'org',
    required: false,
    description: 'org unit (default: yours); its users and those below',
  })
  @ApiOkResponse({ description: '{items: [{username, name, role, org}]}' })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  async list(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(userListQuerySchema)) query: z.output<typeof userListQuerySchema>,
  ): Promise<ItemList<RegistryUser>> {
    return { items: await this.users.list(user, query.org) };
  }

  @Post()
  @HttpCode(201)
  @ApiBody({ description: '{username, name?, role, org, password?}: without password one is generated' })
  @ApiCreatedResponse({
    description: '{user, initialPassword}: initialPassword (generated) in this answer only, else null',
  })
  @ApiBadRequestResponse({
    description: 'a bad body, a taken username, a password against the policy: the reason',
  })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  create(
    @CurrentUser() user: AuthUser,
    @Body(new ZodValidationPipe(userCreateBodySchema)) body: z.output<typeof userCreateBodySchema>,
  ): Promise<CreatedUser> {
    return this.users.create(user, body);
  }

  @Patch(':username')
  @ApiBody({ description: '{name?, role?, org?}' })
  @ApiOkResponse({ description: 'the user after the change' })
  @ApiBadRequestResponse({ description: 'a bad body: the reason' })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  update(
    @CurrentUser() user: AuthUser,
    @Param('username', new ZodValidationPipe(usernameSchema)) username: string,
    @Body(new ZodValidationPipe(userPatchBodySchema)) body: z.output<typeof userPatchBodySchema>,
  ): Promise<RegistryUser> {
    return this.users.update(user, username, body);
  }
}
