import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startMosquitto, type Mosquitto } from './mosquitto';
import { makeTempDir } from './temp-dirs';

const run = promisify(execFile);
const OPENSSL = '/usr/bin/openssl';

/** A certificate and its key, as files and as PEM text. */
export interface TestCert {
  certFile: string;
  keyFile: string;
  cert: string;
  key: string;
}

export interface TestCerts {
  dir: string;
  /** The CA devices' certificates are signed by (TLS_CA_FILE); it signs the server certificate too. */
  ca: TestCert;
  /** `localhost` and 127.0.0.1, signed by `ca` (TLS_CERT_FILE / TLS_KEY_FILE). */
  server: TestCert;
  /** Client certificates (subject CN = device id) signed by `ca`. */
  devices: Record<string, TestCert>;
  /** Another CA, unknown to the platform, and a client certificate it signed for a known device id. */
  otherCa: TestCert;
  forged: TestCert;
  remove(): Promise<void>;
}

async function openssl(args: string[]): Promise<void> {
  await run(OPENSSL, args);
}

async function selfSignedCa(dir: string, name: string, subject: string): Promise<TestCert> {
  const keyFile = join(dir, `${name}.key`);
  const certFile = join(dir, `${name}.crt`);
  await openssl([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    keyFile,
    '-out',
    certFile,
    '-days',
    '2',
    '-subj',
    subject,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return load(certFile, keyFile);
}

async function signed(
  dir: string,
  name: string,
  subject: string,
  ca: TestCert,
  extensions: string,
): Promise<TestCert> {
  const keyFile = join(dir, `${name}.key`);
  const csrFile = join(dir, `${name}.csr`);
  const certFile = join(dir, `${name}.crt`);
  const extFile = join(dir, `${name}.ext`);
  await writeFile(extFile, extensions);
  await openssl([
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    keyFile,
    '-out',
    csrFile,
    '-subj',
    subject,
  ]);
  await openssl([
    'x509',
    '-req',
    '-in',
    csrFile,
    '-CA',
    ca.certFile,
    '-CAkey',
    ca.keyFile,
    '-CAcreateserial',
    '-out',
    certFile,
    '-days',
    '2',
    '-extfile',
    extFile,
  ]);
  return load(certFile, keyFile);
}

async function load(certFile: string, keyFile: string): Promise<TestCert> {
  return { certFile, keyFile, cert: await readFile(certFile, 'utf8'), key: await readFile(keyFile, 'utf8') };
}

/**
 * Test certificates made with the `openssl` CLI in a temp dir: a CA, a server certificate for
 * localhost/127.0.0.1, a client certificate per device id, and one for `forgedFor` signed by a CA
 * the platform does not know.
 */
export async function makeTestCerts(deviceIds: readonly string[], forgedFor: string): Promise<TestCerts> {
  const temp = await makeTempDir('tls');
  const dir = temp.path;
  try {
    const ca = await selfSignedCa(dir, 'ca', '/CN=Campus Test Device CA');
    const server = await signed(
      dir,
      'server',
      '/CN=localhost',
      ca,
      'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n',
    );
    const devices: Record<string, TestCert> = {};
    for (const id of deviceIds) {
      devices[id] = await signed(dir, `device-${id}`, `/CN=${id}`, ca, 'extendedKeyUsage=clientAuth\n');
    }
    const otherCa = await selfSignedCa(dir, 'other-ca', '/CN=Somebody Else CA');
    const forged = await signed(dir, 'forged', `/CN=${forgedFor}`, otherCa, 'extendedKeyUsage=clientAuth\n');
    return {
      dir,
      ca,
      server,
      devices,
      otherCa,
      forged,
      remove: temp.remove,
    };
  } catch (err) {
    await temp.remove();
    throw err;
  }
}

/** An HTTPS request trusting `ca` only (fetch cannot be given a CA); JSON in and out. */
export function httpsJson(
  url: string,
  ca: string,
  options: { method?: string; body?: unknown; token?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: unknown }> {
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = httpsRequest(
      url,
      {
        method: options.method ?? 'GET',
        ca,
        headers: {
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let body: unknown = text;
          try {
            body = text ? (JSON.parse(text) as unknown) : undefined;
          } catch {
            // not JSON: the text itself
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** A real Mosquitto with one TLS listener (anonymous, in memory) for `MQTT_URL=mqtts://…`. */
export function startMosquittoTls(server: TestCert): Promise<Mosquitto> {
  return startMosquitto({ tls: { cert: server.cert, key: server.key } });
}
