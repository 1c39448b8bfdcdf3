import { readFileSync } from 'node:fs';
import { DEMO_SITES_PATH, parseSites, verifySecret, type Sites } from '@campus/device-protocols';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '@campus/test-kit';
import { planFleet } from './fleet/plan-fleet';
import type { ScenarioStep } from './scenarios/scenario';
import { startSimulator } from './simulator';
import { observe, startTestBroker, type ReceivedMessage } from './testing/test-broker';

const OBSERVER = { username: 'observer', password: 'observer-pass' };

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.reverse()) await close();
  cleanup = [];
});

/** What the broker accepts: each device id with its plain sites secret (the demo file has no hashes). */
function sitesCredentials(sites: Sites): Map<string, string> {
  const accepted = new Map<string, string>([[OBSERVER.username, OBSERVER.password]]);
  for (const device of sites.devices) if (device.secret !== undefined) accepted.set(device.id, device.secret);
  return accepted;
}

describe('simulator with the demo province', () => {
  const sites = parseSites(readFileSync(DEMO_SITES_PATH, 'utf8'), DEMO_SITES_PATH);
  const school = sites.schools[0]?.code ?? '';

  it('plans one connection per native device and bridge of a school', () => {
    const plan = planFleet(sites, { schools: [school] });
    const bridged = sites.devices.filter((d) => d.org.school === school && d.via).length;
    expect(plan.zigbeeBridges.length).toBeGreaterThanOrEqual(1);
    expect(plan.frigateNvrs.length).toBeGreaterThanOrEqual(1);
    const children = [...plan.zigbeeBridges, ...plan.frigateNvrs].reduce((n, b) => n + b.children.length, 0);
    expect(children).toBe(bridged);
    expect(plan.natives.every((n) => verifySecret(n.password, n.device))).toBe(true);
  });

  it('plays fire-in-lab on one demo school against a real broker', async () => {
    const broker = await startTestBroker(sitesCredentials(sites));
    cleanup.push(broker.close);
    const observer = await observe(broker.url, OBSERVER.username, OBSERVER.password, ['#']);
    cleanup.push(observer.close);
    const handle = await startSimulator({
      sites,
      url: broker.url,
      rate: 60,
      scenario: 'fire-in-lab',
      schools: [school],
      logger: pino({ level: 'silent' }),
      speed: 40,
      seed: 1,
    });
    cleanup.push(handle.stop);
    const steps: ScenarioStep[] = [];
    handle.events.on('step', (step) => steps.push(step));
    await handle.scenarioDone;

    const cast = steps.find((s) => s.step === 'cast')?.detail ?? {};
    expect(cast['school']).toBe(school);
    const device = (id: unknown) => sites.deviceById.get(String(id));
    expect(device(cast['smoke'])).toMatchObject({
      kind: 'smoke_detector',
      risk: 'red',
      location: { use: 'lab' },
    });

    const has = (test: (m: ReceivedMessage) => boolean) => () => observer.messages.find(test);
    await waitFor(
      has(
        (m) =>
          m.topic === `campus/v1/${school}/${String(cast['smoke'])}/event` &&
          m.text.includes('"type":"smoke"'),
      ),
      { what: 'native smoke event', timeoutMs: 5_000 },
    );
    const zigbeeSmoke = device(cast['zigbeeSmoke']);
    const bridge = device(zigbeeSmoke?.via?.bridge);
    await waitFor(
      has(
        (m) =>
          m.topic === `${bridge?.baseTopic}/${zigbeeSmoke?.via?.name}` && m.text.includes('"smoke":true'),
      ),
      { what: 'Z2M smoke', timeoutMs: 5_000 },
    );
    const nvr = device(device(cast['camera'])?.via?.bridge);
    await waitFor(
      has(
        (m) =>
          m.topic === `${nvr?.baseTopic}/events` &&
          m.text.includes('"type": "new"') &&
          m.text.includes('"label": "fire"'),
      ),
      { what: 'Frigate fire', timeoutMs: 5_000 },
    );

    expect(handle.stats().connections.refused).toEqual([]);
    const otherSchools = sites.schools.map((s) => s.code).filter((code) => code !== school);
    expect(observer.messages.some((m) => otherSchools.some((code) => m.topic.includes(code)))).toBe(false);
  }, 10_000);
});
