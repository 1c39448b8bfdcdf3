import {
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { bearerToken, type AuthRequest } from './auth-request';
import { AuthService } from './auth.service';
import { IS_PUBLIC } from './public.decorator';

/**
 * Global guard (registered as APP_GUARD by AuthModule): every HTTP route needs
 * `Authorization: Bearer <token>` unless marked `@Public()`. Missing, bad or expired token → 401.
 * On success `request.user` is the AuthUser (read it with `@CurrentUser()`).
 * socket.io connections are authenticated by the gateway itself, at the handshake.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const open = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (open === true) return true;
    const request = context.switchToHttp().getRequest<AuthRequest>();
    const token = bearerToken(request.headers['authorization']);
    if (token === undefined) throw new UnauthorizedException('missing bearer token');
    const session = await this.auth.authenticate(token);
    if (session === null) throw new UnauthorizedException('invalid or expired token');
    request.user = session.user;
    return true;
  }
}
