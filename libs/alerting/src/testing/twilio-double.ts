import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the double received (failed ones included, with the status it answered). */
export interface RecordedTwilioRequest {
  kind: 'sms' | 'voice';
  to: string;
  from: string;
  /** SMS text (Messages). */
  body?: string;
  /** Inline TwiML (Calls). */
  twiml?: string;
  statusCallback?: string;
  /** The HTTP status answered. */
  status: number;
  /** The sid answered (201 only). */
  sid?: string;
  at: Date;
}

export interface TwilioDoubleOptions {
  accountSid?: string;
  authToken?: string;
}

type FailureStatus = 400 | 429 | 500 | 503;

const API = '/2010-04-01/Accounts/';

/**
 * A real local HTTP server speaking the part of Twilio's REST API the notifier uses:
 * `POST /2010-04-01/Accounts/{sid}/Messages.json` and `…/Calls.json`, Basic auth, form bodies,
 * Twilio-shaped JSON answers and errors. Point the notifier's TWILIO_API_URL at `url`.
 */
export class TwilioDouble {
  readonly requests: RecordedTwilioRequest[] = [];
  readonly accountSid: string;
  readonly authToken: string;
  private failures: FailureStatus[] = [];
  private readonly listeners = new Set<() => void>();

  private readonly server: Server;
  private baseUrl = '';

  private constructor(options: TwilioDoubleOptions) {
    this.accountSid = options.accountSid ?? `AC${'1'.repeat(32)}`;
    this.authToken = options.authToken ?? 'test-auth-token';
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  /** Starts a double on 127.0.0.1 and a free port. */
  static async start(options: TwilioDoubleOptions = {}): Promise<TwilioDouble> {
    const double = new TwilioDouble(options);
    await new Promise<void>((resolve) => double.server.listen(0, '127.0.0.1', resolve));
    const { port } = double.server.address() as AddressInfo;
    double.baseUrl = `http://127.0.0.1:${port}`;
    return double;
  }

  /** Base URL to use as TWILIO_API_URL. */
  get url(): string {
    return this.baseUrl;
  }

  /** The next `count` Messages/Calls requests (after auth) answer `status` with a Twilio error. */
  failNext(count: number, status: FailureStatus = 500): void {
    for (let i = 0; i < count; i++) this.failures.push(status);
  }

  /** Resolves with the recorded requests once `predicate` holds for them; rejects after `timeoutMs`. */
  waitFor(
    predicate: (requests: readonly RecordedTwilioRequest[]) => boolean,
    timeoutMs = 5_000,
  ): Promise<RecordedTwilioRequest[]> {
    if (predicate(this.requests)) return Promise.resolve([...this.requests]);
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!predicate(this.requests)) return;
        done();
        resolve([...this.requests]);
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(
            `TwilioDouble.waitFor timed out after ${timeoutMs} ms (${this.requests.length} requests)`,
          ),
        );
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
    });
  }

  reset(): void {
    this.requests.length = 0;
    this.failures = [];
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.close((err) => (err ? reject(err) : resolve()));
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://double').pathname;
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/(Messages|Calls)\.json$/.exec(path);
    if (req.method !== 'POST' || match === null) {
      return send(res, 404, twilioError(404, 20404, `The requested resource ${path} was not found`));
    }
    if (match[1] !== this.accountSid || !this.authorized(req)) {
      return send(res, 401, twilioError(401, 20003, 'Authenticate'));
    }
    const form = new URLSearchParams(body);
    const kind = match[2] === 'Messages' ? 'sms' : 'voice';
    const recorded = this.record(kind, form);
    const status = this.failures.shift() ?? this.validate(kind, form);
    recorded.status = status ?? 201;
    if (status !== undefined) {
      this.notify();
      return send(res, status, failureBody(status, form.get('To') ?? ''));
    }
    recorded.sid = `${kind === 'sms' ? 'SM' : 'CA'}${randomBytes(16).toString('hex')}`;
    this.notify();
    send(res, 201, resource(kind, recorded.sid, this.accountSid, form));
  }

  private authorized(req: IncomingMessage): boolean {
    const expected = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
    return req.headers.authorization === expected;
  }

  private validate(kind: 'sms' | 'voice', form: URLSearchParams): FailureStatus | undefined {
    if (!form.get('To') || !form.get('From')) return 400;
    if (kind === 'sms' && !form.get('Body')) return 400;
    if (kind === 'voice' && !form.get('Twiml') && !form.get('Url')) return 400;
    return undefined;
  }

  private record(kind: 'sms' | 'voice', form: URLSearchParams): RecordedTwilioRequest {
    const optional = (
      key: string,
      name: 'body' | 'twiml' | 'statusCallback',
    ): Partial<RecordedTwilioRequest> => {
      const v = form.get(key);
      return v === null ? {} : { [name]: v };
    };
    const recorded: RecordedTwilioRequest = {
      kind,
      to: form.get('To') ?? '',
      from: form.get('From') ?? '',
      ...optional('Body', 'body'),
      ...optional('Twiml', 'twiml'),
      ...optional('StatusCallback', 'statusCallback'),
      status: 0,
      at: new Date(),
    };
    this.requests.push(recorded);
    return recorded;
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, json: object): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(json));
}

function twilioError(status: number, code: number, message: string): object {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

function failureBody(status: FailureStatus, to: string): object {
  if (status === 400) return twilioError(400, 21211, `Invalid 'To' Phone Number: ${to}`);
  if (status === 429) return twilioError(429, 20429, 'Too Many Requests');
  return twilioError(status, 20500, 'Internal Server Error');
}

function resource(kind: 'sms' | 'voice', sid: string, accountSid: string, form: URLSearchParams): object {
  const now = new Date().toUTCString().replace('GMT', '+0000');
  const common = {
    sid,
    account_sid: accountSid,
    api_version: '2010-04-01',
    to: form.get('To'),
    from: form.get('From'),
    status: 'queued',
    direction: 'outbound-api',
    date_created: now,
    date_updated: now,
    price: null,
    price_unit: 'USD',
  };
  if (kind === 'sms') {
    return {
      ...common,
      body: form.get('Body'),
      num_segments: '1',
      num_media: '0',
      error_code: null,
      error_message: null,
      date_sent: null,
      messaging_service_sid: null,
      uri: `${API}${accountSid}/Messages/${sid}.json`,
      subresource_uris: { media: `${API}${accountSid}/Messages/${sid}/Media.json` },
    };
  }
  return {
    ...common,
    parent_call_sid: null,
    start_time: null,
    end_time: null,
    duration: null,
    answered_by: null,
    caller_name: null,
    uri: `${API}${accountSid}/Calls/${sid}.json`,
  };
}
