import { readFileSync } from 'node:fs';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { createSecureContext, rootCertificates } from 'node:tls';

/** A PEM file an operator names in an environment variable. */
export interface PemFileRef {
  /** The variable that names the file (for error messages): `TLS_CERT_FILE`, `MQTT_CA_FILE` … */
  variable: string;
  path: string;
}

/** The server side of every TLS listener (docs/protocol.md, "TLS"). */
export interface ServerTlsFiles {
  cert: string;
  key: string;
  /** `TLS_CA_FILE`: devices may present a client certificate signed by this CA. */
  ca?: string;
}

export interface ServerTlsMaterial {
  cert: Buffer;
  key: Buffer;
  ca?: Buffer;
}

/** Outgoing MQTT over TLS (`mqtts://`, `wss://` in MQTT_URL): private CA and client certificate. */
export interface ClientTlsFiles {
  /** `MQTT_CA_FILE`: trusted in addition to the public CAs Node ships (and NODE_EXTRA_CA_CERTS). */
  ca?: string;
  /** `MQTT_CLIENT_CERT_FILE` / `MQTT_CLIENT_KEY_FILE`: both or neither. */
  cert?: string;
  key?: string;
}

/** What mqtt.js and `tls.connect` take. */
export interface ClientTlsOptions {
  ca?: string[];
  cert?: Buffer;
  key?: Buffer;
}

/** An operator error (reported as one line at start, like the gateway's ConfigError). */
export class TlsConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads a PEM file, naming the variable and the file when it cannot. */
export function readPemFile(ref: PemFileRef): Buffer {
  let data: Buffer;
  try {
    data = readFileSync(ref.path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new TlsConfigError(
      `${ref.variable}=${ref.path}: cannot read the file (${code}); point ${ref.variable} at a readable PEM file`,
    );
  }
  if (!data.toString('latin1').includes('-----BEGIN ')) {
    throw new TlsConfigError(`${ref.variable}=${ref.path}: not a PEM file (no "-----BEGIN" line)`);
  }
  return data;
}

function parseCertificate(ref: PemFileRef, pem: Buffer): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch (err) {
    throw new TlsConfigError(
      `${ref.variable}=${ref.path}: not a valid PEM certificate (${(err as Error).message})`,
    );
  }
}

function checkKey(ref: PemFileRef, pem: Buffer): void {
  try {
    createPrivateKey(pem);
  } catch (err) {
    throw new TlsConfigError(
      `${ref.variable}=${ref.path}: not a valid unencrypted PEM private key (${(err as Error).message})`,
    );
  }
}

/**
 * TLS_CERT_FILE, TLS_KEY_FILE and TLS_CA_FILE read and checked at start: each file readable and
 * PEM, the key the certificate's. Errors name the variable and the file.
 */
export function loadServerTls(files: ServerTlsFiles): ServerTlsMaterial {
  const certRef = { variable: 'TLS_CERT_FILE', path: files.cert };
  const keyRef = { variable: 'TLS_KEY_FILE', path: files.key };
  const cert = readPemFile(certRef);
  const key = readPemFile(keyRef);
  const certificate = parseCertificate(certRef, cert);
  checkKey(keyRef, key);
  if (!certificate.checkPrivateKey(createPrivateKey(key))) {
    throw new TlsConfigError(
      `TLS_KEY_FILE=${files.key} is not the private key of the certificate in TLS_CERT_FILE=${files.cert}`,
    );
  }
  let ca: Buffer | undefined;
  if (files.ca !== undefined) {
    const caRef = { variable: 'TLS_CA_FILE', path: files.ca };
    ca = readPemFile(caRef);
    parseCertificate(caRef, ca);
  }
  try {
    createSecureContext({ cert, key, ...(ca ? { ca } : {}) });
  } catch (err) {
    throw new TlsConfigError(
      `TLS_CERT_FILE=${files.cert} / TLS_KEY_FILE=${files.key}: unusable for TLS (${(err as Error).message})`,
    );
  }
  return { cert, key, ...(ca ? { ca } : {}) };
}

/**
 * Outgoing TLS options: the server is verified against Node's public CAs (plus NODE_EXTRA_CA_CERTS)
 * and, when set, MQTT_CA_FILE; MQTT_CLIENT_CERT_FILE/MQTT_CLIENT_KEY_FILE present a client
 * certificate. Empty when nothing is set (Node's defaults then apply as they are).
 */
export function loadClientTls(files: ClientTlsFiles | undefined): ClientTlsOptions {
  if (files === undefined) return {};
  const options: ClientTlsOptions = {};
  if (files.ca !== undefined) {
    const ref = { variable: 'MQTT_CA_FILE', path: files.ca };
    const pem = readPemFile(ref);
    parseCertificate(ref, pem);
    // Passing `ca` replaces Node's default list: keep the public CAs and NODE_EXTRA_CA_CERTS.
    options.ca = [...rootCertificates, ...extraCaCertificates(), pem.toString('utf8')];
  }
  if ((files.cert === undefined) !== (files.key === undefined)) {
    throw new TlsConfigError('set both MQTT_CLIENT_CERT_FILE and MQTT_CLIENT_KEY_FILE, or neither');
  }
  if (files.cert !== undefined && files.key !== undefined) {
    const certRef = { variable: 'MQTT_CLIENT_CERT_FILE', path: files.cert };
    const keyRef = { variable: 'MQTT_CLIENT_KEY_FILE', path: files.key };
    options.cert = readPemFile(certRef);
    options.key = readPemFile(keyRef);
    parseCertificate(certRef, options.cert);
    checkKey(keyRef, options.key);
  }
  return options;
}

/** NODE_EXTRA_CA_CERTS's certificates, which an explicit `ca` would otherwise leave out. */
function extraCaCertificates(): string[] {
  const file = process.env['NODE_EXTRA_CA_CERTS'];
  if (!file) return [];
  try {
    return [readFileSync(file, 'utf8')];
  } catch {
    return []; // Node itself warns at start about an unreadable NODE_EXTRA_CA_CERTS
  }
}
