import { z } from 'zod';
import { ConfigError } from '@campus/ingest';

const simulateSchema = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
  .pipe(
    z
      .enum(['0', '1'], {
        error: (iss) =>
          `SIMULATE must be 0 or 1, got ${JSON.stringify(iss.input)}: 1 starts the device simulator, 0 none ` +
          '(default: 1 only with the built-in demo province)',
      })
      .optional(),
  );

/**
 * SIMULATE (docs/operations.md): whether the all-in-one starts the device simulator. By default
 * only with the built-in demo province: with a real SITES_FILE the simulator would log in as every
 * device that has a plain secret, and its readings would hide real outages.
 */
export function simulateFromEnv(env: NodeJS.ProcessEnv, demoProvince: boolean): boolean {
  const parsed = simulateSchema.safeParse(env['SIMULATE']);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data === undefined ? demoProvince : parsed.data === '1';
}

/** The address a client on this machine uses to reach a listener bound to `host` (HOST). */
export function localAddressFor(host: string | undefined): string {
  if (host === undefined || host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
