import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Post,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CredentialCheckBusyError } from '@campus/device-protocols';
import { ZodValidationPipe } from '../api/zod-validation.pipe';
import type { AuthUser } from './auth-user';
import { AuthService } from './auth.service';
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
  @ApiServiceUnavailableResponse({
    description: '{"error":"too many credential checks in progress; try again"} (a login storm)',
  })
  async login(@Body(new ZodValidationPipe(loginBodySchema)) body: LoginBody): Promise<LoginAnswer> {
    const answer = await this.auth.login(body.username, body.password).catch((err: unknown) => {
      // Overload, not a bad password: 503 tells the client to come back rather than to retype.
      if (err instanceof CredentialCheckBusyError) throw new ServiceUnavailableException(err.message);
      throw err;
    });
    if (answer === null) throw new UnauthorizedException('invalid username or password');
    return answer;
  }

  /** Who the token belongs to, and what the role may do (for the dashboard). */
  @Get('me')
  @ApiBearerAuth()
  @ApiUnauthorizedResponse({ description: 'missing, bad or expired token' })
  me(@CurrentUser() user: AuthUser): AuthUser & { permissions: Permission[] } {
    return { ...user, permissions: permissionsOf(user.role) };
  }
}
