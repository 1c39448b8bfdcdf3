import { Catch, type ArgumentsHost, type ExceptionFilter, type HttpServer } from '@nestjs/common';
import type { Logger } from 'pino';
import { httpErrorOf } from './error-body';

interface RequestLike {
  method?: string;
  url?: string;
}

/**
 * Global filter: every error becomes JSON `{error: message}` (plus `details` for validation) with
 * its status. 5xx are logged with the stack; the client never gets one. Built by createAlertingApp
 * with the logger and the HTTP adapter (no DI needed).
 */
@Catch()
export class HttpErrorsFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    private readonly http: HttpServer,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<RequestLike>();
    const response = ctx.getResponse<unknown>();
    const { status, body, internal } = httpErrorOf(exception);
    if (internal) {
      const err = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error({ err, method: request.method, url: request.url, status }, 'request failed');
    }
    if (this.http.isHeadersSent(response)) {
      this.http.end(response);
      return;
    }
    this.http.reply(response, body, status);
  }
}
