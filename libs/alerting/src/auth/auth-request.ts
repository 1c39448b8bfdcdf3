import type { AuthUser } from './auth-user';

/** The part of an HTTP request (express or fastify) the auth pieces use. */
export interface AuthRequest {
  headers: Record<string, string | string[] | undefined>;
  user?: AuthUser;
}

/** The token of an `Authorization: Bearer <token>` header; undefined when absent or malformed. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const m = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]+)[ \t]*$/i.exec(header);
  return m?.[1];
}

/** The signed-in user of a request on a public route (a bearer token is optional there), or null. */
export async function optionalUser(
  auth: { authenticate(token: string): Promise<{ user: AuthUser } | null> },
  headers: AuthRequest['headers'],
): Promise<AuthUser | null> {
  const token = bearerToken(headers['authorization']);
  return token === undefined ? null : ((await auth.authenticate(token))?.user ?? null);
}
