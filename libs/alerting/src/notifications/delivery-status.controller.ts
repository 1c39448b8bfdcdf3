import { Controller, ForbiddenException, Headers, HttpCode, Inject, Post, Req } from '@nestjs/common';
import {
  ApiConsumes,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Logger } from 'pino';
import { Public } from '../auth/public.decorator';
import { AlertRepository } from '../db/alert-repository';
import { NotificationRepository } from '../db/notification-repository';
import { ENV, LOGGER } from '../di/tokens';
import {
  deliveryTimelineItem,
  mapCallStatus,
  mapMessageStatus,
  parseStatusCallback,
  type StatusCallback,
} from './delivery-status';

/** The path Twilio posts message and call status changes to (below PUBLIC_URL). */
export const TWILIO_STATUS_PATH = '/api/notifications/twilio/status';

/** `<publicUrl>/api/notifications/twilio/status`: the notifier's `statusCallbackUrl` base. */
export function twilioStatusCallbackBase(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${TWILIO_STATUS_PATH}`;
}

/** What DeliveryStatusController needs besides TWILIO_AUTH_TOKEN (from ENV). */
export interface DeliveryStatusOptions {
  /** PUBLIC_URL: the origin (and path prefix, if any) Twilio called; needed to check signatures. */
  publicUrl?: string;
}

/** Nest token of the `DeliveryStatusOptions`. */
export const DELIVERY_STATUS_OPTIONS = Symbol('DELIVERY_STATUS_OPTIONS');

interface CallbackRequest {
  /** Path and query as the client sent them (before any Nest/express rewriting). */
  originalUrl?: string;
  url?: string;
  body?: unknown;
}

const INVALID = 'invalid Twilio signature';

/**
 * Twilio's delivery-status callbacks (`StatusCallback` of a message or a call). Open without a
 * token, but every request must carry Twilio's `X-Twilio-Signature` over the URL Twilio called
 * (PUBLIC_URL + path + query) and the form body, made with TWILIO_AUTH_TOKEN. A final status
 * goes on the notification record and the alert's timeline; an unknown sid is acknowledged too, so
 * Twilio does not retry it forever.
 */
@ApiTags('notifications')
@Controller()
export class DeliveryStatusController {
  private readonly log: Logger;

  constructor(
    @Inject(NotificationRepository) private readonly notifications: NotificationRepository,
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(ENV) private readonly env: NodeJS.ProcessEnv,
    @Inject(LOGGER) logger: Logger,
    @Inject(DELIVERY_STATUS_OPTIONS) private readonly options: DeliveryStatusOptions,
  ) {
    this.log = logger.child({ part: 'delivery-status' });
  }

  @Public()
  @Post(TWILIO_STATUS_PATH.slice(1))
  @HttpCode(204)
  @ApiOperation({ summary: 'Twilio delivery-status callback (signed with X-Twilio-Signature)' })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiNoContentResponse({ description: 'taken (or an unknown sid, ignored)' })
  @ApiForbiddenResponse({ description: '{"error":"invalid Twilio signature"}' })
  async status(
    @Req() req: CallbackRequest,
    @Headers('x-twilio-signature') signature: string | undefined,
  ): Promise<void> {
    const authToken = this.env['TWILIO_AUTH_TOKEN']?.trim();
    const publicUrl = this.options.publicUrl;
    const params = formParams(req.body);
    if (!authToken || publicUrl === undefined || params === undefined) {
      // Without both no callback was requested, and none could be checked.
      throw new ForbiddenException({ error: INVALID });
    }
    const url = `${publicUrl.replace(/\/+$/, '')}${req.originalUrl ?? req.url ?? ''}`;
    const parsed = parseStatusCallback({ authToken, url, signature, params });
    if (!parsed.ok) {
      this.log.warn({ url, reason: parsed.reason }, 'Twilio status callback refused');
      throw new ForbiddenException({ error: INVALID });
    }
    await this.take(parsed.callback);
  }

  private async take(cb: StatusCallback): Promise<void> {
    const known = await this.notifications.findByProviderSid(cb.sid);
    if (known === undefined) {
      this.log.info(
        { sid: cb.sid, status: cb.delivery.status },
        'status callback for an unknown sid: ignored',
      );
      return;
    }
    // Twilio may repeat a callback, and may deliver them out of order (`sent` after `delivered`).
    if (known.status === cb.delivery.status) return;
    if (cb.delivery.outcome === 'pending' && isFinal(cb.channel, known.status)) return;
    const failed = cb.delivery.outcome === 'failed';
    const record = await this.notifications.updateByProviderSid(cb.sid, {
      status: cb.delivery.status,
      error: failed ? failureText(cb) : null,
    });
    if (record === undefined) return;
    // The record says which alert and level it paged; the callback URL's query only repeats it.
    const item = deliveryTimelineItem(
      { ...cb, alertId: record.alertId, level: record.level, to: cb.to ?? record.to },
      new Date(),
    );
    if (item === null) return;
    await this.alerts.appendTimeline(record.alertId, {
      ...item,
      ...(record.name === null ? {} : { name: record.name }),
      attempt: record.attempt,
    });
    this.log.debug(
      { alertId: record.alertId, sid: cb.sid, channel: cb.channel, status: cb.delivery.status },
      'delivery status recorded',
    );
  }
}

function failureText(cb: StatusCallback): string {
  return `${cb.delivery.status}${cb.errorCode === undefined ? '' : ` (error ${cb.errorCode})`}`;
}

/** Whether a stored provider status is already delivered or failed (a later `sent` must not undo it). */
function isFinal(channel: StatusCallback['channel'], status: string): boolean {
  if (status === 'pending') return false;
  const map = channel === 'sms' ? mapMessageStatus : mapCallStatus;
  return map(status).outcome !== 'pending';
}

/** The form body as Twilio's flat string map, or undefined when it is not one. */
function formParams(body: unknown): Record<string, string> | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value !== 'string') return undefined;
    params[key] = value;
  }
  return params;
}
