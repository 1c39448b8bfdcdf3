import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { digestResponse, parseDigestParams } from '@campus/device-protocols';
import sharp from 'sharp';

/** One request the server answered (tests read these). */
export interface CameraRequest {
  path: string;
  status: number;
}

export interface CameraServerOptions {
  host?: string;
  /** 0 (default): a free port. */
  port?: number;
  /** ISAPI digest credentials; without them the ISAPI endpoint is off (404). */
  isapi?: { username: string; password: string };
  /** Frigate event ids that have a clip (`/api/events/{id}/clip.mp4`); others answer 404 as Frigate does without a recording. */
  clips?: ReadonlySet<string> | 'all';
  /** Answer every picture request this late (tests of the timeout). */
  delayMs?: number;
}

const REALM = 'campus-camera';

/**
 * A camera as the platform sees it over HTTP (docs/alerting.md "视频复核"): the part of Frigate's
 * HTTP API that video verification uses — `GET /api/events/{id}/snapshot.jpg`,
 * `GET /api/events/{id}/clip.mp4`, `GET /api/{camera}/latest.jpg` — and Hikvision ISAPI's
 * `GET /ISAPI/Streaming/channels/101/picture` behind HTTP digest auth. Pictures are generated
 * JPEGs naming the camera or event and the time. The simulator serves the demo's cameras with it;
 * tests speak to it as to the vendors' software, which is outside this network.
 */
export class CameraServer {
  readonly requests: CameraRequest[] = [];
  private readonly server: Server;
  private readonly nonces = new Set<string>();
  private origin = '';

  private constructor(private readonly options: CameraServerOptions) {
    this.server = createServer((req, res) => {
      void this.handle(req, res).catch(() => {
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
    });
  }

  static async start(options: CameraServerOptions = {}): Promise<CameraServer> {
    const camera = new CameraServer(options);
    const host = options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      camera.server.once('error', reject);
      camera.server.listen(options.port ?? 0, host, () => {
        camera.server.off('error', reject);
        resolve();
      });
    });
    camera.origin = `http://${host}:${(camera.server.address() as AddressInfo).port}`;
    return camera;
  }

  /** `http://host:port`: the nvr's `http.url`, or a camera's `isapi.url`. */
  get url(): string {
    return this.origin;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://camera').pathname;
    const answer = (status: number, type?: string, body?: Uint8Array) => {
      this.requests.push({ path, status });
      res.statusCode = status;
      if (type !== undefined) res.setHeader('Content-Type', type);
      res.end(body);
    };
    if (req.method !== 'GET') return answer(405);
    if (this.options.delayMs !== undefined) await new Promise((r) => setTimeout(r, this.options.delayMs));

    let m = /^\/api\/events\/([^/]+)\/(snapshot\.jpg|clip\.mp4)$/.exec(path);
    if (m !== null) {
      const id = decodeURIComponent(m[1]!);
      if (m[2] === 'snapshot.jpg') return answer(200, 'image/jpeg', await picture(`Frigate event ${id}`));
      const clips = this.options.clips;
      return clips === 'all' || clips?.has(id) === true
        ? answer(200, 'video/mp4', tinyMp4())
        : answer(404, 'application/json', Buffer.from('{"success":false,"message":"Clip not available"}'));
    }
    m = /^\/api\/([^/]+)\/latest\.jpg$/.exec(path);
    if (m !== null) return answer(200, 'image/jpeg', await picture(`camera ${decodeURIComponent(m[1]!)}`));
    if (path === '/ISAPI/Streaming/channels/101/picture' && this.options.isapi !== undefined) {
      if (!this.authorized(req, path)) {
        const nonce = randomBytes(16).toString('hex');
        this.nonces.add(nonce);
        res.setHeader('WWW-Authenticate', `Digest realm="${REALM}", qop="auth", nonce="${nonce}"`);
        return answer(401);
      }
      return answer(200, 'image/jpeg', await picture('ISAPI channel 101'));
    }
    return answer(404);
  }

  /** An HTTP digest answer (RFC 2617, qop auth) to a nonce this server gave, for `path`. */
  private authorized(req: IncomingMessage, path: string): boolean {
    const p = parseDigestParams(req.headers['authorization'] ?? '');
    const creds = this.options.isapi;
    if (p === undefined || creds === undefined || !this.nonces.has(p['nonce'] ?? '')) return false;
    if (p['username'] !== creds.username || p['uri'] === undefined || !p['uri'].startsWith(path))
      return false;
    const want = digestResponse({
      username: creds.username,
      password: creds.password,
      realm: REALM,
      method: 'GET',
      uri: p['uri'],
      nonce: p['nonce']!,
      ...(p['qop'] === undefined ? {} : { qop: p['qop'], nc: p['nc'] ?? '', cnonce: p['cnonce'] ?? '' }),
    });
    return want === p['response'];
  }
}

/** A 640×360 JPEG with a caption and the time: what a camera saw. */
async function picture(caption: string): Promise<Uint8Array> {
  const safe = caption.replace(/[<>&"]/g, '');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360">
  <rect width="640" height="360" fill="#2b3a4a"/>
  <rect x="40" y="200" width="560" height="120" fill="#4a5d70"/>
  <circle cx="520" cy="120" r="50" fill="#e07b39"/>
  <text x="24" y="44" font-family="sans-serif" font-size="26" fill="#ffffff">${safe}</text>
  <text x="24" y="84" font-family="sans-serif" font-size="22" fill="#d0d8e0">${new Date().toISOString()}</text>
</svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer());
}

/** The smallest MP4 box sequence a player recognises as MP4: `ftyp` (isom) and an empty `free`. */
function tinyMp4(): Uint8Array {
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0);
  ftyp.write('ftypisom', 4, 'latin1');
  ftyp.writeUInt32BE(0x200, 12);
  ftyp.write('isomiso2', 16, 'latin1');
  const free = Buffer.alloc(8);
  free.writeUInt32BE(8, 0);
  free.write('free', 4, 'latin1');
  return new Uint8Array(Buffer.concat([ftyp, free]));
}
