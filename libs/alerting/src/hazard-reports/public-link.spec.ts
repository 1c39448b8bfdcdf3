import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { publicReportUrl, qrSvg, requestOrigin } from './public-link';

describe('publicReportUrl', () => {
  it('is /p/{code} under the base, whatever its trailing slashes', () => {
    expect(publicReportUrl('https://campus.example.cn', '2161010001')).toBe(
      'https://campus.example.cn/p/2161010001',
    );
    expect(publicReportUrl('https://example.cn/safety//', '2161010001')).toBe(
      'https://example.cn/safety/p/2161010001',
    );
  });
});

describe('requestOrigin', () => {
  it('builds the origin from the Host header', () => {
    expect(requestOrigin('localhost:8080', false)).toBe('http://localhost:8080');
    expect(requestOrigin('campus.example.cn', true)).toBe('https://campus.example.cn');
    expect(requestOrigin('[::1]:8080', false)).toBe('http://[::1]:8080');
  });
  it('refuses a missing or odd Host', () => {
    expect(requestOrigin(undefined, false)).toBeUndefined();
    expect(requestOrigin('', false)).toBeUndefined();
    expect(requestOrigin('evil.cn/x?y', false)).toBeUndefined();
  });
});

describe('qrSvg', () => {
  it('is an SVG of the QR code of exactly that URL', async () => {
    const url = 'https://campus.example.cn/p/2161010001';
    const svg = await qrSvg(url);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    // the same modules as a QR code made from the URL directly; another URL gives another picture
    const modules = QRCode.create(url, { errorCorrectionLevel: 'M' }).modules;
    expect(svg).toContain(`viewBox="0 0 ${modules.size + 8} ${modules.size + 8}"`);
    expect(await qrSvg(url)).toBe(svg);
    expect(await qrSvg(`${url}1`)).not.toBe(svg);
  });
});
