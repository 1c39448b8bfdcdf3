export { MemoryAccountStore, type AccountRecord, type AccountStore } from './account-store';
export {
  changePasswordBodySchema,
  refreshBodySchema,
  resetPasswordBodySchema,
  type ChangePasswordBody,
  type RefreshBody,
  type ResetPasswordBody,
} from './account.schemas';
export { AuthController } from './auth.controller';
export { AuthGuard } from './auth.guard';
export { AuthModule, type AuthModuleOptions } from './auth.module';
export { bearerToken, type AuthRequest } from './auth-request';
export { AuthService, LoginThrottledError } from './auth.service';
export {
  clientAddress,
  trustProxyFromEnv,
  type AddressedRequest,
  type TrustProxySetting,
} from './client-address';
export {
  DEFAULT_LOGIN_THROTTLE,
  LoginThrottle,
  loginThrottlePolicyFromEnv,
  type Admission,
  type LoginThrottlePolicy,
  type LoginTicket,
  type ThrottleReason,
} from './login-throttle';
export { hashPassword } from './password-hash';
export { COMMON_PASSWORDS, MIN_PASSWORD_LENGTH, passwordProblem } from './password-policy';
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
  REFRESH_TOKEN_TTL_SECONDS,
  TOKEN_TTL_SECONDS,
  TokenService,
  type RefreshClaims,
  type SignedToken,
  type TokenClaims,
  type TokenServiceOptions,
} from './token-service';
export { TOKEN_VERSION_MAX_AGE_MS, TokenVersions, type TokenVersionSource } from './token-versions';
export { ACCOUNT_STORE, LOGIN_THROTTLE, ORG_TREE, TOKEN_SERVICE } from './tokens';
export { UsersController } from './users.controller';
