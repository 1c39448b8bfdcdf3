import { createParamDecorator, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import type { AuthRequest } from './auth-request';
import type { AuthUser } from './auth-user';

/** The authenticated user of the request (set by AuthGuard); 401 on a route without one. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  const user = context.switchToHttp().getRequest<AuthRequest>().user;
  if (user === undefined) throw new UnauthorizedException('missing bearer token');
  return user;
});
