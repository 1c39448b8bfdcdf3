import { ApiError } from '../../api/http';
import { i18n } from '../../i18n';
import { failureKind } from '../../stores/live-state';

/**
 * What to tell the user about a failed request: the server's own words (our API answers
 * `{"error": "...", "details"?}`), else the status, else the error text. An unreachable server or
 * a server failure (0, 5xx) is said in the user's language: the browser's "Failed to fetch" and a
 * proxy's English 503 page must not reach a zh-CN screen (issue #11).
 */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    const kind = failureKind(err.status);
    if (kind === 'network' || kind === 'unavailable' || kind === 'server')
      return i18n.global.t(`live.failure.${kind}`, { status: err.status });
    return err.reason;
  }
  if (err instanceof Error) return err.message;
  return String(err);
}
