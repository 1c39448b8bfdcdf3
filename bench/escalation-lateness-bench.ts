import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { TwilioDouble, type RecordedTwilioRequest } from '@campus/alerting/testing';
import { copyDataDir, preparedDataDir, seedAlerts, type SeededAlert, type SeedSpec } from './alert-seed';
import { writeBenchSites, type BenchSites } from './bench-sites';
import { Cleanups, type BenchOptions, type BenchResult, type Benchmark } from './context';
import { percentile } from './measure';
import { fetchMetrics, metricSum, spawnPlatform } from './platform-process';
import { step, StepError } from './processes';

/**
 * Each detector opens one alert per type; smoke detectors sit at red risk points, so every one of
 * these is critical (the high ones are raised a step) and follows the critical policy below.
 */
const ALERT_TYPES = ['smoke', 'fire', 'gas', 'intrusion', 'fight'] as const;
/** Short steps, so that an alert's whole chain falls due within seconds of its opening. */
const POLICY = [
  { level: 'school', after: '2s' },
  { level: 'county', after: '4s' },
  { level: 'city', after: '6s' },
] as const;
const FIRST_STEP_MS = 2_000;
/** The baseline's "handful" of open alerts. */
const BASELINE_ALERTS = 10;
/** The platform must have been answering /api/health this long before the first step is due. */
const SETTLE_MS = 3_000;

/**
 * The subject's alerts open (first step due) evenly over `spreadMs`, so steps fall due at about
 * 3 × alerts ÷ spread a second (50/s in a full run, 30/s quick): a storm the platform can keep up
 * with on 2 cores, so lateness shows the cost of each step with many alerts open, not an ever
 * growing backlog. Only the alerts whose first step is due within `windowMs` are measured (1,000
 * of the 10,000); the others stay open with their steps pending behind the window.
 */
const sizes = (quick: boolean) =>
  quick
    ? { alerts: 1_000, windowMs: 15_000, spreadMs: 100_000, drainMs: 60_000 }
    : { alerts: 10_000, windowMs: 60_000, spreadMs: 600_000, drainMs: 120_000 };

/**
 * Seeding and the restart must be over before the first step falls due, yet every second of
 * margin is a second of waiting: the first estimate is generous (the seed process's start-up, a
 * few ms per alert, the platform's first start, which included initdb), and the baseline's
 * actual times tighten it for the subject.
 */
interface Estimates {
  seedOverheadMs: number;
  seedPerAlertMs: number;
  restartMs: number;
}

/** One escalation step that should reach the Twilio double: its alert, level and due time. */
interface DueStep {
  key: string;
  alert: string;
  level: string;
  dueMs: number;
}

interface SideResult {
  /** Lateness (send time at the double − due time) of every measured step, in due order, ms. */
  lateness: number[];
  /** Alerts open, and of them the ones measured (first step due within the window). */
  open: number;
  measuredAlerts: number;
  seedSeconds: number;
  restartSeconds: number;
  /** From the first measured step due to the last one sent, and the platform's CPU in that time. */
  sendSeconds: number;
  cpuSeconds: number;
  /** Between /api/health answering and the first step falling due, and the platform's CPU in it. */
  idleSeconds: number;
  idleCpuSeconds: number;
  /** Sends of steps after the window (the rest of the storm), seen before the platform stopped. */
  laterSends: number;
  /** Steps that reached the double more than once. */
  duplicates: string[];
  load: string;
}

const loadAverage = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');

function dueSteps(alerts: readonly SeededAlert[]): DueStep[] {
  return alerts.flatMap((a) =>
    a.steps.map((s) => ({
      key: `${a.id} ${s.level}`,
      alert: a.id,
      level: s.level,
      dueMs: a.openedAt + s.afterSeconds * 1000,
    })),
  );
}

/** The alert and level a send was for, from the `StatusCallback` the platform asked for. */
function stepKey(request: RecordedTwilioRequest): string | undefined {
  if (request.statusCallback === undefined) return undefined;
  const query = new URL(request.statusCallback).searchParams;
  const alert = query.get('alert');
  const level = query.get('level');
  return alert === null || level === null ? undefined : `${alert} ${level}`;
}

/**
 * Seeds `count` alerts into a copy of the prepared DATA_DIR, their first steps due evenly over
 * `spreadMs` from a start time after the restart, restarts the platform on it with notifications
 * going to the Twilio double, and waits until every step of the alerts opened within the window has
 * been sent (or the drain bound passes). Every step pages exactly one contact: each must arrive once.
 */
async function measureSide(
  cleanups: Cleanups,
  label: string,
  setup: { sites: BenchSites; preparedDir: string; twilio: TwilioDouble; estimates: Estimates },
  {
    count,
    spreadMs,
    windowMs,
    drainMs,
  }: { count: number; spreadMs: number; windowMs: number; drainMs: number },
): Promise<{ side: SideResult; measured: Estimates }> {
  const { sites, twilio, estimates } = setup;
  const dataDir = await copyDataDir(cleanups, setup.preparedDir);
  const seedBegin = Date.now();
  const windowStart =
    seedBegin + estimates.seedOverheadMs + count * estimates.seedPerAlertMs + estimates.restartMs + SETTLE_MS;
  const detectors = sites.smokeDetectors;
  const specs: SeedSpec[] = Array.from({ length: count }, (_, i) => ({
    device: detectors[i % detectors.length]!.id,
    type: ALERT_TYPES[Math.floor(i / detectors.length)]!,
    // Steps only fall due after the restart, so these openings lie a little in the future.
    at: Math.round(windowStart + ((i + 0.5) * spreadMs) / count - FIRST_STEP_MS),
  }));
  const seeded = await seedAlerts(cleanups, { dataDir, sitesFile: sites.path, alerts: specs });
  const seedMs = Date.now() - seedBegin;
  const inWindow = seeded.alerts.filter((a) => a.openedAt + FIRST_STEP_MS < windowStart + windowMs);
  const due = dueSteps(inWindow).sort((a, b) => a.dueMs - b.dueMs);
  const dueByKey = new Map(due.map((d) => [d.key, d]));
  const seededIds = new Set(seeded.alerts.map((a) => a.id));
  const firstDue = due[0]!.dueMs;
  const lastDue = due[due.length - 1]!.dueMs;

  twilio.reset();
  const restartBegin = performance.now();
  const platform = await spawnPlatform(cleanups, {
    sitesFile: sites.path,
    dataDir,
    publicUrl: true,
    env: {
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_FROM: '+15550000000',
      TWILIO_API_URL: twilio.url,
    },
  });
  const restartMs = performance.now() - restartBegin;
  const readyAt = Date.now();
  if (readyAt + SETTLE_MS > firstDue)
    throw new StepError(
      `${label}: restart before the window`,
      `the platform answered /api/health ${((readyAt + SETTLE_MS - firstDue) / 1000).toFixed(1)} s too late ` +
        `for the first step (seeding took ${(seedMs / 1000).toFixed(1)} s, the restart ${(restartMs / 1000).toFixed(1)} s); ` +
        'the steps would measure catch-up after a restart, not lateness',
    );
  const cpuSeconds = async () => metricSum(await fetchMetrics(platform.base), 'process_cpu_seconds_total');
  const cpuAtReady = await cpuSeconds();
  // Sampled when the first step falls due: what the platform burns idle with the alerts open.
  let timer: NodeJS.Timeout | undefined;
  const cpuAtFirstDue = new Promise<number>((resolve, reject) => {
    timer = setTimeout(() => cpuSeconds().then(resolve, reject), Math.max(0, firstDue - Date.now()));
  });
  cpuAtFirstDue.catch(() => undefined);
  cleanups.add(async () => clearTimeout(timer));

  // Scanned incrementally: waitFor's predicate runs again on every request.
  const sent = new Map<string, RecordedTwilioRequest>();
  const later = new Set<string>();
  const unexpected: string[] = [];
  const duplicates: string[] = [];
  let scanned = 0;
  const absorb = (requests: readonly RecordedTwilioRequest[]) => {
    for (; scanned < requests.length; scanned++) {
      const request = requests[scanned]!;
      const key = stepKey(request);
      const dueStep = key === undefined ? undefined : dueByKey.get(key);
      if (key === undefined || !seededIds.has(key.split(' ')[0]!))
        unexpected.push(key ?? `a send to ${request.to} without StatusCallback`);
      else if (dueStep === undefined) {
        if (later.has(key)) duplicates.push(`${key} (after the window)`);
        later.add(key);
      } else if (sent.has(key)) {
        const first = sent.get(key)!.at.getTime() - dueStep.dueMs;
        duplicates.push(`${key}: ${first} and ${request.at.getTime() - dueStep.dueMs} ms after due`);
      } else sent.set(key, request);
    }
    return sent.size >= due.length;
  };
  const waitMs = lastDue - Date.now() + drainMs;
  await step(
    `${label}: all ${due.length} steps of the ${inWindow.length} alerts opened in the window sent`,
    () =>
      twilio.waitFor(absorb, waitMs).catch((err: unknown) => {
        absorb(twilio.requests);
        const missing = due.filter((d) => !sent.has(d.key));
        throw new Error(
          `${sent.size} of ${due.length} steps reached the Twilio double within ${drainMs / 1000} s ` +
            `after the last was due; ${missing.length} missing (e.g. ${missing[0]?.level} of alert ` +
            `${missing[0]?.alert}, due ${missing[0] ? new Date(missing[0].dueMs).toISOString() : '-'}): ` +
            (err instanceof Error ? err.message : String(err)),
        );
      }),
    { timeoutMs: waitMs + 5_000, watch: [platform.child] },
  );
  const lastSent = [...sent.values()].reduce((m, r) => Math.max(m, r.at.getTime()), 0);
  const cpuBefore = await cpuAtFirstDue;
  const cpuAfter = await cpuSeconds();
  const load = loadAverage();
  // Stopped now, not at the end: the next side must not share the machine with it.
  await platform.child.stop();
  absorb(twilio.requests);
  if (unexpected.length > 0)
    throw new StepError(
      `${label}: sends match the seeded steps`,
      `${unexpected.length} sends were for no seeded alert (e.g. ${unexpected[0]})`,
    );
  return {
    side: {
      lateness: due.map((d) => sent.get(d.key)!.at.getTime() - d.dueMs),
      open: count,
      measuredAlerts: inWindow.length,
      seedSeconds: seeded.ms / 1000,
      restartSeconds: restartMs / 1000,
      sendSeconds: (lastSent - firstDue) / 1000,
      cpuSeconds: cpuAfter - cpuBefore,
      idleSeconds: (firstDue - readyAt) / 1000,
      idleCpuSeconds: cpuBefore - cpuAtReady,
      laterSends: later.size,
      duplicates,
      load,
    },
    measured: {
      seedOverheadMs: seedMs - seeded.ms,
      seedPerAlertMs: seeded.ms / Math.max(count, 1),
      restartMs,
    },
  };
}

/** p50 of each fifth of the measured steps in due order: a backlog shows as a rising trend. */
function trend(lateness: readonly number[]): string {
  const fifth = Math.max(1, Math.ceil(lateness.length / 5));
  const parts: string[] = [];
  for (let i = 0; i < lateness.length; i += fifth)
    parts.push(String(Math.round(percentile(lateness.slice(i, i + fifth), 50))));
  return parts.join(' → ');
}

const share = (cpu: number, seconds: number) => `${Math.round((100 * cpu) / Math.max(seconds, 0.001))}%`;

function describe(name: string, s: SideResult): string {
  const steps = s.lateness.length;
  return (
    `${name}: ${s.open} open alerts, ${s.measuredAlerts} of them measured (${steps} steps), every step sent ` +
    `${s.duplicates.length === 0 ? 'once' : `at least once, ${s.duplicates.length} twice`}; seeded in ` +
    `${s.seedSeconds.toFixed(1)} s, restart ${s.restartSeconds.toFixed(1)} s, idle ${s.idleSeconds.toFixed(1)} s ` +
    `before the first step was due (platform CPU ${share(s.idleCpuSeconds, s.idleSeconds)} of a core); last step ` +
    `sent ${s.sendSeconds.toFixed(1)} s after the first was due (${(steps / Math.max(s.sendSeconds, 0.001)).toFixed(1)} ` +
    `steps/s, ${s.laterSends} later steps sent meanwhile; platform CPU ${share(s.cpuSeconds, s.sendSeconds)} of a core); lateness p50 ${Math.round(percentile(s.lateness, 50))} ms, ` +
    `p99 ${Math.round(percentile(s.lateness, 99))} ms, max ${Math.round(percentile(s.lateness, 100))} ms, ` +
    `p50 by fifth of the window ${trend(s.lateness)} ms; load average (1/5/15 min) after it ${s.load}`
  );
}

/**
 * How late escalation steps reach Twilio when many alerts are open: 10,000 open alerts are put
 * straight into the stopped platform's database with the project's own repositories (opening them
 * through MQTT would take minutes), each with three steps (2 s, 4 s, 6 s after opening), their
 * openings spread over ten minutes from just after the restart. The platform is restarted on it with
 * a Twilio double, and for the alerts of the first minute every send's arrival is compared with its
 * step's due time. The baseline is the same with 10 open alerts, all within that minute.
 */
export const escalationLatenessBench: Benchmark = {
  name: 'escalation-lateness',
  async run({ quick, note, failure }: BenchOptions): Promise<BenchResult[]> {
    const { alerts, windowMs, spreadMs, drainMs } = sizes(quick);
    const cleanups = new Cleanups();
    try {
      const devices = Math.ceil(alerts / ALERT_TYPES.length);
      const sites = await writeBenchSites(cleanups, {
        loadDevices: 0,
        smokeDetectors: devices,
        schools: Math.ceil(devices / 100),
        contacts: true,
        escalation: { critical: [...POLICY] },
      });
      const twilio = await TwilioDouble.start();
      cleanups.add(() => twilio.close());
      const prepared = await step('create the database', () => preparedDataDir(cleanups, sites.path), {
        timeoutMs: 150_000,
      });
      const setup = {
        sites,
        preparedDir: prepared.dataDir,
        twilio,
        estimates: {
          seedOverheadMs: 8_000,
          seedPerAlertMs: 4,
          // The first start ran initdb as well: a restart takes less.
          restartMs: prepared.startSeconds * 1000,
        },
      };
      const base = await measureSide(cleanups, 'baseline', setup, {
        count: BASELINE_ALERTS,
        spreadMs: windowMs,
        windowMs,
        drainMs,
      });
      const { measured } = base;
      const subject = await measureSide(
        cleanups,
        'subject',
        {
          ...setup,
          estimates: {
            seedOverheadMs: measured.seedOverheadMs * 1.5 + 2_000,
            seedPerAlertMs: setup.estimates.seedPerAlertMs,
            restartMs: Math.max(measured.restartMs * 1.5, measured.restartMs + 5_000),
          },
        },
        { count: alerts, spreadMs, windowMs, drainMs },
      );
      note(
        `escalation lateness (send at the Twilio double − step due; policy ${POLICY.map((p) => `${p.level} ${p.after}`).join(', ')}, ` +
          `one contact per level; measured: the alerts whose first step is due in a ${windowMs / 1000} s window): ` +
          `${describe('baseline', base.side)}. ${describe(`subject (first steps of all ${alerts} spread over ${spreadMs / 1000} s)`, subject.side)}`,
      );
      for (const [name, side] of [
        ['baseline', base.side],
        ['subject', subject.side],
      ] as const) {
        if (side.duplicates.length > 0)
          failure(
            `escalation lateness, ${name}: ${side.duplicates.length} steps reached Twilio twice ` +
              `(e.g. ${side.duplicates.slice(0, 3).join('; ')})`,
          );
      }
      const row = (label: string, p: number): BenchResult => {
        const b = percentile(base.side.lateness, p);
        const v = percentile(subject.side.lateness, p);
        return {
          name: `escalation lateness ${label}, ${alerts} alerts open (vs ${BASELINE_ALERTS})`,
          unit: 'ms',
          baseline: b,
          value: v,
          // Lateness can be about 0: floor the divisor at 1 ms so the ratio stays finite.
          ratio: v / Math.max(b, 1),
        };
      };
      return [row('p50', 50), row('p99', 99), row('max', 100)];
    } finally {
      await cleanups.run();
    }
  },
};
