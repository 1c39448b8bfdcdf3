import type { UplinkMessage } from '@campus/device-protocols';
import type { Logger } from 'pino';
import type { DeviceStateBatch } from '../db/device-state-repository';
import type { EventDayIncrement } from '../db/device-state-rows';
import type { DeviceState } from '../domain/device-state';
import { eventDayKey, messageTime, reduceDeviceState, reduceReadings } from './device-state-reducer';

/** What the tracker needs of the DeviceStateRepository. */
export interface DeviceStateStore {
  listAll(): Promise<DeviceState[]>;
  save(batch: DeviceStateBatch): Promise<void>;
}

export interface DeviceStateTrackerOptions {
  store: DeviceStateStore;
  /** The province's time zone (sites file): events are counted per local day in it. */
  timeZone: string;
  logger: Logger;
  /** Default 1000. */
  flushIntervalMs?: number;
}

/**
 * Keeps `alerting.device_state` and `alerting.device_event_days` from the uplink. `observe` is
 * synchronous and in memory (the intake never waits on it: alerts come first); changes are
 * written in one batch every `flushIntervalMs` and on `stop()`. A failed flush (database down)
 * keeps its changes for the next one and logs once until a flush succeeds again. A crash loses at
 * most the changes since the last flush — state, never an alert.
 */
export class DeviceStateTracker {
  private readonly states = new Map<string, DeviceState>();
  /** Devices whose state changed since the last successful flush. */
  private readonly dirty = new Set<string>();
  /** Event counts not yet written, by `device \0 type \0 day`. */
  private days = new Map<string, EventDayIncrement>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private failing = false;

  constructor(private readonly options: DeviceStateTrackerOptions) {}

  /** Loads the stored states (the reducer continues from them), then flushes every interval. */
  async start(): Promise<void> {
    if (this.timer) return;
    for (const state of await this.options.store.listAll()) {
      // a message observed before start() is newer than the stored state
      if (!this.states.has(state.device)) this.states.set(state.device, state);
    }
    this.timer = setInterval(() => void this.flush(), this.options.flushIntervalMs ?? 1000);
    this.timer.unref();
  }

  /** Stops the interval and writes what is buffered (one attempt; a failure is logged). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  /** Applies one uplink message received at `now` (epoch ms). Never throws for a valid message. */
  observe(msg: UplinkMessage, now: number): void {
    this.states.set(msg.device, reduceDeviceState(this.states.get(msg.device), msg, now));
    this.dirty.add(msg.device);
    if (msg.kind !== 'event') return;
    const at = messageTime(msg, now);
    const day = eventDayKey(Date.parse(at), this.options.timeZone);
    this.addDays([{ device: msg.device, ...msg.org, type: msg.type, day, count: 1, lastAt: at }]);
  }

  /**
   * `observe` for a batch, in order: each device's runs of readings are reduced in one pass
   * (`reduceReadings`), so a burst costs little. Never throws for valid messages.
   */
  observeBatch(messages: readonly UplinkMessage[], now: number): void {
    const runs = new Map<string, Extract<UplinkMessage, { kind: 'reading' }>[]>();
    const flush = (device: string) => {
      const run = runs.get(device);
      if (!run) return;
      runs.delete(device);
      const next = reduceReadings(this.states.get(device), run, now);
      if (next) {
        this.states.set(device, next);
        this.dirty.add(device);
      }
    };
    for (const msg of messages) {
      if (msg.kind === 'reading') {
        const run = runs.get(msg.device);
        if (run) run.push(msg);
        else runs.set(msg.device, [msg]);
        continue;
      }
      // what an event or availability change does depends on the readings before it
      flush(msg.device);
      this.observe(msg, now);
    }
    for (const device of [...runs.keys()]) flush(device);
  }

  /** The state as the tracker has it (flushed or not). */
  current(device: string): DeviceState | undefined {
    return this.states.get(device);
  }

  /** Changes waiting for a flush: devices and event-day counts. */
  get pending(): { devices: number; eventDays: number } {
    return { devices: this.dirty.size, eventDays: this.days.size };
  }

  /**
   * Writes the buffered changes in one batch; resolves either way (a failure keeps them). A call
   * while a flush runs waits for that one instead of starting another.
   */
  flush(): Promise<void> {
    this.flushing ??= this.write().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async write(): Promise<void> {
    if (this.dirty.size === 0 && this.days.size === 0) return;
    const devices = [...this.dirty];
    const states = devices.flatMap((d) => this.states.get(d) ?? []);
    const days = [...this.days.values()];
    // from here, changes observed during the write are buffered anew
    this.dirty.clear();
    this.days = new Map();
    try {
      await this.options.store.save({ states, eventDays: days });
      if (this.failing) {
        this.failing = false;
        this.options.logger.info(
          { devices: states.length, eventDays: days.length },
          'device state flushed again',
        );
      }
    } catch (err) {
      for (const d of devices) this.dirty.add(d);
      this.addDays(days);
      if (!this.failing) {
        this.failing = true;
        this.options.logger.warn(
          { err, devices: this.dirty.size, eventDays: this.days.size },
          'device state flush failed; changes kept for the next flush (logged once until it recovers)',
        );
      }
    }
  }

  private addDays(increments: readonly EventDayIncrement[]): void {
    for (const inc of increments) {
      const key = `${inc.device}\u0000${inc.type}\u0000${inc.day}`;
      const seen = this.days.get(key);
      this.days.set(
        key,
        seen === undefined
          ? { ...inc }
          : {
              ...inc,
              count: seen.count + inc.count,
              lastAt: seen.lastAt > inc.lastAt ? seen.lastAt : inc.lastAt,
            },
      );
    }
  }
}
