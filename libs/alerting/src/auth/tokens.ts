/** Nest injection tokens of authentication and org scoping (use with `@Inject(TOKEN)`). */

/** The access-token service (`TokenService`). */
export const TOKEN_SERVICE = Symbol('TOKEN_SERVICE');
/** The sites file's org tree (`OrgTree`). */
export const ORG_TREE = Symbol('ORG_TREE');
/** The accounts table (`AccountStore`: AccountRepository, or MemoryAccountStore without a database). */
export const ACCOUNT_STORE = Symbol('ACCOUNT_STORE');
/** The login throttle of this process (`LoginThrottle`). */
export const LOGIN_THROTTLE = Symbol('LOGIN_THROTTLE');
