import { digestAuthorization, parseDigestChallenge, type MediaRequest } from '@campus/device-protocols';
import { imageTypeOf } from '../hazard-reports/image-check';
import type { MediaLimits } from './media-limits';

/** A file a camera gave, or why not (`absent`: an optional clip the NVR does not have). */
export type FetchOutcome =
  { ok: true; bytes: Uint8Array; contentType: string } | { ok: false; absent: boolean; error: string };

/** MP4 (ISO BMFF): a box whose type at byte 4 is `ftyp`. */
export function isMp4(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && Buffer.from(bytes.subarray(4, 8)).toString('latin1') === 'ftyp';
}

/** Why a body is not what `kind` must be (by content, the declared type only as a first check), or undefined. */
export function contentProblem(
  kind: MediaRequest['kind'],
  declared: string,
  bytes: Uint8Array,
): string | undefined {
  const type = declared.split(';')[0]!.trim().toLowerCase();
  if (kind === 'snapshot') {
    if (type !== 'image/jpeg' && type !== 'image/jpg')
      return `answered ${type || 'no content type'}, not image/jpeg`;
    return imageTypeOf(bytes) === 'image/jpeg' ? undefined : 'answered bytes that are not a JPEG image';
  }
  if (type !== 'video/mp4') return `answered ${type || 'no content type'}, not video/mp4`;
  return isMp4(bytes) ? undefined : 'answered bytes that are not an MP4 video';
}

/** Reads at most `max` bytes of a body; throws past the limit without reading the rest. */
async function readLimited(res: Response, max: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) throw new TooLargeError(declared, max);
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (res.body === null) return new Uint8Array();
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > max) throw new TooLargeError(total, max);
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

class TooLargeError extends Error {
  constructor(size: number, max: number) {
    super(
      `more than ${max} bytes (${size}+) — raise CAMERA_SNAPSHOT_MAX_BYTES / CAMERA_CLIP_MAX_BYTES if this is expected`,
    );
  }
}

/** Why a fetch failed, in words for the alert's note (never a credential: URLs carry none). */
export function describeFetchError(err: unknown, timeoutMs: number): string {
  if (err instanceof TooLargeError) return err.message;
  const e = err as { name?: string; cause?: { code?: string; message?: string }; message?: string };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${timeoutMs / 1000} s`;
  const code = e.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'host unreachable';
  if (code === 'ENOTFOUND') return 'unknown host name';
  if (code === 'ECONNRESET') return 'connection reset';
  return e.cause?.message ?? e.message ?? String(err);
}

/**
 * Fetches one camera file (docs/alerting.md "视频复核"): a GET with the timeout and size limit,
 * answering an HTTP digest challenge when the request says so (ISAPI), checking the content.
 * Never throws.
 */
export async function fetchCameraFile(
  request: MediaRequest,
  limits: MediaLimits,
  env: Readonly<Record<string, string | undefined>>,
): Promise<FetchOutcome> {
  const max = request.kind === 'clip' ? limits.clipMaxBytes : limits.snapshotMaxBytes;
  const signal = AbortSignal.timeout(limits.timeoutMs);
  try {
    let res = await fetch(request.url, { signal, redirect: 'error' });
    if (res.status === 401 && request.digest !== undefined) {
      const challenge = parseDigestChallenge(res.headers.get('www-authenticate'));
      await res.body?.cancel();
      if (challenge === undefined) return fail('asked for authentication other than HTTP digest (MD5)');
      const name = request.digest.passwordEnv;
      const password = name === undefined ? undefined : env[name];
      if (password === undefined) {
        return fail(
          name === undefined
            ? 'needs a password: add passwordEnv to its isapi entry and set that variable'
            : `needs the password in ${name}, which is not set`,
        );
      }
      const url = new URL(request.url);
      const authorization = digestAuthorization(challenge, {
        username: request.digest.username,
        password,
        method: 'GET',
        uri: url.pathname + url.search,
      });
      res = await fetch(request.url, { signal, redirect: 'error', headers: { authorization } });
    }
    if (res.status === 404 && request.optional) {
      await res.body?.cancel();
      return { ok: false, absent: true, error: 'not recorded' };
    }
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel();
      return fail(`refused the credentials (HTTP ${res.status}) — check the isapi username and password`);
    }
    if (!res.ok) {
      await res.body?.cancel();
      return fail(`answered HTTP ${res.status}`);
    }
    const contentType = res.headers.get('content-type') ?? '';
    const bytes = await readLimited(res, max);
    const problem = contentProblem(request.kind, contentType, bytes);
    if (problem !== undefined) return fail(problem);
    return { ok: true, bytes, contentType: request.kind === 'clip' ? 'video/mp4' : 'image/jpeg' };
  } catch (err) {
    return fail(describeFetchError(err, limits.timeoutMs));
  }
}

const fail = (error: string): FetchOutcome => ({ ok: false, absent: false, error });
