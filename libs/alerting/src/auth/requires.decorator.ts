import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { PermissionGuard, REQUIRED_PERMISSIONS } from './permission.guard';
import type { Permission } from './role-permissions';

/**
 * The role must hold every permission named (see ROLE_PERMISSIONS); 403 otherwise. On a controller
 * and a handler both, all of them are required. Where the user may act is a separate question:
 * ScopePolicyService.
 */
export const Requires = (...permissions: Permission[]): ClassDecorator & MethodDecorator =>
  applyDecorators(
    SetMetadata(REQUIRED_PERMISSIONS, permissions),
    UseGuards(PermissionGuard),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'missing, bad or expired token' }),
    ApiForbiddenResponse({ description: `the role lacks ${permissions.join(', ')}` }),
  );
