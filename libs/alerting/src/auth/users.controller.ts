import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiTags,
} from '@nestjs/swagger';
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
