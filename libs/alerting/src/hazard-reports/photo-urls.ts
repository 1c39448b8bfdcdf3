import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Short-lived signed photo URLs, so the dashboard can put a photo in `<img src>` (which sends no
 * bearer token): `/api/photos/{id}?expires=<epoch s>&sig=<HMAC-SHA256(id.expires)>`. The key is
 * PHOTO_URL_SECRET, else JWT_SECRET (both are server secrets shared by replicas), else random per
 * start (URLs then die with the process; docs/alerting.md "Hazard reports").
 */
export class PhotoUrlSigner {
  private readonly key: Buffer;

  constructor(
    env: NodeJS.ProcessEnv,
    private readonly ttlMs: number,
  ) {
    const secret = env['PHOTO_URL_SECRET'] ?? env['JWT_SECRET'];
    this.key =
      secret !== undefined && secret !== ''
        ? createHmac('sha256', 'campus-photo-url').update(secret).digest()
        : randomBytes(32);
  }

  /** The URL path of photo `id`, good for the TTL from `now`. */
  url(id: string, now: number = Date.now()): string {
    return this.urlUnder('/api/photos', id, now);
  }

  /** The same signature under another photo route (a responder's photos: `/api/responder-photos`). */
  urlUnder(base: string, id: string, now: number = Date.now()): string {
    return `${base}/${encodeURIComponent(id)}?${this.query(id, now)}`;
  }

  /** `expires=…&sig=…` signing `id` for the TTL from `now` (other signed paths: alert media). */
  query(id: string, now: number = Date.now()): string {
    const expires = Math.ceil((now + this.ttlMs) / 1000);
    return `expires=${expires}&sig=${this.sign(id, expires)}`;
  }

  /** Whether `sig` signs `id` until `expires` and that time has not passed. */
  verify(
    id: string,
    expires: string | undefined,
    sig: string | undefined,
    now: number = Date.now(),
  ): boolean {
    if (expires === undefined || sig === undefined || !/^\d{1,12}$/.test(expires)) return false;
    const until = Number(expires);
    if (until * 1000 < now) return false;
    const want = Buffer.from(this.sign(id, until));
    const got = Buffer.from(sig);
    return want.length === got.length && timingSafeEqual(want, got);
  }

  /**
   * The token that lets an anonymous reporter (public link) follow one report: no expiry, bound
   * to the report id (`GET /api/public/hazard-reports/{id}?token=`).
   */
  followToken(reportId: string): string {
    return createHmac('sha256', this.key).update(`follow.${reportId}`).digest('base64url');
  }

  verifyFollowToken(reportId: string, token: string | undefined): boolean {
    if (token === undefined) return false;
    const want = Buffer.from(this.followToken(reportId));
    const got = Buffer.from(token);
    return want.length === got.length && timingSafeEqual(want, got);
  }

  private sign(id: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${id}.${expires}`).digest('base64url');
  }
}

export const PHOTO_URL_SIGNER = Symbol('PHOTO_URL_SIGNER');
