import { ref } from 'vue';

/** An alert as the API and socket.io give it (CONTRACTS §5). */
export interface Alert {
  id: string;
  type: string;
  severity: string;
  status: 'open' | 'acknowledged' | 'resolved';
  level: string;
  school: string;
  county: string;
  city: string;
  device: string;
  openedAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  occurrences: number;
}

export interface User {
  username: string;
  role: string;
  org: string;
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

export function logout(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(USER_KEY);
  token.value = null;
  user.value = null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** JSON over fetch with the bearer token; a 401 ends the session (back to the login form). */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (token.value) headers['authorization'] = `Bearer ${token.value}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (res.status === 401 && token.value) {
    logout();
    throw new ApiError(401, 'session expired');
  }
  const text = await res.text();
  if (!res.ok) throw new ApiError(res.status, text || res.statusText);
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function login(username: string, password: string): Promise<void> {
  const res = await api<{ accessToken: string; user: User }>('POST', '/api/auth/login', {
    username,
    password,
  });
  sessionStorage.setItem(TOKEN_KEY, res.accessToken);
  sessionStorage.setItem(USER_KEY, JSON.stringify(res.user));
  token.value = res.accessToken;
  user.value = res.user;
}

export const listOpenAlerts = () => api<{ items: Alert[] }>('GET', '/api/alerts?status=open');
export const acknowledgeAlert = (id: string, note?: string) =>
  api<Alert>('POST', `/api/alerts/${encodeURIComponent(id)}/ack`, note ? { note } : {});
