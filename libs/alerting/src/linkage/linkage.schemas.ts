import type { Conforms, RunActionBody as WireRunActionBody } from '@campus/api-contract';
import { COMMAND_PARAMS_SCHEMAS, DEVICE_COMMANDS } from '@campus/device-protocols';
import { z } from 'zod';

/** `POST /api/alerts/:id/actions`: the command's parameters are checked against the command's own schema. */
export const runActionBodySchema = z
  .object({
    device: z.string().min(1).max(100),
    command: z.enum(DEVICE_COMMANDS),
    params: z.record(z.string(), z.unknown()).optional(),
  })
  .transform((body, ctx) => {
    const params = COMMAND_PARAMS_SCHEMAS[body.command].safeParse(body.params ?? {});
    if (!params.success) {
      for (const issue of params.error.issues) {
        ctx.addIssue({ code: 'custom', path: ['params', ...issue.path], message: issue.message });
      }
      return z.NEVER;
    }
    return { device: body.device, command: body.command, params: params.data };
  });
export type RunActionBody = Conforms<z.output<typeof runActionBodySchema>, WireRunActionBody>;

/** How long a command waits for its device's answer: ACTION_TIMEOUT_SECONDS, default 10. */
export function actionTimeoutFromEnv(env: NodeJS.ProcessEnv, fallbackMs: number): number {
  const raw = env['ACTION_TIMEOUT_SECONDS']?.trim();
  if (!raw) return fallbackMs;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > 300) {
    throw new Error(
      `ACTION_TIMEOUT_SECONDS=${raw}: give the seconds to wait for a device's answer, 1 to 300 (default 10)`,
    );
  }
  return Math.round(seconds * 1000);
}
