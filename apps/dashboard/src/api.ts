import { ref } from 'vue';

/**
 * The core of the dashboard's HTTP side: the session (token + user, in sessionStorage so each tab
 * has its own login) and `api()`, JSON over fetch with the bearer token. Feature modules
 * (`src/api/*.ts`) build on `api()`; nothing else talks to the server except the live-alerts
 * store's socket.io connection.
 */

/** A user as the login answer gives it (CONTRACTS §5), with the role's permissions (api-plan). */
export interface User {
  username: string;
  role: string;
  org: string;
  /** From the login answer; absent in sessions stored by an older dashboard (then: by role). */
  permissions?: string[];
}

const TOKEN_KEY = 'campus.token';
const USER_KEY = 'campus.user';

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

/** Ends the session; `expired` when the server refused the token (401, socket session_expired). */
export function logout(reason: 'expired' | null = null): void {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(USER_KEY);
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
}

/** JSON over fetch with the bearer token; a 401 ends the session (back to the login form). */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token.value) headers['authorization'] = `Bearer ${token.value}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (err) {
    throw new ApiError(0, err instanceof Error ? err.message : String(err));
  }
  if (res.status === 401 && token.value) {
    logout('expired');
    throw new ApiError(401, 'session expired');
  }
  const text = await res.text();
  if (!res.ok) throw new ApiError(res.status, text || res.statusText);
  return (text ? JSON.parse(text) : undefined) as T;
}

interface LoginAnswer {
  accessToken: string;
  user: User;
  permissions?: string[];
}

export async function login(username: string, password: string): Promise<void> {
  const res = await api<LoginAnswer>('POST', '/api/auth/login', { username, password });
  const signedIn: User = { ...res.user, permissions: res.permissions ?? res.user.permissions ?? [] };
  sessionStorage.setItem(TOKEN_KEY, res.accessToken);
  sessionStorage.setItem(USER_KEY, JSON.stringify(signedIn));
  sessionEnded.value = null;
  token.value = res.accessToken;
  user.value = signedIn;
}

/** Refreshes the stored user (role, org, permissions) from `GET /api/auth/me`; a 401 logs out. */
export async function refreshUser(): Promise<void> {
  const me = await api<User & { permissions?: string[] }>('GET', '/api/auth/me');
  const refreshed: User = {
    username: me.username,
    role: me.role,
    org: me.org,
    permissions: me.permissions ?? [],
  };
  sessionStorage.setItem(USER_KEY, JSON.stringify(refreshed));
  user.value = refreshed;
}
