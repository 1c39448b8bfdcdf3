import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** The parts of an express request that name the client. */
export interface ClientRequest {
  ip?: string;
  socket?: { remoteAddress?: string };
}

/**
 * The client's address: Express's `req.ip`, which is the socket's remote address unless the app's
 * `trust proxy` setting says to take it from X-Forwarded-For. An IPv4 address seen on an IPv6
 * socket (`::ffff:10.0.0.7`) is written as IPv4. Null when there is none (not an HTTP request).
 */
export function clientIpOf(request: ClientRequest | undefined): string | null {
  const raw = request?.ip ?? request?.socket?.remoteAddress;
  if (raw === undefined || raw === '') return null;
  const v4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(raw);
  return v4?.[1] ?? raw;
}

/** `@ClientIp() ip: string | null` — the request's client address (clientIpOf). */
export const ClientIp = createParamDecorator((_data: unknown, context: ExecutionContext): string | null =>
  clientIpOf(context.switchToHttp().getRequest<ClientRequest>()),
);
