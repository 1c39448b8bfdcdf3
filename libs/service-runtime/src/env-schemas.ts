import { isIP } from 'node:net';
import { z } from 'zod';

/** An optional environment variable: unset, empty or blank reads as absent; surrounding spaces go. */
export const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** HOST: an IP address (`0.0.0.0`, `::`, `10.1.2.3`) or a host name to listen on; unset or empty for the default. */
export const hostSchema = optionalText.transform((v, ctx) => {
  if (v === undefined) return undefined;
  const bare = /^\[(.*)\]$/.exec(v)?.[1] ?? v;
  if (isIP(bare) !== 0 || HOST_NAME.test(bare)) return bare;
  ctx.addIssue({
    code: 'custom',
    message: `expected an IP address to listen on (e.g. 0.0.0.0, ::, 10.1.2.3) or a host name; got ${JSON.stringify(v)}`,
  });
  return z.NEVER;
});
