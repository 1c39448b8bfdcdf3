import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { UserNames } from '@campus/api-contract';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import {
  ResetPasswordBodyDoc,
  resetPasswordBodySchema,
  usernameParamSchema,
  type ResetPasswordBody,
} from './account.schemas';
import type { AuthUser } from './auth-user';
import { AuthService } from './auth.service';
import { clientAddress, type AddressedRequest } from './client-address';
import { CurrentUser } from './current-user.decorator';
import { Requires } from './requires.decorator';

/** Accounts of other users, for administrators. */
@ApiTags('auth')
@Controller('api/users')
export class UsersController {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  /**
   * People's names for the screens, which show who did what by name, never by login. Every
   * signed-in user may read them: a name is on every paper record the platform prints.
   */
  @Get('names')
  @ApiOkResponse({ description: '{ items: [{ username, name }] }: the users the sites file gives a name' })
  names(): UserNames {
    return { items: this.auth.names() };
  }

  /**
   * Sets the password of a user in the administrator's scope (school admin: the school's users;
   * admin: everyone) and revokes that user's tokens.
   */
  @Post(':username/password')
  @HttpCode(204)
  @Requires('users.reset_password')
  @ApiBody({ type: ResetPasswordBodyDoc })
  @ApiNoContentResponse({
    description: 'set; the user signs in with it, every older token of theirs is refused',
  })
  @ApiBadRequestResponse({
    description: 'the password breaks the policy, or it is your own account (use POST /api/auth/password)',
  })
  @ApiNotFoundResponse({ description: 'no such user in your scope' })
  async resetPassword(
    @CurrentUser() admin: AuthUser,
    @Param('username', new ZodValidationPipe(usernameParamSchema)) username: string,
    @Body(new ZodValidationPipe(resetPasswordBodySchema)) body: ResetPasswordBody,
    @Req() req: AddressedRequest,
  ): Promise<void> {
    await this.auth.resetPassword(admin, username, body.newPassword, clientAddress(req));
  }
}
