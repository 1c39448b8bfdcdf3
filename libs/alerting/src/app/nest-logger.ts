import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';

const text = (message: unknown): string => (typeof message === 'string' ? message : JSON.stringify(message));

/** Nest's own log lines into pino (its chatty bootstrap lines at debug). */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.debug({ context }, text(message));
  }
  /** Nest calls `error(message, stack, context)`; the message may be an Error. */
  error(message: unknown, stackOrContext?: string, context?: string): void {
    if (message instanceof Error) {
      this.logger.error({ err: message, context: context ?? stackOrContext }, message.message);
      return;
    }
    this.logger.error(
      { context: context ?? stackOrContext, stack: context ? stackOrContext : undefined },
      text(message),
    );
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, text(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, text(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, text(message));
  }
  fatal(message: unknown, context?: string): void {
    this.logger.fatal({ context }, text(message));
  }
}
