import type { OrgPath, RiskGrade, School, Sites, UplinkMessage } from '@campus/device-protocols';
import type { Trigger } from '../domain/trigger';
import type { DeviceRef } from './rule-match';
import type { TriggerSubject } from './trigger-factory';

/** What every rule may consult: the sites file and the risk grade of a device. */
export interface RuleEnv {
  sites: Sites;
  riskOf(device: string): RiskGrade | undefined;
}

/**
 * One rule at work. Pure: time is an argument, state lives in memory and is rebuilt from recent
 * uplink after a restart. `start` is called once, with the first time the engine sees, before
 * any other call.
 */
export interface RuleEvaluator {
  start(at: number): void;
  onMessage(msg: UplinkMessage, now: number): Trigger[];
  tick(now: number): Trigger[];
  /**
   * The sites changed and this rule did not (RuleEngine.reconfigure): forget devices the sites no
   * longer have, watch newly declared ones from `now`. Rules that read the sites at use need none.
   */
  sitesChanged?(now: number): void;
}

/** A rule that only reacts to messages. */
export abstract class MessageRule implements RuleEvaluator {
  start(_at: number): void {}
  tick(_now: number): Trigger[] {
    return [];
  }
  abstract onMessage(msg: UplinkMessage, now: number): Trigger[];
}

/** The subject of a device rule: key `${ruleId}:${device}`. */
export function deviceSubject(ruleId: string, ref: DeviceRef, env: RuleEnv): TriggerSubject {
  return {
    key: `${ruleId}:${ref.device}`,
    org: ref.org,
    device: ref.device,
    deviceKind: ref.deviceKind,
    risk: env.riskOf(ref.device),
  };
}

export function schoolOrg(school: School): OrgPath {
  return { province: school.province, city: school.city, county: school.county, school: school.code };
}

/** The subject of a school rule (duty, audit): no device, no risk grade. */
export function schoolSubject(key: string, school: School): TriggerSubject {
  return { key, org: schoolOrg(school), device: null, deviceKind: null, risk: undefined };
}
