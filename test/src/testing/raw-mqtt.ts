import { readFile } from 'node:fs/promises';
import { connect as tcpConnect, type Socket } from 'node:net';
import { generate, parser, type Packet } from 'mqtt-packet';

/**
 * MQTT over a bare TCP socket, for what mqtt.js will not do: connect from a chosen local address
 * (127.0.0.2 …), send a CONNECT with keepalive 0, subscribe and then never read again, or send
 * nothing at all.
 */
export interface RawMqtt {
  socket: Socket;
  /** Packets received so far (only while the socket is read). */
  packets: Packet[];
  closed: Promise<void>;
  isClosed(): boolean;
}

export function openRaw(port: number, localAddress = '127.0.0.1'): Promise<RawMqtt> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host: '127.0.0.1', port, localAddress });
    const packets: Packet[] = [];
    const p = parser({ protocolVersion: 4 });
    p.on('packet', (packet) => packets.push(packet));
    p.on('error', () => socket.destroy());
    socket.on('data', (d: Buffer) => p.parse(d));
    let closed = false;
    const closedPromise = new Promise<void>((r) =>
      socket.once('close', () => {
        closed = true;
        r();
      }),
    );
    socket.on('error', () => undefined);
    socket.once('connect', () => resolve({ socket, packets, closed: closedPromise, isClosed: () => closed }));
    socket.once('error', reject);
  });
}

export function sendConnect(
  raw: RawMqtt,
  options: { username: string; password: string; clientId: string; keepalive?: number; clean?: boolean },
): void {
  raw.socket.write(
    generate({
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: 4,
      clean: options.clean ?? true,
      clientId: options.clientId,
      keepalive: options.keepalive ?? 60,
      username: options.username,
      password: Buffer.from(options.password),
    }),
  );
}

/** The CONNACK return code (0 accepted), or 'closed' when the broker closed first. */
export async function connackOf(raw: RawMqtt, timeoutMs = 10_000): Promise<number | 'closed'> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const connack = raw.packets.find((p) => p.cmd === 'connack');
    if (connack && connack.cmd === 'connack') return connack.returnCode ?? 0;
    if (raw.isClosed()) return 'closed';
    if (Date.now() > deadline) throw new Error(`no CONNACK within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Connects and logs in over a bare socket; resolves with the CONNACK return code. */
export async function rawLogin(
  port: number,
  options: {
    username: string;
    password: string;
    clientId: string;
    keepalive?: number;
    localAddress?: string;
    /** How long to wait for the CONNACK; default 10 s. */
    timeoutMs?: number;
  },
): Promise<{ raw: RawMqtt; code: number | 'closed' }> {
  const raw = await openRaw(port, options.localAddress);
  sendConnect(raw, options);
  return { raw, code: await connackOf(raw, options.timeoutMs) };
}

/** Resident memory of a process in bytes (Linux `/proc/<pid>/status`, VmRSS). */
export async function residentBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kb) * 1024;
}

/** An MQTT fixed header declaring `length` bytes to follow. */
export function fixedHeader(type: number, length: number): Buffer {
  const bytes = [type];
  let rest = length;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) byte |= 0x80;
    bytes.push(byte);
  } while (rest > 0);
  return Buffer.from(bytes);
}
