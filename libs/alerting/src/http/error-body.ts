import type { ErrorBody } from '@campus/api-contract';
import { HttpException, HttpStatus } from '@nestjs/common';

/** Every error the API sends: `{error}` plus, for validation, `details`. Never a stack. */
export type { ErrorBody } from '@campus/api-contract';

export interface HttpError {
  status: number;
  body: ErrorBody;
  /** Whether this is our fault (5xx): log it with its stack. */
  internal: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Nest's own bodies look like `{statusCode, message, error}`; ours like `{error, …}`. */
function bodyOf(response: string | object, fallback: string): ErrorBody {
  if (typeof response === 'string') return { error: response };
  if (!isRecord(response)) return { error: fallback };
  if (!('statusCode' in response) && typeof response['error'] === 'string') {
    return { ...response, error: response['error'] };
  }
  const message = response['message'];
  if (typeof message === 'string') return { error: message };
  if (Array.isArray(message)) return { error: message.map(String).join('; ') };
  return { error: fallback };
}

/** Client errors of middleware such as body-parser (http-errors: `status`, `expose`, `type`). */
function clientErrorOf(e: unknown): HttpError | undefined {
  if (!(e instanceof Error) || !isRecord(e)) return undefined;
  const status = typeof e['status'] === 'number' ? e['status'] : e['statusCode'];
  if (typeof status !== 'number' || status < 400 || status > 499 || e['expose'] === false) return undefined;
  const type = e['type'];
  const error =
    type === 'entity.parse.failed'
      ? 'request body is not valid JSON'
      : type === 'entity.too.large'
        ? 'request body too large'
        : e.message;
  return { status, body: { error }, internal: false };
}

/** The status and JSON body for anything thrown while handling a request. */
export function httpErrorOf(exception: unknown): HttpError {
  if (exception instanceof HttpException) {
    // Nest wraps body-parser's errors (bad JSON, too large) in an HttpException with the cause.
    const fromMiddleware = clientErrorOf(exception.cause);
    if (fromMiddleware !== undefined) return fromMiddleware;
    const status = exception.getStatus();
    return { status, body: bodyOf(exception.getResponse(), exception.message), internal: status >= 500 };
  }
  return (
    clientErrorOf(exception) ?? {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      body: { error: 'internal server error' },
      internal: true,
    }
  );
}
