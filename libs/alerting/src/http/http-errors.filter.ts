import {
  Catch,
  type ArgumentsHost,
  type ExceptionFilter,
  type HttpServer,
  type INestApplicationContext,
} from '@nestjs/common';
import type { Logger } from 'pino';
import type { AuthUser } from '../auth/auth-user';
import { httpErrorOf, type ErrorBody } from './error-body';

/** The parts of an express request the filter and its observer read. */
export interface ErroredRequest {
  method?: string;
  url?: string;
  originalUrl?: string;
  /** The client's address as Express sees it (the socket's, or X-Forwarded-For's under trust proxy). */
  ip?: string;
  /** Set by AuthGuard once the token was verified: absent for 401s and unknown routes. */
  user?: AuthUser;
}

/** An error answer the filter is about to send. */
export interface HttpErrorEvent {
  request: ErroredRequest;
  status: number;
  body: ErrorBody;
}

/**
 * Told of every error answer before it is sent (the audit log records refused requests this way:
 * one place for every controller). It must not throw; the answer waits for it.
 */
export interface HttpErrorObserver {
  httpError(event: HttpErrorEvent): Promise<void>;
}

/** Nest token of the optional HttpErrorObserver (provided by the audit module). */
export const HTTP_ERROR_OBSERVER = Symbol('HTTP_ERROR_OBSERVER');

/** The app's HttpErrorObserver, or undefined when no module provides one. */
export function httpErrorObserverOf(app: INestApplicationContext): HttpErrorObserver | undefined {
  try {
    return app.get<HttpErrorObserver>(HTTP_ERROR_OBSERVER, { strict: false });
  } catch {
    return undefined;
  }
}

/**
 * Global filter: every error becomes JSON `{error: message}` (plus `details` for validation) with
 * its status. 5xx are logged with the stack; the client never gets one. Built by createAlertingApp
 * with the logger, the HTTP adapter and the observer, if any (no DI needed).
 */
@Catch()
export class HttpErrorsFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    private readonly http: HttpServer,
    private readonly observer?: HttpErrorObserver,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<ErroredRequest>();
    const response = ctx.getResponse<unknown>();
    const { status, body, internal } = httpErrorOf(exception);
    if (internal) {
      const err = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error({ err, method: request.method, url: request.url, status }, 'request failed');
    }
    const reply = (): void => {
      if (this.http.isHeadersSent(response)) {
        this.http.end(response);
        return;
      }
      this.http.reply(response, body, status);
    };
    if (this.observer === undefined) {
      reply();
      return;
    }
    void this.observer
      .httpError({ request, status, body })
      .catch((err: unknown) => this.logger.error({ err, status }, 'the HTTP error observer failed'))
      .then(reply)
      .catch((err: unknown) => this.logger.error({ err, status }, 'sending the error answer failed'));
  }
}
