import type { PGliteInterface } from '@electric-sql/pglite';
import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';
import { liveSites, type SitesHolder, type SitesSource } from '@campus/device-protocols';
import { AlertService } from '../alerts';
import { alertingControllersAndProviders } from './alerting-wiring';
import { createAlertingApp } from './create-app';
import type { HttpsMaterial } from '../http/https-listener';
import { DeviceStateRepository, openDatabase } from '../db';
import { DeviceStateTracker } from '../devices/device-state-tracker';
import { withDeviceState, withDeviceStateBatch } from '../devices/uplink-device-state';
import { UPLINK_ALARM_SUBSCRIPTIONS, UPLINK_TELEMETRY_SUBSCRIPTIONS } from '@campus/device-protocols';
import { defaultIntakeClientId, RuleLoop, UplinkIntake } from '../intake';
import { IntakeLanes } from '../intake/intake-lanes';
import { RedisIoAdapter } from '../realtime/redis-io-adapter';
import type { TelemetryReader } from '../telemetry/telemetry-reader';
import { AlertingMetrics } from '../metrics/alerting-metrics';
import type { CommandTransport } from '../linkage/command-sender';
import { alertingDataDir, type AlertServiceConfig } from './alert-service-config';
import { openRegistry, type RegistrySeed } from '../registry/open-registry';
import { startRegistryFeed } from '../registry/registry-feed';
import { startCentralCommands, type CentralCommands } from '../linkage/central-commands';
import type { RegistryStore } from '../registry/registry-store';

export interface StartAlertServiceOptions {
  config: AlertServiceConfig;
  /**
   * The sites file's content (SITES_FILE, or the built-in demo): it seeds an empty registry; a
   * registry with content wins and the file is not applied (docs/registry.md, "Start-up").
   */
  seed: RegistrySeed;
  /**
   * The process's holder to keep in step with the registry (the one-box platform passes the one
   * its gateway follows); a holder of the alert service's own when absent.
   */
  holder?: SitesHolder;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
  host?: string;
  /** Device history for `GET /api/telemetry` (the platform passes the gateway's store). */
  telemetry?: TelemetryReader;
  /** An open embedded database to keep the alert state in (when no DATABASE_URL). */
  pglite?: PGliteInterface;
  /** Mount extra HTTP handlers (the platform's `/metrics`) before the routes. */
  beforeListen?: (app: INestApplication) => void;
  /**
   * The all-in-one: the gateway hands the uplink over in process (`handle.intake.deliver`) instead
   * of through the broker; `config.mqttUrl` and `config.service` are then not used.
   */
  inProcessUplink?: boolean;
  /** HTTPS_PORT: the API, socket.io and the dashboard over TLS too (TLS_CERT_FILE, TLS_KEY_FILE). */
  https?: { port: number; material: HttpsMaterial };
  /** The service's Prometheus metrics (serve `metrics.registry` on `/metrics`); fresh when absent. */
  metrics?: AlertingMetrics;
  /** How commands reach devices (linkage); the all-in-one passes its gateway's broker. */
  commands?: CommandTransport;
}

export interface AlertServiceHandle {
  url: string;
  port: number;
  /** HTTPS_PORT's bound port, when it is set. */
  httpsPort?: number;
  /** With `inProcessUplink`: where the gateway delivers decoded messages (alarm and telemetry lanes). */
  intake?: IntakeLanes;
  /** Alerts opened, escalation steps, notifications, intake lag (docs/operations.md, "Metrics"). */
  metrics: AlertingMetrics;
  /** The registry: every change to the sites goes through its `mutate` (also DI `REGISTRY_STORE`). */
  registry: RegistryStore;
  /** The live sites, replaced on every registry version (also DI `SITES_SOURCE`). */
  sites: SitesSource;
  stop(): Promise<void>;
}

/**
 * The alert service: relational store (PGlite or PostgreSQL), HTTP API + socket.io, escalation,
 * and the uplink intake feeding the rules. Ready (health 200) once all of it is up.
 */
export async function startAlertService(options: StartAlertServiceOptions): Promise<AlertServiceHandle> {
  const { config, logger } = options;
  const env = options.env ?? process.env;
  // the platform builds its config itself: REDIS_URL from the env applies there too
  const redisUrl = config.redisUrl ?? (env['REDIS_URL']?.trim() || undefined);
  const metrics = options.metrics ?? new AlertingMetrics();
  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((err: unknown) =>
        logger.error({ err }, 'error while stopping the alert service'),
      );
    }
  };
  try {
    const db = await openDatabase({
      ...(config.databaseUrl
        ? { databaseUrl: config.databaseUrl }
        : options.pglite
          ? { pglite: options.pglite }
          : { dataDir: alertingDataDir(config) }),
      logger: logger.child({ part: 'db' }),
    });
    cleanups.push(() => db.close());

    const registry = await openRegistry(db, {
      seed: options.seed,
      logger,
      ...(options.holder ? { holder: options.holder } : {}),
    });
    cleanups.push(() => registry.stop());
    const source: SitesSource = registry.holder;
    // every part reads this view at use and rebuilds what it derives per snapshot (docs/registry.md)
    const sites = liveSites(source);

    const clientId = config.intakeClientId ?? defaultIntakeClientId();
    // the province path: commands to devices behind edge gateways, over the central broker
    let gatewayCommands: CentralCommands | undefined;
    if (!options.inProcessUplink && !options.commands) {
      const central = startCentralCommands({
        url: config.mqttUrl,
        username: config.service.username,
        password: config.service.password,
        clientId: `${clientId}-commands`,
        logger: logger.child({ part: 'commands' }),
      });
      gatewayCommands = central.commands;
      cleanups.push(() => central.stop());
    }

    const redisAdapters: RedisIoAdapter[] = [];
    const alerting = await createAlertingApp({
      sites: source,
      logger,
      env,
      ...(redisUrl
        ? {
            webSocketAdapter: (app) => {
              const adapter = new RedisIoAdapter(app, { url: redisUrl, logger });
              redisAdapters.push(adapter);
              return adapter;
            },
          }
        : {}),
      ...alertingControllersAndProviders({
        db,
        sites,
        env,
        dataDir: config.dataDir,
        metrics,
        registry: { store: registry.store, sites: source },
        ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
        ...(options.telemetry ? { telemetry: options.telemetry } : {}),
        ...(options.commands ? { commands: options.commands } : {}),
        ...(gatewayCommands ? { gatewayCommands } : {}),
      }),
    });
    cleanups.push(() => alerting.close());
    // before listen: that is when Nest creates the socket.io server on the adapter
    for (const adapter of redisAdapters) await adapter.connectToRedis();
    options.beforeListen?.(alerting.app);
    const url = await alerting.listen(config.httpPort, options.host);
    const https = options.https ?? config.https;
    const httpsPort =
      https === undefined ? undefined : await alerting.listenHttps(https.port, options.host, https.material);

    const alerts = alerting.app.get(AlertService);
    const rules = new RuleLoop({
      sites,
      handleTriggers: (triggers) => alerts.handleTriggers(triggers),
      logger: logger.child({ part: 'rules' }),
    });
    // device state for the dashboard and inspections: fed after the rules, written every second
    const deviceStateLogger = logger.child({ part: 'device-state' });
    const deviceState = new DeviceStateTracker({
      store: alerting.app.get(DeviceStateRepository),
      get timeZone() {
        return sites.province.timezone;
      },
      logger: deviceStateLogger,
    });
    await deviceState.start();
    cleanups.push(() => deviceState.stop());
    let lanes: IntakeLanes | undefined;
    if (options.inProcessUplink) {
      const intakeLanes = new IntakeLanes({
        handler: withDeviceStateBatch(
          deviceState,
          (messages, now) => {
            for (const message of messages) metrics.received(message.kind, message.ts, now);
            return rules.onUplinkBatch(messages, now);
          },
          { logger: deviceStateLogger },
        ),
      });
      lanes = intakeLanes;
      cleanups.push(async () => intakeLanes.stop());
    } else {
      // Two sessions, so an alarm never queues behind readings in the broker or in the intake.
      const handler = withDeviceState(
        deviceState,
        (message, now) => {
          metrics.received(message.kind, message.ts, now);
          return rules.onUplink(message, now);
        },
        { logger: deviceStateLogger },
      );
      for (const lane of [
        { name: 'alarms', subscriptions: UPLINK_ALARM_SUBSCRIPTIONS, clientId: `${clientId}-alarms` },
        { name: 'telemetry', subscriptions: UPLINK_TELEMETRY_SUBSCRIPTIONS, clientId },
      ]) {
        const intake = new UplinkIntake({
          url: config.mqttUrl,
          username: config.service.username,
          password: config.service.password,
          clientId: lane.clientId,
          subscriptions: lane.subscriptions,
          handler,
          logger: logger.child({ part: 'intake', lane: lane.name }),
        });
        await intake.start();
        cleanups.push(() => intake.stop());
      }
      // the province topology: every registry version to each edge gateway, over the central broker
      const feed = startRegistryFeed({
        url: config.mqttUrl,
        username: config.service.username,
        password: config.service.password,
        clientId: `${clientId}-registry`,
        store: registry.store,
        source,
        logger: logger.child({ part: 'registry-feed' }),
      });
      cleanups.push(() => feed.stop());
    }
    rules.start();
    cleanups.push(async () => rules.stop());

    alerting.readiness.markReady();
    const port = Number(new URL(url).port);
    logger.info(
      {
        url,
        ...(httpsPort === undefined ? {} : { httpsPort }),
        database: db.dialect,
        registryVersion: registry.holder.version,
        uplink: lanes ? 'in-process' : config.mqttUrl,
        socketIo: redisUrl ? 'redis' : 'local',
      },
      'alert service ready',
    );
    return {
      url,
      port,
      ...(httpsPort === undefined ? {} : { httpsPort }),
      ...(lanes ? { intake: lanes } : {}),
      metrics,
      registry: registry.store,
      sites: registry.holder,
      stop: async () => {
        alerting.readiness.markStarting();
        await stopAll();
      },
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
