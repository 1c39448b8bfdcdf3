import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import {
  AlertRepository,
  EscalationRepository,
  openDatabase,
  openTunedPglite,
  planEscalation,
  RuleEngine,
} from '@campus/alerting';
import type { UplinkMessage } from '@campus/device-protocols';
import { loadSites } from '@campus/ingest';
import { isSeedRequest, type SeededAlert, type SeedResult } from './alert-seed-protocol';

/**
 * Opens alerts straight in a stopped platform's embedded database (DATA_DIR/pglite), the way the
 * platform itself would for a device event: the rule engine turns a synthetic event into the
 * trigger (same dedup key a real repeat will have), `AlertRepository.openOrOccur` stores it and
 * `planEscalation` + `EscalationRepository.schedule` give it the escalation row `AlertEscalation.start`
 * writes. Run by bench/alert-seed.ts in a process of its own: PGlite is WASM on this event loop
 * and keeps hundreds of MiB, which the bench process should not carry afterwards.
 */
async function main(): Promise<void> {
  const requestPath = process.env['SEED_REQUEST'];
  const resultPath = process.env['SEED_RESULT'];
  if (!requestPath || !resultPath) throw new Error('SEED_REQUEST and SEED_RESULT must be set');
  const request: unknown = JSON.parse(await readFile(requestPath, 'utf8'));
  if (!isSeedRequest(request)) throw new Error(`${requestPath} is not a seed request`);

  const logger = pino({ name: 'bench-seed', level: 'warn' });
  const sites = await loadSites(request.sitesFile);
  // The rule engine is pure: `now` is the opening time asked for, so `openedAt` is exactly that.
  const engine = new RuleEngine(sites);
  const pglite = await openTunedPglite(join(request.dataDir, 'pglite'));
  const db = await openDatabase({ pglite, logger });
  const alerts = new AlertRepository(db);
  const escalations = new EscalationRepository(db);
  const seeded: SeededAlert[] = [];
  const started = performance.now();
  try {
    for (const spec of request.alerts) {
      const device = sites.deviceById.get(spec.device);
      if (!device) throw new Error(`device ${spec.device} is not in ${request.sitesFile}`);
      const msg: UplinkMessage = {
        v: 1,
        kind: 'event',
        device: device.id,
        ts: spec.at,
        type: spec.type,
        data: {},
        org: device.org,
        deviceKind: device.kind,
      };
      const triggers = engine.onMessage(msg, spec.at);
      const trigger = triggers[0];
      // One event, one alert and nothing else (no hazard): what is seeded is all the platform would do.
      if (trigger?.kind !== 'alert' || triggers.length > 1)
        throw new Error(
          `a ${spec.type} event of ${spec.device} gives ${triggers.map((t) => t.kind).join(', ') || 'nothing'}, ` +
            'not exactly one alert',
        );
      // No drill windows exist in a freshly seeded database, so the drill lookup onAlert does is moot.
      const { alert, opened } = await alerts.openOrOccur(trigger, { drill: false });
      if (!opened) throw new Error(`${trigger.key} was already open: the seed asked for it twice`);
      const openedAt = new Date(alert.openedAt);
      const plan = planEscalation(sites, { severity: alert.severity, drill: alert.drill, openedAt });
      await escalations.schedule(alert.id, plan.steps, openedAt);
      seeded.push({
        id: alert.id,
        device: spec.device,
        type: spec.type,
        openedAt: openedAt.getTime(),
        steps: plan.steps.map((s) => ({ level: s.level, afterSeconds: s.afterSeconds })),
      });
    }
  } finally {
    await db.close();
    await pglite.close();
  }
  const result: SeedResult = { alerts: seeded, ms: performance.now() - started };
  await writeFile(resultPath, JSON.stringify(result));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
});
