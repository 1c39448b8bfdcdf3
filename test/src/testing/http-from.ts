import { request } from 'node:http';
import { connect } from 'node:net';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/**
 * POSTs JSON from a chosen local address (`127.0.0.2`, `127.0.0.3` … are all this machine on
 * Linux), so a test can be several clients as far as the server's socket address goes.
 */
export function postJsonFrom(url: string, body: unknown, localAddress: string): Promise<HttpAnswer> {
  const target = new URL(url);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text === '' ? undefined : JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export interface RawAnswer {
  status: number;
  retryAfter: string | null;
  body: Record<string, unknown>;
}

/**
 * POSTs every body to `url` at once, each on its own connection, written as raw HTTP/1.1 (a flood
 * of clients): the sending side costs next to no CPU, so a test measures the server's work, not
 * its own (they share the machine's cores). The answers in order: status, `Retry-After`, JSON body.
 */
export function postJsonAtOnce(url: string, bodies: readonly unknown[]): Promise<RawAnswer[]> {
  const target = new URL(url);
  return Promise.all(
    bodies.map(
      (body) =>
        new Promise<RawAnswer>((resolve, reject) => {
          const payload = JSON.stringify(body);
          const chunks: Buffer[] = [];
          // written, not ended: a half-closed connection may be dropped before a slow answer
          const socket = connect({ host: target.hostname, port: Number(target.port) }, () => {
            socket.write(
              `POST ${target.pathname} HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/json\r\n` +
                `Content-Length: ${Buffer.byteLength(payload)}\r\nConnection: close\r\n\r\n${payload}`,
            );
          });
          socket.on('data', (c: Buffer) => chunks.push(c));
          socket.on('error', reject);
          socket.on('close', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const [head = '', rest = ''] = text.split('\r\n\r\n');
            const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
            const retryAfter = /\r\nretry-after: *(\d+)/i.exec(head)?.[1] ?? null;
            // the body may come chunked: take the JSON object in it
            const json = /\{.*\}/s.exec(rest)?.[0] ?? '{}';
            resolve({ status, retryAfter, body: JSON.parse(json) as Record<string, unknown> });
          });
        }),
    ),
  );
}
