import helmet, { type HelmetOptions } from 'helmet';

/**
 * The Content-Security-Policy of everything the alert service's HTTP port serves: the dashboard
 * (Vite build: module scripts and stylesheets from /assets, no inline script), the API and the
 * Swagger UI (docs/operations.md):
 * - scripts only from this origin, no inline script, no eval;
 * - styles from this origin plus inline: Element Plus and ECharts set style attributes and
 *   Swagger UI has an inline <style>;
 * - images from this origin, `data:` (Element Plus' inline SVG icons in CSS) and `blob:`;
 * - connections to this origin and WebSockets (socket.io; `'self'` alone does not cover ws:
 *   in every browser);
 * - no plugins, no framing, forms post only here.
 * No `upgrade-insecure-requests`: a county box is often reached over plain HTTP on its LAN
 * address, and upgrading its asset requests to HTTPS would break the dashboard there.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'", 'ws:', 'wss:'],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
};

/** helmet's settings for the alert service: its defaults, with the policy above. */
export const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
  // The dashboard is never framed (frame-ancestors 'none' too, for browsers that know it).
  xFrameOptions: { action: 'deny' },
  // Only this host: a school district's other hosts under the same domain may still be HTTP.
  strictTransportSecurity: { maxAge: 180 * 24 * 3600, includeSubDomains: false },
};

/** The express middleware that sets the security headers on every response. */
export function securityHeaders(): ReturnType<typeof helmet> {
  return helmet(HELMET_OPTIONS);
}
