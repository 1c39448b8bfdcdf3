import { ApiError } from '../../api/http';

/**
 * What to tell the user about a failed request: the server's own words (our API answers
 * `{"error": "...", "details"?}`), else the status, else the error text.
 */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.reason;
  if (err instanceof Error) return err.message;
  return String(err);
}
