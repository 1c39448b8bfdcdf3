import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the double received, with the status it answered. */
export interface RecordedS3Request {
  method: string;
  bucket: string;
  key: string;
  status: number;
}

export interface S3DoubleOptions {
  accessKeyId?: string;
  secretAccessKey?: string;
  bucket?: string;
}

const xmlError = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;

/**
 * A real local HTTP server speaking the part of the S3 API the S3PhotoStore uses, path-style:
 * PutObject, GetObject, HeadObject, DeleteObject on one bucket, objects in memory. It does not
 * verify SigV4 signatures, but refuses (403 InvalidAccessKeyId) a request whose Authorization
 * header does not name its access key, and 404 NoSuchBucket for another bucket. Point S3_URL at
 * `s3url()`.
 */
export class S3Double {
  readonly requests: RecordedS3Request[] = [];
  readonly objects = new Map<string, { bytes: Buffer; contentType: string }>();
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly bucket: string;
  private readonly server: Server;
  private host = '';

  private constructor(options: S3DoubleOptions) {
    this.accessKeyId = options.accessKeyId ?? 'AKIDCAMPUSTEST';
    this.secretAccessKey = options.secretAccessKey ?? 'test/secret+key';
    this.bucket = options.bucket ?? 'campus-photos';
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  /** Starts a double on 127.0.0.1 and a free port. */
  static async start(options: S3DoubleOptions = {}): Promise<S3Double> {
    const double = new S3Double(options);
    await new Promise<void>((resolve) => double.server.listen(0, '127.0.0.1', resolve));
    double.host = `127.0.0.1:${(double.server.address() as AddressInfo).port}`;
    return double;
  }

  /** S3_URL for this double, with an optional key prefix. */
  s3url(prefix = ''): string {
    const auth = `${encodeURIComponent(this.accessKeyId)}:${encodeURIComponent(this.secretAccessKey)}`;
    const path = prefix === '' ? this.bucket : `${this.bucket}/${prefix}`;
    return `s3://${auth}@${this.host}/${path}?region=cn-north-1&forcePathStyle=true&tls=false`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    const url = new URL(req.url ?? '/', 'http://s3');
    const [bucket = '', ...keyParts] = url.pathname.replace(/^\//, '').split('/');
    const key = decodeURIComponent(keyParts.join('/'));
    const method = req.method ?? 'GET';
    const answer = (status: number, headers: Record<string, string> = {}, body?: Buffer | string) => {
      this.requests.push({ method, bucket, key, status });
      res.writeHead(status, headers);
      res.end(method === 'HEAD' ? undefined : body);
    };
    const xml = { 'content-type': 'application/xml' };
    const auth = req.headers['authorization'] ?? '';
    if (!auth.startsWith(`AWS4-HMAC-SHA256 Credential=${this.accessKeyId}/`)) {
      answer(403, xml, xmlError('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist'));
      return;
    }
    if (bucket !== this.bucket) {
      answer(404, xml, xmlError('NoSuchBucket', 'The specified bucket does not exist'));
      return;
    }
    const object = this.objects.get(key);
    switch (method) {
      case 'PUT': {
        const bytes = Buffer.concat(chunks);
        this.objects.set(key, { bytes, contentType: req.headers['content-type'] ?? 'binary/octet-stream' });
        answer(200, { etag: `"${createHash('md5').update(bytes).digest('hex')}"` });
        return;
      }
      case 'GET':
      case 'HEAD':
        if (object === undefined) {
          answer(404, xml, xmlError('NoSuchKey', 'The specified key does not exist.'));
          return;
        }
        answer(
          200,
          {
            'content-type': object.contentType,
            'content-length': String(object.bytes.length),
            etag: `"${createHash('md5').update(object.bytes).digest('hex')}"`,
          },
          object.bytes,
        );
        return;
      case 'DELETE':
        this.objects.delete(key);
        answer(204);
        return;
      default:
        answer(405, xml, xmlError('MethodNotAllowed', `${method} is not supported by the double`));
    }
  }
}
