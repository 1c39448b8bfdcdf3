import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LogNotifier } from './log-notifier';
import type { Notifier } from './notifier';
import { NOTIFIER_CHANNELS } from './notifier-channels';
import { notifierFromEnv } from './notifier-from-env';

const logger = pino({ level: 'silent' });

/** A notifier that is recognisably the one a channel returned. */
function stubNotifier(): Notifier {
  return { send: async () => ({ ok: true, sid: 'stub', status: 'sent' }) };
}

describe('notifierFromEnv reads the NOTIFIER_CHANNELS table', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each(Object.keys(NOTIFIER_CHANNELS))('%s: configured, its notifier is the one used', (name) => {
    const chosen = stubNotifier();
    const env = { SOME_VARIABLE: 'x' };
    const spies = Object.entries(NOTIFIER_CHANNELS).map(([other, channel]) =>
      vi.spyOn(channel, 'fromEnv').mockReturnValue(other === name ? chosen : undefined),
    );
    expect(notifierFromEnv(env, logger, { statusCallbackUrl: 'https://example.test/cb' })).toBe(chosen);
    const asked = spies.find((s) => s.mock.results.some((r) => r.value === chosen));
    expect(asked).toHaveBeenCalledWith(env, logger, { statusCallbackUrl: 'https://example.test/cb' });
  });

  it('no channel configured: notifications are only logged', () => {
    for (const channel of Object.values(NOTIFIER_CHANNELS))
      vi.spyOn(channel, 'fromEnv').mockReturnValue(undefined);
    expect(notifierFromEnv({}, logger)).toBeInstanceOf(LogNotifier);
  });
});
