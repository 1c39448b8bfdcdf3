import { createServer, type Server, type Socket } from 'node:net';
import { Aedes, type AuthenticateError, type AuthErrorCode } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';

export interface TestBroker {
  url: string;
  broker: Aedes;
  /** Usernames the broker let in. */
  accepted: Set<string>;
  /** Usernames it refused. */
  refused: Set<string>;
  close(): Promise<void>;
}

const BAD_USERNAME_OR_PASSWORD = 4 as AuthErrorCode;

/** A real aedes broker on 127.0.0.1, checking username/password against `credentials`. */
export async function startTestBroker(credentials: ReadonlyMap<string, string>): Promise<TestBroker> {
  const accepted = new Set<string>();
  const refused = new Set<string>();
  const broker = await Aedes.createBroker({
    authenticate: (_client, username, password, done) => {
      if (
        username !== undefined &&
        password !== undefined &&
        credentials.get(username) === password.toString()
      ) {
        accepted.add(username);
        return done(null, true);
      }
      refused.add(username ?? '');
      const error: AuthenticateError = Object.assign(new Error('bad username or password'), {
        returnCode: BAD_USERNAME_OR_PASSWORD,
      });
      done(error, false);
    },
  });
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    broker.handle(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('test broker has no TCP address');
  return {
    url: `mqtt://127.0.0.1:${address.port}`,
    broker,
    accepted,
    refused,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    },
  };
}

export interface ReceivedMessage {
  topic: string;
  text: string;
  retain: boolean;
}

export interface Observer {
  messages: ReceivedMessage[];
  client: MqttClient;
  close(): Promise<void>;
}

/** A plain mqtt.js subscriber, as the gateway would be, recording everything under `topics`. */
export async function observe(
  url: string,
  username: string,
  password: string,
  topics: string[],
): Promise<Observer> {
  const client = await mqtt.connectAsync(url, { username, password, reconnectPeriod: 0 });
  const messages: ReceivedMessage[] = [];
  client.on('message', (topic, payload, packet) =>
    messages.push({ topic, text: payload.toString('utf8'), retain: packet.retain }),
  );
  await client.subscribeAsync(topics, { qos: 1 });
  return { messages, client, close: () => client.endAsync() };
}
