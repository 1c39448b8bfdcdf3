import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import {
  createServer as createTlsServer,
  type Server as TlsServer,
  type TLSSocket,
  type TlsOptions,
} from 'node:tls';
import type { ServerTlsMaterial } from './tls-material';

/** The embedded broker's TLS listeners (docs/protocol.md, "TLS"); each off when its port is unset. */
export interface BrokerTlsOptions {
  material: ServerTlsMaterial;
  /** `MQTTS_PORT`: MQTT over TLS. */
  mqttsPort?: number;
  /** `MQTT_WSS_PORT`: MQTT over secure WebSocket. */
  mqttWssPort?: number;
}

export interface TlsListenerHooks {
  /** Every new TCP socket, before the handshake: the connection limits; false when refused (destroyed). */
  admit(socket: Socket): boolean;
  /** A handshake that failed (bad certificate, wrong protocol, timeout …). */
  handshakeFailed(err: Error, socket: TLSSocket): void;
  /** Longest time a client may take from connecting to the end of the TLS handshake. */
  handshakeTimeoutMs: number;
}

/**
 * The server-side TLS settings. With a CA (TLS_CA_FILE) the listeners ask every client for a
 * certificate, but let the handshake end without one (`rejectUnauthorized: false`): a device
 * without a certificate logs in with its secret, now encrypted. A certificate that was presented
 * and fails verification is refused by the broker right after the handshake
 * (`judgePeerCertificate`), before any MQTT packet is read.
 */
export function serverTlsOptions(material: ServerTlsMaterial, handshakeTimeoutMs: number): TlsOptions {
  return {
    cert: material.cert,
    key: material.key,
    minVersion: 'TLSv1.2',
    handshakeTimeout: handshakeTimeoutMs,
    ...(material.ca ? { ca: material.ca, requestCert: true, rejectUnauthorized: false } : {}),
  };
}

/** MQTT over TLS: `onSecure` gets each socket once its handshake is done. */
export function createMqttsServer(
  material: ServerTlsMaterial,
  hooks: TlsListenerHooks,
  onSecure: (socket: TLSSocket) => void,
): TlsServer {
  const server = createTlsServer(serverTlsOptions(material, hooks.handshakeTimeoutMs), onSecure);
  // 'connection' is the raw TCP socket: counted before a byte of the handshake is read.
  server.on('connection', (socket: Socket) => void hooks.admit(socket));
  server.on('tlsClientError', (err, socket) => hooks.handshakeFailed(err, socket));
  return server;
}

/** The HTTPS server under MQTT over secure WebSocket (the caller attaches the WebSocket server). */
export function createWssServer(material: ServerTlsMaterial, hooks: TlsListenerHooks): HttpsServer {
  const server = createHttpsServer(serverTlsOptions(material, hooks.handshakeTimeoutMs), (_req, res) =>
    res.writeHead(426).end('MQTT over WebSocket only\n'),
  );
  server.on('connection', (socket: Socket) => void hooks.admit(socket));
  server.on('tlsClientError', (err, socket) => hooks.handshakeFailed(err, socket));
  return server;
}
