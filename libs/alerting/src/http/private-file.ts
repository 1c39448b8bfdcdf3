import type { ServerResponse } from 'node:http';

/**
 * Answers a school's evidence (a photo, a camera picture, a clip): never kept by shared caches.
 * `immutable` for a file written once under a key of its own.
 */
export function sendPrivateFile(
  res: ServerResponse,
  file: { bytes: Buffer; contentType: string },
  cache: { maxAgeSeconds: number; immutable?: boolean },
): void {
  res.statusCode = 200;
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Length', String(file.bytes.length));
  res.setHeader(
    'Cache-Control',
    `private, max-age=${cache.maxAgeSeconds}${cache.immutable ? ', immutable' : ''}`,
  );
  res.end(file.bytes);
}
