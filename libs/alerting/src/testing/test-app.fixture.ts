import pino, { type Logger } from 'pino';
import { TokenService } from '../auth/token-service';
import { createAlertingApp, type AlertingApp, type AlertingAppOptions } from '../app/create-app';
import { ProbeController } from './probe.fixture';
import { JWT_TEST_SECRET, passwordOf, testSites } from './test-sites.fixture';

export interface TestApp {
  url: string;
  handle: AlertingApp;
  /** Every log line, parsed. */
  logs: Record<string, unknown>[];
  /** A fresh access token of a test user. */
  tokenOf(username: string): Promise<string>;
  close(): Promise<void>;
}

/** A silent-but-recorded pino logger. */
export function recordingLogger(): { logger: Logger; logs: Record<string, unknown>[] } {
  const logs: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => logs.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { logger, logs };
}

/** The alert service on 127.0.0.1, a random port, with the test sites and the probe controller. */
export async function startTestApp(extra: Partial<AlertingAppOptions> = {}): Promise<TestApp> {
  const { logger, logs } = recordingLogger();
  const handle = await createAlertingApp({
    sites: testSites(),
    logger,
    tokens: new TokenService({ secret: JWT_TEST_SECRET }),
    controllers: [ProbeController],
    ...extra,
  });
  const url = await handle.listen(0, '127.0.0.1');
  return {
    url,
    handle,
    logs,
    tokenOf: async (username) => {
      const res = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: passwordOf(username) }),
      });
      const body = (await res.json()) as { accessToken?: string };
      if (body.accessToken === undefined) throw new Error(`login of ${username} failed: ${res.status}`);
      return body.accessToken;
    },
    close: () => handle.close(),
  };
}

/** GET/POST with an optional bearer token; the status and the parsed JSON body. */
export async function call(
  url: string,
  init: { method?: string; token?: string; body?: unknown; rawBody?: string } = {},
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (init.token !== undefined) headers['authorization'] = `Bearer ${init.token}`;
  let body: string | undefined;
  if (init.rawBody !== undefined || init.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = init.rawBody ?? JSON.stringify(init.body);
  }
  const res = await fetch(url, {
    method: init.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed, headers: res.headers };
}
