import type {
  ChangePasswordBody,
  LoginAnswer,
  LoginBody,
  Me,
  RefreshBody,
  SessionUser,
  SsoExchangeBody,
} from '@campus/api-contract';
import { ref } from 'vue';
import { refreshDelayMs } from '../stores/session-rules';

/**
 * The core of the dashboard's HTTP side: the session (token + user, in sessionStorage so each tab
 * has its own login) and `api()`, JSON over fetch with the bearer token. Feature modules
 * (the other `api/*.ts`) build on `api()`; nothing else talks to the server except the live-alerts
 * store's socket.io connection.
 *
 * Access tokens live 15 minutes. The login answer's refresh token (kept in the tab's
 * sessionStorage, like the access token: each tab has its own session, which one cookie for the
 * whole browser could not give) buys a new access token at `POST /api/auth/refresh` a minute
 * before the old one runs out, and once more when a request is answered 401. The refresh token
 * itself ends with the session (12 h), at a logout on any device, or at a password change.
 */

/**
 * The signed-in user as this tab keeps it: the login answer's user (libs/api-contract) with the
 * role's permissions; `permissions` is absent in sessions stored by an older dashboard (then: by role).
 */
export type User = SessionUser & { permissions?: string[] };

const TOKEN_KEY = 'campus.token';
const USER_KEY = 'campus.user';
const REFRESH_KEY = 'campus.refresh';
const EXPIRES_KEY = 'campus.expiresAt';

function readUser(): User | null {
  const raw = sessionStorage.getItem(USER_KEY);
  try {
    return raw ? (JSON.parse(raw) as User) : null;
  } catch {
    return null;
  }
}

/** The session: a token in sessionStorage; null means the login form. */
export const token = ref<string | null>(sessionStorage.getItem(TOKEN_KEY));
export const user = ref<User | null>(readUser());
/** Why the last session ended when it was not the user's choice (shown on the login form). */
export const sessionEnded = ref<'expired' | null>(null);

let renewal: ReturnType<typeof setTimeout> | undefined;

/** Renews the access token shortly before `expiresAt` (ISO 8601); retries every 10 s on a network failure. */
function scheduleRefresh(expiresAt: string | null): void {
  clearTimeout(renewal);
  const at = expiresAt === null ? Number.NaN : Date.parse(expiresAt);
  if (Number.isNaN(at)) return;
  renewal = setTimeout(
    () => {
      refreshSession().catch(() => {
        renewal = setTimeout(() => void refreshSession().catch(() => undefined), 10_000);
      });
    },
    refreshDelayMs(at, Date.now()),
  );
}
scheduleRefresh(sessionStorage.getItem(EXPIRES_KEY));

/**
 * Ends the session in this tab; `expired` when the server refused the token and it could not be
 * renewed. The tokens stay valid elsewhere (another tab or device of the same user, such as the
 * duty room's alarm screen): `logoutEverywhere` revokes them all.
 */
export function logout(reason: 'expired' | null = null): void {
  clearTimeout(renewal);
  for (const key of [TOKEN_KEY, USER_KEY, REFRESH_KEY, EXPIRES_KEY]) sessionStorage.removeItem(key);
  sessionEnded.value = reason;
  token.value = null;
  user.value = null;
}

/** Whether the signed-in user's role holds `permission` (the server decides in the end). */
export function hasPermission(permission: string): boolean {
  return user.value?.permissions?.includes(permission) ?? false;
}

/**
 * A failed request: `status` is the HTTP status (0: the server could not be reached) and
 * `message` the raw response body (JSON `{"error": "…"}` from our API); `reason` is the
 * human-readable part of it.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The server's `error`/`message` text, else the body, else `HTTP <status>`. */
  get reason(): string {
    try {
      const body = JSON.parse(this.message) as { error?: unknown; message?: unknown };
      if (typeof body.error === 'string' && body.error) return body.error;
      if (typeof body.message === 'string' && body.message) return body.message;
    } catch {
      // not JSON: the text itself
    }
    return this.message || (this.status === 0 ? 'network error' : `HTTP ${this.status}`);
  }

  /** The wait a 429 asks for (`retryAfterSeconds` of its body), if any. */
  get retryAfterSeconds(): number | undefined {
    try {
      const body = JSON.parse(this.message) as { retryAfterSeconds?: unknown };
      return typeof body.retryAfterSeconds === 'number' ? body.retryAfterSeconds : undefined;
    } catch {
      return undefined;
    }
  }
}

async function send(method: string, path: string, body: unknown, bearer: string | null): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (bearer) headers['authorization'] = `Bearer ${bearer}`;
  // A FormData body goes as multipart/form-data: the browser writes the content type with its boundary.
  const form = body instanceof FormData;
  // A Blob goes as it is, with its own type (a CSV file to import: text/csv).
  const blob = body instanceof Blob;
  if (blob) headers['content-type'] = body.type || 'application/octet-stream';
  else if (body !== undefined && !form) headers['content-type'] = 'application/json';
  try {
    return await fetch(path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: form || blob ? body : JSON.stringify(body) }),
    });
  } catch (err) {
    throw new ApiError(0, err instanceof Error ? err.message : String(err));
  }
}

/**
 * JSON (or a FormData as multipart, for photo uploads) over fetch with the bearer token. A 401 renews the access token and tries once more; when
 * it cannot be renewed the session ends (back to the login form, "session expired").
 */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const bearer = token.value;
  let res = await send(method, path, body, bearer);
  if (res.status === 401 && bearer) {
    // a token renewed meanwhile (another request's refresh) is simply used; else renew it now
    const renewed = token.value !== bearer ? token.value !== null : await refreshSession().catch(() => false);
    if (renewed) res = await send(method, path, body, token.value);
    if (!renewed || res.status === 401) {
      if (token.value) logout('expired');
      throw new ApiError(401, 'session expired');
    }
  }
  const text = await res.text();
  if (!res.ok) throw new ApiError(res.status, text || res.statusText);
  return (text ? JSON.parse(text) : undefined) as T;
}

function startSession(res: LoginAnswer): void {
  const signedIn: User = { ...res.user, permissions: res.permissions ?? [] };
  sessionStorage.setItem(TOKEN_KEY, res.accessToken);
  sessionStorage.setItem(USER_KEY, JSON.stringify(signedIn));
  if (res.refreshToken) sessionStorage.setItem(REFRESH_KEY, res.refreshToken);
  if (res.expiresAt) sessionStorage.setItem(EXPIRES_KEY, res.expiresAt);
  sessionEnded.value = null;
  token.value = res.accessToken;
  user.value = signedIn;
  scheduleRefresh(res.expiresAt ?? null);
}

export async function login(username: string, password: string): Promise<void> {
  const body: LoginBody = { username, password };
  startSession(await api<LoginAnswer>('POST', '/api/auth/login', body));
}

/**
 * Single sign-on (统一身份认证): trades the one-time code the server put in the
 * `/login/callback#code=…` fragment for the session; the tokens themselves never sit in a URL.
 */
export async function loginWithSsoCode(code: string): Promise<void> {
  const body: SsoExchangeBody = { code };
  startSession(await api<LoginAnswer>('POST', '/api/auth/oidc/exchange', body));
}

let refreshing: Promise<boolean> | null = null;

/**
 * A new access token for this tab's session (one request at a time, whoever asks). True when it
 * is in place; false when the session is over — the refresh token was refused (logged out
 * everywhere, password changed, 12 h passed), which ends the session here too. Rejects with an
 * ApiError when the server could not be reached: the session stays, try again later.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const refreshToken = sessionStorage.getItem(REFRESH_KEY);
    const before = token.value;
    if (!refreshToken || before === null) return false;
    const body: RefreshBody = { refreshToken };
    const res = await send('POST', '/api/auth/refresh', body, null);
    // signed out, or in as someone else, while it was under way: leave that session alone
    if (token.value !== before) return token.value !== null;
    if (res.status === 401) {
      logout('expired');
      return false;
    }
    if (!res.ok) throw new ApiError(res.status, (await res.text()) || res.statusText);
    startSession((await res.json()) as LoginAnswer);
    return true;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/**
 * Changes the signed-in user's password (the server revokes every token of the user, this tab's
 * too) and signs this tab in again with the new one, so the guard's screen carries on.
 */
export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  const username = user.value?.username;
  if (username === undefined) throw new ApiError(401, 'session expired');
  const body: ChangePasswordBody = { currentPassword, newPassword };
  await api<void>('POST', '/api/auth/password', body);
  await login(username, newPassword);
}

/** Revokes every token of the user (every tab and device), then ends the session here. */
export async function logoutEverywhere(): Promise<void> {
  try {
    await api<void>('POST', '/api/auth/logout');
  } finally {
    logout();
  }
}

/** Refreshes the stored user (role, org, permissions) from `GET /api/auth/me`; a 401 logs out. */
export async function refreshUser(): Promise<void> {
  const me = await api<Me>('GET', '/api/auth/me');
  const refreshed: User = {
    username: me.username,
    role: me.role,
    org: me.org,
    permissions: me.permissions ?? [],
  };
  sessionStorage.setItem(USER_KEY, JSON.stringify(refreshed));
  user.value = refreshed;
}
