export { AuthController } from './auth.controller';
export { AuthGuard } from './auth.guard';
export { AuthModule, type AuthModuleOptions } from './auth.module';
export { bearerToken, type AuthRequest } from './auth-request';
export { AuthService } from './auth.service';
export type { AuthUser, Session } from './auth-user';
export { CurrentUser } from './current-user.decorator';
export { loginBodySchema, type LoginAnswer, type LoginBody } from './login.schema';
export { OrgScope } from './org-scope';
export { OrgTree, type OrgUnit } from './org-tree';
export { PasswordCheck, type StoredSecret, type VerifySecret } from './password-check';
export { PermissionGuard, REQUIRED_PERMISSIONS } from './permission.guard';
export { IS_PUBLIC, Public } from './public.decorator';
export { Requires } from './requires.decorator';
export { PERMISSIONS, ROLE_PERMISSIONS, permissionsOf, roleMay, type Permission } from './role-permissions';
export { ScopePolicyService } from './scope-policy.service';
export {
  TOKEN_TTL_SECONDS,
  TokenService,
  type SignedToken,
  type TokenClaims,
  type TokenServiceOptions,
} from './token-service';
export { LOGGER, ORG_TREE, SITES, TOKEN_SERVICE } from './tokens';
