import type { Transport } from '@influxdata/influxdb-client';
import { influxFailure, type InfluxMode } from './influx-errors';
import { influxqlResponseSchema, type InfluxqlStatementResult } from './influxql-response';

/**
 * InfluxQL over `/query` (`epoch=ms`): the read path InfluxDB 1.x, 2.x (v1 compatibility API,
 * with a DBRP mapping for the bucket) and 3.x all serve.
 */
export class InfluxqlClient {
  constructor(
    private readonly transport: Transport,
    private readonly url: string,
    private readonly db: string,
    /** `&u=…&p=…` for v1 auth, or ''. */
    private readonly authParams: string,
    private readonly mode: InfluxMode,
  ) {}

  /**
   * Runs one or more `;`-separated statements (GET for reads, POST for CREATE/ALTER) and returns
   * one result per statement; a statement's own `error` is left to the caller (see `expectOk`).
   */
  async run(q: string, method: 'GET' | 'POST' = 'GET'): Promise<InfluxqlStatementResult[]> {
    const shown = `${this.url}/query?db=${encodeURIComponent(this.db)}`;
    const path = `/query?db=${encodeURIComponent(this.db)}&epoch=ms&q=${encodeURIComponent(q)}${this.authParams}`;
    let raw: unknown;
    try {
      raw = await this.transport.request(path, null, { method });
    } catch (error) {
      throw influxFailure(error, { what: `query \`${q}\` at ${shown}`, mode: this.mode });
    }
    const parsed = influxqlResponseSchema.safeParse(raw);
    if (!parsed.success) {
      throw new Error(
        `InfluxDB query \`${q}\` at ${shown} gave an answer that is not InfluxQL JSON: ` +
          `${JSON.stringify(raw)?.slice(0, 200)} — is INFLUX_URL an InfluxDB server?`,
      );
    }
    if (parsed.data.error)
      throw new Error(`InfluxDB query \`${q}\` at ${shown} failed: ${parsed.data.error}`);
    const results = parsed.data.results ?? [];
    for (const result of results) {
      if (result.partial || result.series?.some((s) => s.partial)) {
        throw new Error(
          `InfluxDB query \`${q}\` at ${shown} returned a truncated (partial) result — ` +
            'the server limits rows per answer ([http] max-row-limit): narrow the time range or set max-row-limit = 0',
        );
      }
    }
    return results;
  }

  /** Like `run`, but any statement error rejects; returns the results in statement order. */
  async expectOk(q: string, method: 'GET' | 'POST' = 'GET'): Promise<InfluxqlStatementResult[]> {
    const results = await this.run(q, method);
    const failed = results.find((r) => r.error);
    if (failed) {
      throw new Error(
        `InfluxDB query \`${q}\` at ${this.url}/query?db=${encodeURIComponent(this.db)} failed: ${failed.error}`,
      );
    }
    return results;
  }
}
