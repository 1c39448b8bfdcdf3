import type { IncomingMessage } from 'node:http';
import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';

/** The largest import file (about 20,000 rows). */
export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;

/**
 * The CSV text of an import request. Express parses JSON bodies only, so a `text/csv` body is read
 * here from the request stream, up to `maxBytes`, as UTF-8.
 */
export async function readCsvBody(req: IncomingMessage, maxBytes = IMPORT_MAX_BYTES): Promise<string> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'text/csv' && type !== 'text/plain')
    throw new BadRequestException(
      `send the file as text/csv (the request is ${type || 'without a content type'})`,
    );
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > maxBytes)
      throw new PayloadTooLargeException(
        `the file is over ${maxBytes / 1024 / 1024} MiB: split it by building`,
      );
    chunks.push(buf);
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
  return text;
}
