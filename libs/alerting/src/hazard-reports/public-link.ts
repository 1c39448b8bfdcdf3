import QRCode from 'qrcode';

/**
 * The public reporting link of a school: the dashboard's page `/p/{code}` under PUBLIC_URL (the
 * address people's phones reach), else under the origin the request came to.
 */
export function publicReportUrl(base: string, schoolCode: string): string {
  return `${base.replace(/\/+$/, '')}/p/${encodeURIComponent(schoolCode)}`;
}

/**
 * The origin a request came to (`http(s)://host[:port]`), from its Host header; undefined
 * without one. Behind a reverse proxy this is the proxy's view: set PUBLIC_URL there.
 */
export function requestOrigin(host: string | undefined, encrypted: boolean): string | undefined {
  const h = host?.trim();
  if (h === undefined || h === '' || !/^[A-Za-z0-9.\-:[\]]+$/.test(h)) return undefined;
  return `${encrypted ? 'https' : 'http'}://${h}`;
}

/**
 * The QR code of `url` as an SVG document: error correction M (a poster may get scuffed), a
 * four-module quiet zone, black on white, sized by the page that shows it.
 */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
}
