import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerTimeSeriesSink } from '@campus/ingest';
import { publishThroughCrash } from './testing/crashable-gateway';
import { fetchMetrics, metricValue } from './testing/metrics-reader';
import { waitFor } from '@campus/test-kit';

const COUNT = 5_000;

describe('the embedded store after a crash', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  });

  it('restarts after SIGKILL with every acknowledged reading', async () => {
    const run = await publishThroughCrash({
      count: COUNT,
      killAfter: 1_500,
      baseTs: Date.now() - COUNT - 60_000,
    });
    cleanups.push(() => run.cleanup());
    await run.done;
    await waitFor(async () => metricValue(await fetchMetrics(run.httpPort), 'campus_outbox_depth') === 0, {
      what: 'outbox drained',
    });
    // Read back through the restarted gateway's own store: stop it cleanly, then open the store.
    await run.gateway().kill('SIGTERM');
    const sink = await WorkerTimeSeriesSink.open(join(run.dataDir, 'timeseries'));
    cleanups.push(() => sink.close());
    expect((await sink.countPoints('tmp-0001')).telemetry).toBe(COUNT);
  });
});
