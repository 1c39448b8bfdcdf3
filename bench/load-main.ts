import { performance } from 'node:perf_hooks';
import { Cleanups } from './context';
import { DeviceFleet, type RateLoad } from './device-fleet';
import { errorText } from './processes';
import { isLoadRequest, type LoadAnswer, type LoadRequest } from './load-protocol';

/**
 * A load generator in a process of its own (bench/load-process.ts starts it): a DeviceFleet driven
 * over IPC, so that a heavy background load neither competes with the parent's latency probes for
 * one event loop nor is limited to one core.
 */
const cleanups = new Cleanups();
let fleet: DeviceFleet | undefined;
let paced: { load: RateLoad; busyFrom: ReturnType<typeof performance.eventLoopUtilization> } | undefined;

function send(answer: LoadAnswer): void {
  process.send?.(answer);
}

function theFleet(): DeviceFleet {
  if (!fleet) throw new Error('not connected');
  return fleet;
}

async function handle(req: LoadRequest): Promise<void> {
  switch (req.type) {
    case 'connect':
      fleet = await DeviceFleet.connect(cleanups, req.url, req.devices, { window: req.window });
      return send({ type: 'ok', id: req.id });
    case 'count': {
      const before = performance.eventLoopUtilization();
      const stats = await theFleet().publishEach(req.perDevice);
      return send({
        type: 'stats',
        id: req.id,
        stats,
        busy: performance.eventLoopUtilization(before).utilization,
      });
    }
    case 'rate': {
      if (paced) throw new Error('a paced load is already running');
      const load = theFleet().startRate(req.perSecond);
      load.failed.catch((err: unknown) => send({ type: 'failed', message: errorText(err) }));
      paced = { load, busyFrom: performance.eventLoopUtilization() };
      return send({ type: 'ok', id: req.id });
    }
    case 'progress':
      return send({ type: 'progress', id: req.id, acked: paced?.load.acked() ?? 0 });
    case 'stop': {
      if (!paced) throw new Error('no paced load is running');
      const { load, busyFrom } = paced;
      paced = undefined;
      const stats = await load.stop();
      return send({
        type: 'stats',
        id: req.id,
        stats,
        busy: performance.eventLoopUtilization(busyFrom).utilization,
      });
    }
    case 'sent': {
      const f = theFleet();
      return send({ type: 'sent', id: req.id, report: { tsBase: f.tsBase, devices: f.sentPerDevice() } });
    }
  }
}

process.on('message', (msg: unknown) => {
  if (!isLoadRequest(msg)) return;
  handle(msg).catch((err: unknown) => send({ type: 'error', id: msg.id, message: errorText(err) }));
});

// The parent is gone (finished or crashed): close the connections and leave.
process.on('disconnect', () => {
  void cleanups.run().finally(() => process.exit(0));
});
