import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Logger } from 'pino';
import {
  isSitesSource,
  liveSites,
  gatewayCommandSubscription,
  registryTopic,
  SitesHolder,
  type Sites,
  type SitesSource,
} from '@campus/device-protocols';
import { GatewayCommands } from './commands/gateway-commands';
import { GatewayRegistry, localRegistryAtStart } from './registry/gateway-registry';
import type { BrokerCommandPort } from './broker/broker-commands';
import { EmbeddedBroker, type EmbeddedBrokerOptions } from './broker/embedded-broker';
import { ExternalBrokerReader } from './broker/external-broker-reader';
import { loadServerTls } from './broker/tls-material';
import type { GatewayConfig } from './config/gateway-config';
import { ServedSchools } from './config/served-schools';
import { gatewayHttpHandler, serverPort, startGatewayHttp } from './http/gateway-http';
import { Gb26875Server } from './gb26875/gb26875-server';
import { GatewayMetrics } from './metrics/gateway-metrics';
import { DurableWriter } from './outbox/durable-writer';
import { OutboxJournal } from './outbox/outbox-journal';
import { IngestPipeline } from './pipeline/ingest-pipeline';
import { MessageRouter } from './pipeline/message-router';
import { createSink } from './sinks/create-sink';
import type { TimeSeriesSink } from './sinks/time-series-sink';
import { MessageIds } from './uplink/message-ids';
import { MqttUplink } from './uplink/mqtt-uplink';
import type { UplinkPublisher } from './uplink/uplink-publisher';

export interface GatewayHandle {
  /** The sites the gateway works from, read live (docs/registry.md). */
  sites: Sites;
  /** Where they come from: replace the holder and the gateway follows. */
  source: SitesSource;
  sink: TimeSeriesSink;
  metrics: GatewayMetrics;
  writer: DurableWriter;
  /**
   * Bound ports (useful when 0 was asked for). `mqtt`/`ws` are absent in MQTT_URL mode; `http` when
   * not served; `gb26875` when GB26875_PORT is unset.
   */
  ports: { http?: number; mqtt?: number; ws?: number; mqtts?: number; wss?: number; gb26875?: number };
  /**
   * Commands to devices on the embedded broker (linkage); absent with MQTT_URL, where the devices'
   * broker is not this process's (docs/protocol.md, "Commands to devices").
   */
  commands?: BrokerCommandPort;
  /** Request handler for `/metrics` and `/api/health`, for a host app that owns the HTTP port. */
  httpHandler: ReturnType<typeof gatewayHttpHandler>;
  ready(): boolean;
  stop(): Promise<void>;
}

export interface StartGatewayOptions {
  config: GatewayConfig;
  /**
   * The registry's live sites (a `SitesHolder` the process replaces on every version), or a plain
   * sites file that never changes (docs/registry.md, "How changes reach every process").
   */
  sites: Sites | SitesSource;
  logger: Logger;
  /** Serve `/metrics` and `/api/health` on `config.httpPort` (gateway-only deployments). Default true. */
  serveHttp?: boolean;
  /** Bind address for every listener; default all interfaces. */
  host?: string;
  /** Use this sink instead of the one the config names. */
  sink?: TimeSeriesSink;
  /**
   * Forward decoded messages here instead of publishing them on the broker's uplink topics (the
   * all-in-one hands them to the alert service in process).
   */
  uplink?: UplinkPublisher;
}

/** Starts the edge gateway: broker (embedded or external), decode pipeline, durable writes to the sink. */
export async function startGateway(options: StartGatewayOptions): Promise<GatewayHandle> {
  const { config, logger } = options;
  // A holder of its own for a sites file; one given (the one-box platform's) or a source is followed.
  const holder =
    options.sites instanceof SitesHolder
      ? options.sites
      : isSitesSource(options.sites)
        ? undefined
        : new SitesHolder(options.sites);
  const source: SitesSource = holder ?? (options.sites as SitesSource);
  // An edge gateway follows the registry feed over its uplink; its last version is on disk, and
  // wins over an older SITES_FILE, so it starts while the centre is unreachable.
  const feed = config.uplink && !options.uplink && holder ? config.uplink : undefined;
  if (feed && holder) {
    const local = await localRegistryAtStart(config.dataDir, config.sitesFile, logger);
    if (local) holder.replace(local.sites, local.version);
  }
  // every part reads this view at use and rebuilds what it derives per snapshot
  const sites = liveSites(source);
  // GATEWAY_SCHOOLS checked against the sites file before anything starts
  const served = ServedSchools.of(config.gatewaySchools, sites);
  const metrics = new GatewayMetrics();
  let isReady = false;
  const httpHandler = gatewayHttpHandler({ registry: metrics.registry, isReady: () => isReady });
  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((err: unknown) => logger.error({ err }, 'error while stopping the gateway'));
    }
  };

  try {
    let httpServer: Server | undefined;
    if (options.serveHttp ?? true) {
      httpServer = await startGatewayHttp(config.httpPort, options.host, httpHandler);
      cleanups.push(() => new Promise<void>((r) => httpServer!.close(() => r())));
    }

    const sink =
      options.sink ??
      (await createSink(
        config.influx
          ? { type: 'influxdb', influx: config.influx, retentionDays: config.retentionDays }
          : {
              type: 'embedded',
              dir: join(config.dataDir, 'timeseries'),
              retentionDays: config.retentionDays,
            },
        logger,
      ));
    if (!options.sink) cleanups.push(() => sink.close());
    await sink.init();

    const journal = await OutboxJournal.open(config.outbox.dir, config.outbox.maxBytes);
    const writer = new DurableWriter(sink, journal, config.batch, metrics, logger.child({ part: 'outbox' }));
    cleanups.push(() => writer.stop());

    const router = new MessageRouter(sites, config.maxPayloadBytes);
    let ports: GatewayHandle['ports'] = {};
    let commands: BrokerCommandPort | undefined;
    let broker: EmbeddedBroker | undefined;
    let gb26875: Gb26875Server | undefined;
    let uplink: UplinkPublisher;
    // every uplink message carries an id, so that replicas and redeliveries count it once
    const messageIds = new MessageIds(config.gatewayId);
    // UPLINK_URL: store-and-forward to the central broker; stopped after the broker that feeds it
    let forward: MqttUplink | undefined;
    if (config.uplink && !options.uplink) {
      const central = await MqttUplink.open({
        ...config.uplink,
        ids: messageIds,
        ...(config.mqttTls ? { tls: config.mqttTls } : {}),
        logger: logger.child({ part: 'uplink' }),
      });
      if (feed && holder) {
        const registry = new GatewayRegistry({
          holder,
          gatewayId: feed.gatewayId,
          dataDir: config.dataDir,
          logger: logger.child({ part: 'registry' }),
        });
        central.follow(registryTopic(feed.gatewayId), (payload) => void registry.receive(payload));
      }
      central.start();
      metrics.watchUplink(central);
      cleanups.push(() => central.stop());
      forward = central;
    }
    if (config.mqttUrl) {
      const reader = new ExternalBrokerReader({
        url: config.mqttUrl,
        subscriptions: router.subscriptions(),
        ...(config.service ? { username: config.service.username, password: config.service.password } : {}),
        ...(config.mqttTls ? { tls: config.mqttTls } : {}), // MQTT_CA_FILE, MQTT_CLIENT_*_FILE
        messageIds,
        logger: logger.child({ part: 'mqtt' }),
      });
      uplink = options.uplink ?? forward ?? reader;
      reader.attach(new IngestPipeline(router, writer, uplink, metrics, logger.child({ part: 'ingest' })));
      writer.start();
      await reader.start();
      cleanups.push(() => reader.stop());
    } else {
      broker = new EmbeddedBroker({
        sites,
        ...(config.service ? { service: config.service } : {}),
        mqttPort: config.mqttPort,
        mqttWsPort: config.mqttWsPort,
        ...(options.host ? { host: options.host } : {}),
        limits: config.mqttLimits,
        ...brokerTls(config), // MQTTS_PORT, MQTT_WSS_PORT (docs/protocol.md, "TLS")
        metrics,
        messageIds,
        served,
        logger: logger.child({ part: 'mqtt' }),
      });
      uplink = options.uplink ?? forward ?? broker;
      broker.attach(new IngestPipeline(router, writer, uplink, metrics, logger.child({ part: 'ingest' })));
      writer.start();
      await broker.start();
      const started = broker;
      cleanups.push(() => started.stop());
      ports = { ...broker.ports };
      commands = broker.commands;
    }
    if (forward && feed) {
      // the province path: commands for its devices come over its uplink session (docs/protocol.md, "Which broker")
      const central = forward;
      const relay = new GatewayCommands({
        gatewayId: feed.gatewayId,
        served,
        sites,
        devices: commands ?? externalBrokerCommands(),
        publishResult: (topic, payload) => central.publishNow(topic, payload),
        logger: logger.child({ part: 'commands' }),
      });
      central.follow(gatewayCommandSubscription(feed.gatewayId), (payload, topic) =>
        relay.receive(topic, payload),
      );
      cleanups.push(() => relay.settled());
    }
    if (config.gb26875) {
      // Started after the uplink exists and stopped before it (cleanups run in reverse).
      gb26875 = new Gb26875Server({
        sites,
        ...config.gb26875, // port, idle timeout, GB26875_ALLOW_FROM, limits
        ...(options.host ? { host: options.host } : {}),
        writer,
        uplink,
        metrics,
        served,
        logger: logger.child({ part: 'gb26875' }),
      });
      await gb26875.start();
      const listening = gb26875;
      cleanups.push(() => listening.stop());
      ports.gb26875 = gb26875.port;
    }
    if (httpServer) ports.http = serverPort(httpServer);
    const following = source.onChange(() => {
      broker?.dropRemoved();
      gb26875?.dropRemoved();
    });
    cleanups.push(async () => following());

    const retention = scheduleRetention(sink, config.retentionDays, logger);
    cleanups.push(async () => clearInterval(retention));

    isReady = true;
    logger.info(
      {
        ports,
        sink: sink.name,
        sites: sites.source,
        devices: sites.devices.length,
        schools: served.describe(),
      },
      'gateway ready',
    );
    return {
      sites,
      source,
      sink,
      metrics,
      writer,
      ports,
      ...(commands ? { commands } : {}),
      httpHandler,
      ready: () => isReady,
      stop: async () => {
        isReady = false;
        await stopAll();
      },
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/**
 * MQTT_URL: the devices' broker is not this process's and the gateway's account there may not
 * publish commands; each one is answered `failed` with this reason.
 */
function externalBrokerCommands(): BrokerCommandPort {
  const refuse = () =>
    Promise.reject(
      new Error('this gateway reads an external broker (MQTT_URL): it relays no commands to its devices'),
    );
  return { publish: refuse, subscribe: refuse };
}

function brokerTls(config: GatewayConfig): Pick<EmbeddedBrokerOptions, 'tls'> {
  const tls = config.tls;
  if (!tls || (tls.mqttsPort === undefined && tls.mqttWssPort === undefined)) return {};
  return {
    tls: {
      material: loadServerTls(tls.files),
      ...(tls.mqttsPort === undefined ? {} : { mqttsPort: tls.mqttsPort }),
      ...(tls.mqttWssPort === undefined ? {} : { mqttWssPort: tls.mqttWssPort }),
    },
  };
}

/** Purges old points once at start and then daily, where the store has no retention of its own. */
function scheduleRetention(sink: TimeSeriesSink, days: number, logger: Logger): NodeJS.Timeout | undefined {
  if (!sink.purgeOlderThan) return undefined;
  const purge = () =>
    sink.purgeOlderThan!(days).catch((err: unknown) =>
      logger.warn({ err }, 'retention purge failed; retrying tomorrow'),
    );
  void purge();
  const timer = setInterval(() => void purge(), 24 * 3600 * 1000);
  timer.unref();
  return timer;
}
