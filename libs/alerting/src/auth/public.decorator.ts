import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';

export const IS_PUBLIC = 'campus:public';

/**
 * Marks a route (or a whole controller) as open without a token. Every other route needs one:
 * AuthGuard is global. In the OpenAPI document the route declares that no auth is required.
 */
export const Public = (): ClassDecorator & MethodDecorator =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiSecurity({}));
