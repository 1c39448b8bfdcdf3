import type { Logger } from 'pino';
import twilio from 'twilio';
import { statusCallbackUrl } from './delivery-status';
import {
  NotifierConfigError,
  type NotificationRequest,
  type Notifier,
  type NotifierChannel,
  type SendResult,
} from './notifier';
import { classifyError } from './retry-policy';
import { voiceTwiml } from './twiml';
import { DEFAULT_TWILIO_API_URL, RebasedRequestClient } from './twilio-http-client';

export interface TwilioNotifierConfig {
  /** `AC…` */
  accountSid: string;
  authToken: string;
  /** The sending number (E.164). */
  from: string;
  /** TWILIO_API_URL: base the SDK's paths are appended to; default https://api.twilio.com. */
  apiUrl?: string;
  /** Public URL Twilio posts delivery status to (alert, level and channel go in its query). */
  statusCallbackUrl?: string;
  /** `<Say language>`; default zh-CN. */
  voiceLanguage?: string;
  /** Per-request HTTP timeout; default 10 s (a retry is better than a hung page). */
  timeoutMs?: number;
}

/** SMS through the Messages API, voice through the Calls API (inline TwiML), with the official SDK. */
export class TwilioNotifier implements Notifier {
  private readonly client: twilio.Twilio;

  constructor(
    private readonly config: TwilioNotifierConfig,
    private readonly logger?: Logger,
  ) {
    const httpClient = new RebasedRequestClient(config.apiUrl ?? DEFAULT_TWILIO_API_URL, {
      timeout: config.timeoutMs ?? 10_000,
      autoRetry: false,
    });
    this.client = twilio(config.accountSid, config.authToken, { httpClient });
  }

  async send(n: NotificationRequest): Promise<SendResult> {
    const statusCallback =
      this.config.statusCallbackUrl === undefined
        ? undefined
        : statusCallbackUrl(this.config.statusCallbackUrl, n);
    const callback = statusCallback === undefined ? {} : { statusCallback };
    try {
      const sent =
        n.channel === 'sms'
          ? await this.client.messages.create({ to: n.to, from: this.config.from, body: n.body, ...callback })
          : await this.client.calls.create({
              to: n.to,
              from: this.config.from,
              twiml: voiceTwiml(n.body, this.config.voiceLanguage),
              ...callback,
            });
      this.logger?.debug(
        { alertId: n.alertId, channel: n.channel, to: n.to, sid: sent.sid },
        'twilio accepted',
      );
      return { ok: true, sid: sent.sid, status: String(sent.status) };
    } catch (err) {
      const failure = classifyError(err);
      this.logger?.warn(
        { alertId: n.alertId, channel: n.channel, to: n.to, attempt: n.attempt, ...failure },
        'twilio send failed',
      );
      return { ok: false, ...failure };
    }
  }
}

const REQUIRED = ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'] as const;

/**
 * Twilio when TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM are all set (TWILIO_API_URL
 * optional; docs/operations.md). Some but not all set, or a SID not starting with `AC`, is refused.
 */
export const TWILIO_CHANNEL: NotifierChannel = {
  fromEnv(env, logger, options) {
    const value = (k: string): string | undefined => (env[k]?.trim() ? env[k]?.trim() : undefined);
    const missing = REQUIRED.filter((k) => value(k) === undefined);
    if (missing.length === REQUIRED.length) return undefined;
    if (missing.length > 0) {
      throw new NotifierConfigError(
        `${missing.join(', ')} must be set too (or unset every TWILIO_* variable)`,
      );
    }
    const accountSid = value('TWILIO_ACCOUNT_SID') as string;
    if (!accountSid.startsWith('AC')) {
      throw new NotifierConfigError(
        `TWILIO_ACCOUNT_SID must start with "AC" (got "${accountSid.slice(0, 4)}…")`,
      );
    }
    const apiUrl = value('TWILIO_API_URL') ?? DEFAULT_TWILIO_API_URL;
    try {
      new URL(apiUrl);
    } catch {
      throw new NotifierConfigError(`TWILIO_API_URL is not a URL: "${apiUrl}"`);
    }
    return new TwilioNotifier(
      {
        accountSid,
        authToken: value('TWILIO_AUTH_TOKEN') as string,
        from: value('TWILIO_FROM') as string,
        apiUrl,
        ...(options.statusCallbackUrl === undefined ? {} : { statusCallbackUrl: options.statusCallbackUrl }),
      },
      logger.child({ part: 'notifier' }),
    );
  },
};
