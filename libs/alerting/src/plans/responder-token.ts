import { createHash, randomBytes } from 'node:crypto';

/** How long a responder link works after its alert is resolved. */
export const RESPONDER_LINK_GRACE_MS = 24 * 3600_000;

/** A new link token: 32 random bytes (256 bits), URL-safe. Only its hash is stored. */
export function newResponderToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashResponderToken(token) };
}

/** SHA-256 of the token: a database read does not give anyone a working link. */
export function hashResponderToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A token as newResponderToken makes them; anything else is not looked up. */
export function isResponderTokenShape(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

/** When the link stops working: 24 h after the alert's resolution; null while it is unresolved. */
export function responderLinkExpiry(resolvedAt: string | null): string | null {
  return resolvedAt === null
    ? null
    : new Date(Date.parse(resolvedAt) + RESPONDER_LINK_GRACE_MS).toISOString();
}

export function isResponderLinkExpired(resolvedAt: string | null, now: number): boolean {
  const expiry = responderLinkExpiry(resolvedAt);
  return expiry !== null && now >= Date.parse(expiry);
}

/** `+8613800000001` → `+86138****0001`: the console shows whom it paged without the whole number. */
export function maskPhone(phone: string): string {
  if (phone.length <= 8) return phone;
  return `${phone.slice(0, 6)}****${phone.slice(-4)}`;
}

/** A contact's id as the dispatch endpoints take it: stable for the number, without showing it. */
export function contactPersonId(phone: string): string {
  return `contact:${createHash('sha256').update(`contact.${phone}`, 'utf8').digest('hex').slice(0, 16)}`;
}
