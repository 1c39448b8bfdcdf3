import type { UplinkMessage } from '@campus/device-protocols';
import type { Logger } from 'pino';
import type { UplinkBatchHandler } from '../intake/intake-lanes';
import { isRetryableError } from '../intake/retryable';
import type { UplinkHandler } from '../intake/uplink-intake-options';
import type { DeviceStateTracker } from './device-state-tracker';

export interface WithDeviceStateOptions {
  logger: Logger;
  /** The intake's test for a failure it will redeliver. Default `isRetryableError`. */
  isRetryable?: (err: unknown) => boolean;
}

/**
 * Wraps the intake's handler (the RuleLoop's `onUplink`) so that the DeviceStateTracker sees
 * every message too, after the rules: alerts come first, and the tracker can neither delay nor
 * fail them. A message whose handling failed retryably is not observed, because the broker hands
 * it over again and it would count twice in the event days; any other outcome is observed once.
 */
export function withDeviceState(
  tracker: Pick<DeviceStateTracker, 'observe'>,
  next: UplinkHandler,
  options: WithDeviceStateOptions,
): UplinkHandler {
  const isRetryable = options.isRetryable ?? isRetryableError;
  const observe: UplinkHandler = async (msg, now) => {
    try {
      tracker.observe(msg, now);
    } catch (err) {
      options.logger.error({ err, device: msg.device }, 'device state not updated for this message');
    }
  };
  return async (msg, now) => {
    try {
      await next(msg, now);
    } catch (err) {
      if (!isRetryable(err)) await observe(msg, now);
      throw err;
    }
    await observe(msg, now);
  };
}

/** {@link withDeviceState} for the in-process intake's batches: the rules first, then the tracker. */
export function withDeviceStateBatch(
  tracker: Pick<DeviceStateTracker, 'observeBatch'>,
  next: UplinkBatchHandler,
  options: WithDeviceStateOptions,
): UplinkBatchHandler {
  const isRetryable = options.isRetryable ?? isRetryableError;
  const observeAll = (messages: readonly UplinkMessage[], now: number) => {
    try {
      tracker.observeBatch(messages, now);
    } catch (err) {
      options.logger.error({ err, messages: messages.length }, 'device state not updated for this batch');
    }
  };
  return async (messages, now) => {
    try {
      await next(messages, now);
    } catch (err) {
      if (!isRetryable(err)) observeAll(messages, now);
      throw err;
    }
    observeAll(messages, now);
  };
}
