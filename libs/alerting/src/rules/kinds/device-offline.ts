import type { UplinkMessage } from '@campus/device-protocols';
import { z } from 'zod';
import type { Trigger } from '../../domain/trigger';
import { FlapSuppressor } from '../flap-suppressor';
import { ruleFields } from '../rule-config-schema';
import { DEVICE_MATCH_KEYS, defineRuleKind } from '../rule-kind';
import { deviceSubject, type RuleEnv, type RuleEvaluator } from '../rule-evaluator';
import { matchesDevice, type DeviceRef } from '../rule-match';
import { integer, seconds, strict } from '../rule-schema-helpers';
import type { RuleBase } from '../rule-types';
import { silenceWatch } from '../silence-policy';
import { alertTrigger, clearTrigger, ruleTriggers, type TriggerSubject } from '../trigger-factory';

export interface FlapParams {
  /** More availability changes than this within `windowSeconds` is flapping. */
  toggles: number;
  windowSeconds: number;
}

export interface DeviceOfflineRule extends RuleBase {
  kind: 'device_offline';
  silentSeconds: number;
  flap: FlapParams;
}

/** Built in only: `default:device_offline`. */
export const deviceOfflineKind = defineRuleKind({
  configurable: false,
  schema: strict({
    ...ruleFields,
    kind: z.literal('device_offline'),
    silentSeconds: seconds(1),
    flap: strict({
      toggles: integer(1, 1000),
      windowSeconds: seconds(1),
    }),
  }),
  match: { allowed: DEVICE_MATCH_KEYS, required: [] },
  normalize: (raw, base): DeviceOfflineRule => ({
    ...base,
    kind: raw.kind,
    silentSeconds: raw.silentSeconds,
    flap: { ...raw.flap },
  }),
  run: { evaluator: (rule, env) => new DeviceOfflineRuleEvaluator(rule, env) },
});

type OfflineCause = 'status' | 'silence';

interface Liveness {
  /** Undefined until the first status, message or silence says otherwise. */
  online: boolean | undefined;
  cause: OfflineCause | undefined;
  /** Engine time of the last message that was not `{"online": false}`. */
  lastHeard: number | undefined;
  watchSilence: boolean;
  flap: FlapSuppressor;
  subject: TriggerSubject;
}

/**
 * `default:device_offline` (docs/alerting.md): `{"online": false}`, or silence for `silentSeconds`
 * (see silence-policy.ts for which devices and from when), opens `device_offline` (low, raised at a
 * red risk point; auto-resolvable) and a hazard, key `${ruleId}:${device}`. `{"online": true}`
 * clears it; so does any message from a device that was only silent (a device that said it was
 * offline stays so until it says it is online).
 *
 * Flapping: more than `flap.toggles` changes of availability within `flap.windowSeconds` opens one
 * `device_flapping` alert (low, key `${ruleId}:${device}:flapping`) instead, and no offline/online
 * trigger is sent for the device until it has kept one state for a whole window. Then the flapping
 * alert is cleared and the device's state at that moment is reported (offline alert + hazard, or
 * an all-clear).
 */
export class DeviceOfflineRuleEvaluator implements RuleEvaluator {
  private readonly devices = new Map<string, Liveness>();

  constructor(
    private readonly rule: DeviceOfflineRule,
    private readonly env: RuleEnv,
  ) {}

  start(at: number): void {
    for (const d of this.env.sites.devices) {
      const ref = { device: d.id, deviceKind: d.kind, org: d.org };
      if (silenceWatch(d) === 'from_start' && matchesDevice(this.rule.match, ref))
        this.liveness(ref).lastHeard = at;
    }
  }

  sitesChanged(now: number): void {
    const { deviceById } = this.env.sites;
    for (const id of this.devices.keys()) if (!deviceById.has(id)) this.devices.delete(id);
    for (const d of this.env.sites.devices) {
      const ref = { device: d.id, deviceKind: d.kind, org: d.org };
      if (!this.devices.has(d.id) && silenceWatch(d) === 'from_start' && matchesDevice(this.rule.match, ref))
        this.liveness(ref).lastHeard = now;
    }
  }

  onMessage(msg: UplinkMessage, now: number): Trigger[] {
    if (!matchesDevice(this.rule.match, msg)) return [];
    const state = this.liveness(msg);
    const out = this.settle(state, now);
    if (msg.kind === 'availability' && !msg.online)
      return [...out, ...this.change(state, false, 'status', now)];
    state.lastHeard = now;
    if (msg.kind === 'availability') out.push(...this.change(state, true, 'status', now));
    else if (state.online === false && state.cause === 'silence')
      out.push(...this.change(state, true, 'status', now));
    else if (state.online === undefined) state.online = true;
    return out;
  }

  tick(now: number): Trigger[] {
    const silentMs = this.rule.silentSeconds * 1000;
    const out: Trigger[] = [];
    for (const state of this.devices.values()) {
      out.push(...this.settle(state, now));
      const silent = state.lastHeard !== undefined && now - state.lastHeard >= silentMs;
      if (state.watchSilence && state.online !== false && silent)
        out.push(...this.change(state, false, 'silence', now));
    }
    return out;
  }

  private liveness(ref: DeviceRef): Liveness {
    let state = this.devices.get(ref.device);
    if (!state) {
      const watch = silenceWatch(this.env.sites.deviceById.get(ref.device));
      state = {
        online: undefined,
        cause: undefined,
        lastHeard: undefined,
        watchSilence: watch !== 'never',
        flap: new FlapSuppressor(this.rule.flap.toggles, this.rule.flap.windowSeconds * 1000),
        subject: deviceSubject(this.rule.id, ref, this.env),
      };
      this.devices.set(ref.device, state);
    }
    return state;
  }

  private change(state: Liveness, online: boolean, cause: OfflineCause, now: number): Trigger[] {
    const previous = state.online;
    state.online = online;
    state.cause = online ? undefined : cause;
    if (previous === online) return [];
    // The first state known is reported but is no change of state for flap counting.
    const verdict = previous === undefined ? 'pass' : state.flap.record(now);
    if (verdict === 'suppressed') return [];
    if (verdict === 'started') return this.flappingAlert(state, now);
    return this.report(state, now);
  }

  /** The device's current state as triggers: offline alert + hazard, or an all-clear. */
  private report(state: Liveness, now: number): Trigger[] {
    if (state.online !== false) return [clearTrigger(state.subject.key, now)];
    const detail = {
      cause: state.cause,
      lastHeard: state.lastHeard ?? null,
      silentSeconds: this.rule.silentSeconds,
    };
    return ruleTriggers(this.rule, state.subject, now, true, detail);
  }

  private settle(state: Liveness, now: number): Trigger[] {
    if (!state.flap.settle(now)) return [];
    const flapKey = `${state.subject.key}:flapping`;
    return [clearTrigger(flapKey, now), ...(state.online === undefined ? [] : this.report(state, now))];
  }

  private flappingAlert(state: Liveness, now: number): Trigger[] {
    if (!this.rule.alert) return [];
    const subject = { ...state.subject, key: `${state.subject.key}:flapping` };
    const detail = {
      changes: state.flap.recentChanges,
      windowSeconds: this.rule.flap.windowSeconds,
      online: state.online,
    };
    return [
      alertTrigger(this.rule.id, { type: 'device_flapping', severity: 'low' }, subject, now, true, detail),
    ];
  }
}
