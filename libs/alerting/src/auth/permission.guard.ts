import {
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthRequest } from './auth-request';
import { roleMay, type Permission } from './role-permissions';

export const REQUIRED_PERMISSIONS = 'campus:requires';

/**
 * Checks the permissions named by `@Requires(...)` (on the handler and its controller: all of them)
 * against the user's role. Runs after the global AuthGuard; 403 when the role lacks one.
 */
@Injectable()
export class PermissionGuard implements CanActivate {
  constructor(@Inject(Reflector) private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndMerge<Permission[]>(REQUIRED_PERMISSIONS, [
      context.getHandler(),
      context.getClass(),
    ]);
    const user = context.switchToHttp().getRequest<AuthRequest>().user;
    if (user === undefined) throw new UnauthorizedException('missing bearer token');
    const missing = required.find((p) => !roleMay(user.role, p));
    if (missing !== undefined) throw new ForbiddenException(`role ${user.role} may not ${missing}`);
    return true;
  }
}
