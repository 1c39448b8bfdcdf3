import { io, type Socket } from 'socket.io-client';

/** A logged-in API user (docs/alerting.md), the way the dashboard talks to the service. */
export class ApiUser {
  private constructor(
    readonly baseUrl: string,
    readonly username: string,
    readonly token: string,
  ) {}

  static async login(baseUrl: string, username: string, password = 'demo-pass'): Promise<ApiUser> {
    const res = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.status !== 200)
      throw new Error(`login as ${username} answered ${res.status}: ${await res.text()}`);
    const body = (await res.json()) as { accessToken: string };
    return new ApiUser(baseUrl, username, body.accessToken);
  }

  async request(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  }

  /** A socket.io connection that records every `alert` event. */
  async live(): Promise<{ socket: Socket; alerts: Record<string, unknown>[] }> {
    const socket = io(this.baseUrl, {
      auth: { token: this.token },
      transports: ['websocket'],
      forceNew: true,
    });
    const alerts: Record<string, unknown>[] = [];
    socket.on('alert', (alert: Record<string, unknown>) => alerts.push(alert));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return { socket, alerts };
  }
}
