import type { INestApplication } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Logger } from 'pino';
import { createClient } from 'redis';

type RedisClient = ReturnType<typeof createClient>;
/**
 * Nest's socket.io (a nested copy of another patch release): its types, not the top-level
 * package's, which TypeScript treats as unrelated.
 */
type IoServer = ReturnType<IoAdapter['createIOServer']>;
type IoServerOptions = Parameters<IoAdapter['createIOServer']>[1];
type IoAdapterConstructor = Parameters<IoServer['adapter']>[0];

export interface RedisIoAdapterOptions {
  /** `REDIS_URL`, e.g. `redis://:secret@redis:6379/0`. */
  url: string;
  logger: Logger;
  /** How long a connection attempt may take (default 5000 ms). */
  connectTimeoutMs?: number;
}

export class RedisConnectError extends Error {
  override name = 'RedisConnectError';
}

/** The URL with any password (and user) replaced by `***`, for messages and logs. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '' || u.username !== '') {
      u.username = '';
      u.password = '***';
    }
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** An error's message; `connect ECONNREFUSED …` lives in the parts of an AggregateError. */
function describe(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) {
    return [...new Set(err.errors.map(describe))].join('; ');
  }
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return err.message || (typeof code === 'string' ? code : err.name);
  }
  return String(err);
}

/**
 * socket.io through Redis pub/sub (`REDIS_URL`), so that every replica of the alert service
 * delivers an `alert` emitted by any of them to its own sockets of the alert's rooms.
 *
 * The NestJS pattern: `await adapter.connectToRedis()` before the app listens (it throws
 * `cannot connect to REDIS_URL …` when Redis is unreachable), then every socket.io server it
 * creates uses the Redis adapter. After the start, a lost connection is logged and retried in the
 * background (emits meanwhile stay local); both clients are closed when the app shuts down.
 */
export class RedisIoAdapter extends IoAdapter {
  private adapterConstructor: IoAdapterConstructor | undefined;
  private readonly clients: RedisClient[] = [];
  private readonly log: Logger;

  constructor(
    app: INestApplication,
    private readonly options: RedisIoAdapterOptions,
  ) {
    super(app);
    this.log = options.logger.child({ part: 'redis-io-adapter' });
  }

  async connectToRedis(): Promise<void> {
    const { url } = this.options;
    let started = false;
    let pubClient: RedisClient;
    try {
      pubClient = createClient({
        url,
        socket: {
          connectTimeout: this.options.connectTimeoutMs ?? 5000,
          // at the start, give up at once (the caller fails with a clear error); later, retry
          reconnectStrategy: (retries) => (started ? Math.min(100 * 2 ** retries, 5000) : false),
        },
      });
    } catch (err) {
      throw new RedisConnectError(`cannot connect to REDIS_URL ${redactRedisUrl(url)}: ${describe(err)}`, {
        cause: err,
      });
    }
    const subClient = pubClient.duplicate();
    for (const [name, client] of [
      ['pub', pubClient],
      ['sub', subClient],
    ] as const) {
      this.clients.push(client);
      client.on('error', (err: unknown) => {
        // before the start, connect() rejects with the same error
        if (started) this.log.error({ err, client: name }, 'redis connection error (socket.io adapter)');
      });
      client.on('reconnecting', () => {
        if (started) this.log.warn({ client: name }, 'reconnecting to redis (socket.io adapter)');
      });
      client.on('ready', () => {
        if (started) this.log.info({ client: name }, 'reconnected to redis (socket.io adapter)');
      });
    }
    try {
      await Promise.all([pubClient.connect(), subClient.connect()]);
    } catch (err) {
      await this.closeClients();
      throw new RedisConnectError(`cannot connect to REDIS_URL ${redactRedisUrl(url)}: ${describe(err)}`, {
        cause: err,
      });
    }
    started = true;
    // same runtime shape; the types differ only by which copy of socket.io they come from
    this.adapterConstructor = createAdapter(pubClient, subClient) as unknown as IoAdapterConstructor;
    this.log.info({ redis: redactRedisUrl(url) }, 'socket.io uses the redis adapter');
  }

  override createIOServer(port: number, options?: IoServerOptions): IoServer {
    if (this.adapterConstructor === undefined) {
      throw new Error('RedisIoAdapter: await connectToRedis() before the app listens');
    }
    const server = super.createIOServer(port, options);
    server.adapter(this.adapterConstructor);
    return server;
  }

  /** Called by Nest on app shutdown, after the socket.io servers are closed. */
  override async dispose(): Promise<void> {
    await super.dispose();
    await this.closeClients();
  }

  private async closeClients(): Promise<void> {
    const clients = this.clients.splice(0);
    await Promise.all(
      clients.map(async (client) => {
        try {
          if (client.isReady) await client.close();
          else if (client.isOpen) client.destroy();
        } catch (err) {
          this.log.warn({ err }, 'error while closing a redis client (socket.io adapter)');
        }
      }),
    );
  }
}
