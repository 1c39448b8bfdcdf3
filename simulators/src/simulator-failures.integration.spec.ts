import { createServer } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '@campus/test-kit';
import { startSimulator } from './simulator';
import { brokerCredentials, handBuiltSites, SMALL_SCHOOL, type DeviceSpec } from './testing/hand-built-sites';
import { startTestBroker } from './testing/test-broker';

const silent = pino({ level: 'silent' });

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.reverse()) await close();
  cleanup = [];
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('simulator failure handling', () => {
  it('starts and stops cleanly when the broker is unreachable', async () => {
    const url = `mqtt://127.0.0.1:${await closedPort()}`;
    const handle = await startSimulator({
      sites: handBuiltSites(SMALL_SCHOOL),
      url,
      logger: silent,
      speed: 40,
    });
    cleanup.push(handle.stop);
    expect(handle.stats().connections).toMatchObject({ total: 7, online: 0, refused: [] });
    const started = Date.now();
    await handle.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(handle.stats().total).toBe(0);
  });

  it('reports a scenario the fleet cannot play, and keeps normal traffic going', async () => {
    const fleet: DeviceSpec[] = [{ id: 'patrol-only', kind: 'patrol_checkpoint', secret: 's' }];
    const broker = await startTestBroker(brokerCredentials(fleet));
    cleanup.push(broker.close);
    const handle = await startSimulator({
      sites: handBuiltSites(fleet),
      url: broker.url,
      rate: 50,
      scenario: 'night-intrusion',
      logger: silent,
    });
    cleanup.push(handle.stop);
    const errors: string[] = [];
    handle.events.on('scenario-error', ({ error }) => errors.push(error.message));
    await handle.scenarioDone;
    expect(errors).toEqual([expect.stringMatching(/night-intrusion cannot run/)]);
    await waitFor(() => ((handle.stats().published['telemetry'] ?? 0) >= 3 ? true : undefined), {
      what: 'telemetry after the failure',
      timeoutMs: 5_000,
    });
  });
});
