import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpException,
  HttpStatus,
  Inject,
  Post,
  Req,
  Res,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Me } from '@campus/api-contract';
import { CredentialCheckBusyError } from '@campus/device-protocols';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import {
  ChangePasswordBodyDoc,
  changePasswordBodySchema,
  RefreshBodyDoc,
  refreshBodySchema,
  type ChangePasswordBody,
  type RefreshBody,
} from './account.schemas';
import type { AuthUser } from './auth-user';
import { AuthService, LoginThrottledError } from './auth.service';
import { clientAddress, type AddressedRequest } from './client-address';
import { CurrentUser } from './current-user.decorator';
import {
  LoginAnswerDoc,
  LoginBodyDoc,
  loginBodySchema,
  type LoginAnswer,
  type LoginBody,
} from './login.schema';
import { Public } from './public.decorator';
import { permissionsOf, type Permission } from './role-permissions';

/** The part of the response the throttling answers touch. */
export interface HeaderResponse {
  setHeader(name: string, value: string): unknown;
}

const TOO_MANY =
  '429 {"error":"too many login attempts; try again in N s","retryAfterSeconds":N} with `Retry-After: N`: ' +
  'the account is locked after repeated failures, or this client address made too many failed attempts';

/**
 * The HTTP answer for a failure of the password check: 429 with Retry-After when throttled, 503
 * "try again" when too many checks wait (overload, not a bad password: the client should come
 * back rather than retype); anything else as it is.
 */
function passwordCheckFailure(err: unknown, res: HeaderResponse): unknown {
  if (err instanceof LoginThrottledError) {
    res.setHeader('Retry-After', String(err.retryAfterSeconds));
    return new HttpException(
      { error: err.message, retryAfterSeconds: err.retryAfterSeconds },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
  if (err instanceof CredentialCheckBusyError) {
    res.setHeader('Retry-After', '1');
    return new ServiceUnavailableException(err.message);
  }
  return err;
}

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiBody({ type: LoginBodyDoc })
  @ApiOkResponse({ type: LoginAnswerDoc })
  @ApiBadRequestResponse({ description: 'body is not {username, password}' })
  @ApiUnauthorizedResponse({ description: '{"error":"invalid username or password"}' })
  @ApiTooManyRequestsResponse({ description: TOO_MANY })
  @ApiServiceUnavailableResponse({
    description: '{"error":"too many credential checks in progress; try again"} (a login storm)',
  })
  async login(
    @Body(new ZodValidationPipe(loginBodySchema)) body: LoginBody,
    @Req() req: AddressedRequest,
    @Res({ passthrough: true }) res: HeaderResponse,
  ): Promise<LoginAnswer> {
    const answer = await this.auth
      .login(body.username, body.password, clientAddress(req))
      .catch((err: unknown) => {
        throw passwordCheckFailure(err, res);
      });
    if (answer === null) throw new UnauthorizedException('invalid username or password');
    return answer;
  }

  /** A new access token for the refresh token of a login (the dashboard calls it before expiry). */
  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiBody({ type: RefreshBodyDoc })
  @ApiOkResponse({ type: LoginAnswerDoc, description: 'the login answer again, with the same refresh token' })
  @ApiUnauthorizedResponse({
    description: 'the refresh token is bad or expired, or the user logged out or changed the password since',
  })
  async refresh(@Body(new ZodValidationPipe(refreshBodySchema)) body: RefreshBody): Promise<LoginAnswer> {
    const answer = await this.auth.refresh(body.refreshToken);
    if (answer === null) throw new UnauthorizedException('invalid or expired refresh token; sign in again');
    return answer;
  }

  /** Ends every session of the user (all their access and refresh tokens). */
  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'every token of the user is refused from now on' })
  @ApiUnauthorizedResponse({ description: 'missing, bad or expired token' })
  async logout(@CurrentUser() user: AuthUser, @Req() req: AddressedRequest): Promise<void> {
    await this.auth.logout(user, clientAddress(req));
  }

  /** The signed-in user changes their own password; then every token of theirs is refused. */
  @Post('password')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiBody({ type: ChangePasswordBodyDoc })
  @ApiNoContentResponse({ description: 'changed; every token of the user is revoked: sign in again' })
  @ApiBadRequestResponse({ description: 'the new password breaks the policy (the `error` says how)' })
  @ApiForbiddenResponse({ description: '{"error":"the current password is wrong"}' })
  @ApiUnauthorizedResponse({ description: 'missing, bad or expired token' })
  @ApiTooManyRequestsResponse({ description: TOO_MANY })
  async changePassword(
    @CurrentUser() user: AuthUser,
    @Body(new ZodValidationPipe(changePasswordBodySchema)) body: ChangePasswordBody,
    @Req() req: AddressedRequest,
    @Res({ passthrough: true }) res: HeaderResponse,
  ): Promise<void> {
    await this.auth
      .changePassword(user, body.currentPassword, body.newPassword, clientAddress(req))
      .catch((err: unknown) => {
        throw passwordCheckFailure(err, res);
      });
  }

  /** Who the token belongs to, and what the role may do (for the dashboard). */
  @Get('me')
  @ApiBearerAuth()
  @ApiUnauthorizedResponse({ description: 'missing, bad or expired token' })
  me(@CurrentUser() user: AuthUser): Me & { permissions: Permission[] } {
    const name = this.auth.nameOf(user.username);
    return { ...user, ...(name ? { name } : {}), permissions: permissionsOf(user.role) };
  }
}
