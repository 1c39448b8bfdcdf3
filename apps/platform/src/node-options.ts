/**
 * Node flags `npm start` runs the platform with (package.json's `start` sets them in NODE_OPTIONS;
 * the benchmark starts the platform the same way). A larger young generation: the all-in-one
 * allocates a few short-lived objects per message (packet, decoded message, batch entry), and with
 * V8's default 16 MiB semi-space the scavenger ran for 13–17% of the main thread under the
 * platform-ingest load, about 5% with 64 MiB, for some 100 MiB more resident memory (docs/performance.md, "Young generation").
 */
export const PLATFORM_NODE_OPTIONS = '--max-semi-space-size=64';
