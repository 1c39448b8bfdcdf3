import { join } from 'node:path';
import { OutboxJournal, type JournalEntry } from '../outbox/outbox-journal';
import type { StoredMessage } from '../sinks/series-point';

/** One message on its way to the central broker, with the id the alert service deduplicates on. */
export interface UplinkRecord {
  id: string;
  stored: StoredMessage;
}

export type UplinkLane = 'alarm' | 'telemetry';

/** Events and availability are alarms: they go first and are never dropped at the bound. */
export const laneOf = (stored: StoredMessage): UplinkLane =>
  stored.message.kind === 'reading' ? 'telemetry' : 'alarm';

/** What the journal dropped to stay within its bound (telemetry only). */
export interface DroppedTelemetry {
  batches: number;
  messages: number;
}

/**
 * The gateway's store-and-forward journal for the uplink (docs/deployment.md, "Edge gateways"): two
 * lanes of durable batch files under `dir` (`alarm/`, `telemetry/`), each appended with fsync before
 * the devices are acknowledged and removed once the central broker has every message of a batch.
 * The bound (`maxBytes`, both lanes together) is kept by dropping the oldest telemetry: the
 * gateway's own time-series store still has those readings, and an alarm is never dropped.
 */
export class UplinkJournal {
  private constructor(
    private readonly lanes: Record<UplinkLane, OutboxJournal<UplinkRecord>>,
    readonly maxBytes: number,
  ) {}

  static async open(dir: string, maxBytes: number): Promise<UplinkJournal> {
    const [alarm, telemetry] = await Promise.all([
      OutboxJournal.open<UplinkRecord>(join(dir, 'alarm'), maxBytes),
      OutboxJournal.open<UplinkRecord>(join(dir, 'telemetry'), maxBytes),
    ]);
    return new UplinkJournal({ alarm, telemetry }, maxBytes);
  }

  get bytes(): number {
    return this.lanes.alarm.bytes + this.lanes.telemetry.bytes;
  }

  depth(lane?: UplinkLane): number {
    return lane === undefined ? this.lanes.alarm.depth + this.lanes.telemetry.depth : this.lanes[lane].depth;
  }

  /** The lane to send from next: alarms before any telemetry. */
  nextLane(): UplinkLane | undefined {
    if (!this.lanes.alarm.isEmpty) return 'alarm';
    if (!this.lanes.telemetry.isEmpty) return 'telemetry';
    return undefined;
  }

  /**
   * Appends a batch to its lane durably. Telemetry that would pass the bound first drops the oldest
   * telemetry batches (returned, for the metrics and the log); a telemetry batch that cannot fit
   * even then is itself dropped. Alarms are always appended.
   */
  async append(lane: UplinkLane, records: readonly UplinkRecord[]): Promise<DroppedTelemetry> {
    const dropped: DroppedTelemetry = { batches: 0, messages: 0 };
    if (records.length === 0) return dropped;
    const encoded = OutboxJournal.encode(records);
    if (lane === 'telemetry') {
      const telemetry = this.lanes.telemetry;
      while (this.bytes + encoded.length > this.maxBytes && !telemetry.isEmpty) {
        dropped.batches += 1;
        dropped.messages += telemetry.oldest()!.points;
        await telemetry.removeOldest();
      }
      if (this.bytes + encoded.length > this.maxBytes && this.bytes > 0) {
        dropped.batches += 1;
        dropped.messages += records.length;
        return dropped;
      }
    }
    await this.lanes[lane].append(records, encoded);
    return dropped;
  }

  oldest(lane: UplinkLane): JournalEntry | undefined {
    return this.lanes[lane].oldest();
  }

  read(lane: UplinkLane, entry: JournalEntry): Promise<UplinkRecord[]> {
    return this.lanes[lane].read(entry);
  }

  /** Removes the lane's oldest batch once the central broker has acknowledged all of it. */
  removeOldest(lane: UplinkLane): Promise<void> {
    return this.lanes[lane].removeOldest();
  }
}
