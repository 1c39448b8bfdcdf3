import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Publishes with Debian's `mosquitto_pub`, the client device makers test with. */
export async function mosquittoPub(options: {
  port: number;
  topic: string;
  message: string;
  username?: string;
  password?: string;
  qos?: 0 | 1;
}): Promise<{ code: number; stderr: string }> {
  const args = ['-h', '127.0.0.1', '-p', String(options.port), '-t', options.topic, '-m', options.message];
  args.push('-q', String(options.qos ?? 1), '-V', 'mqttv311');
  if (options.username !== undefined) args.push('-u', options.username);
  if (options.password !== undefined) args.push('-P', options.password);
  try {
    const { stderr } = await run('/usr/bin/mosquitto_pub', args, { timeout: 15_000 });
    return { code: 0, stderr };
  } catch (err) {
    const e = err as { code?: number; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stderr: e.stderr ?? String(err) };
  }
}
