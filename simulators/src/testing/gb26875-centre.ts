import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import {
  GB26875_COMMAND,
  Gb26875Deframer,
  buildGb26875Reply,
  type Gb26875Frame,
} from '@campus/device-protocols';

const REPLY_TIME = { second: 0, minute: 0, hour: 12, day: 1, month: 1, year: 26 };

/**
 * A GB/T 26875.3 monitoring centre for simulator tests: a real TCP server that records every frame
 * and answers 确认, or 否认 while `denyNext` is above zero. Built on the protocol library only.
 */
export class TestCentre {
  readonly frames: Gb26875Frame[] = [];
  denyNext = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<TestCentre> {
    const server = createServer();
    const centre = new TestCentre(server);
    server.on('connection', (socket) => centre.accept(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return centre;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Drops every connection (the transmitters should reconnect). */
  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  async stop(): Promise<void> {
    this.dropConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    const deframer = new Gb26875Deframer();
    socket.on('data', (chunk: Buffer) => {
      for (const outcome of deframer.push(chunk)) {
        if (outcome.type !== 'frame') continue;
        this.frames.push(outcome.frame);
        const deny = this.denyNext > 0;
        if (deny) this.denyNext--;
        const command = deny ? GB26875_COMMAND.deny : GB26875_COMMAND.confirm;
        socket.write(buildGb26875Reply(outcome.frame, command, REPLY_TIME));
      }
    });
  }
}
