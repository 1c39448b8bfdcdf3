import { Inject, Injectable } from '@nestjs/common';
import { type Device, perSnapshot, type School, type Sites } from '@campus/device-protocols';
import { SITES } from '../di/tokens';
import { AlertRepository } from '../db/alert-repository';
import { DeviceStateRepository } from '../db/device-state-repository';
import { DrillRepository } from '../db/drill-repository';
import { HazardRepository } from '../db/hazard-repository';
import { effectiveOnline } from '../devices/bridged-online';
import type { Hazard, HazardState } from '../domain/hazard';
import { ONE_KEY_TEST_EVENTS, PATROL_EVENT, type DeviceFact, type SchoolFacts } from './checklist';
import { checklistWindow } from './checklist-window';

const UNCLOSED: readonly HazardState[] = ['registered', 'rectifying', 'awaiting_acceptance'];
/** Per list: one school never has this many unclosed hazards or open alerts in practice. */
const LIST_LIMIT = 1000;
/** A calendar month is at most 31 days: drills that ended before this cannot touch it. */
const MONTH_MS = 32 * 86_400_000;

/**
 * Collects what an inspection's automatic items read about one school, from the sites file (its
 * devices), the live device state, hazards, alerts and drills. The verdicts are `buildChecklist`'s.
 */
@Injectable()
export class SchoolFactsGatherer {
  /** The devices of each school, indexed once per registry snapshot (a province may hold many thousands). */
  private readonly devicesBySchool = perSnapshot((sites) => {
    const bySchool = new Map<string, Device[]>();
    for (const d of sites.devices) {
      const list = bySchool.get(d.org.school) ?? [];
      list.push(d);
      bySchool.set(d.org.school, list);
    }
    return bySchool;
  });

  constructor(
    @Inject(SITES) private readonly sites: Sites,
    @Inject(DeviceStateRepository) private readonly deviceStates: DeviceStateRepository,
    @Inject(HazardRepository) private readonly hazards: HazardRepository,
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(DrillRepository) private readonly drills: DrillRepository,
  ) {}

  async gather(school: School, now: number = Date.now()): Promise<SchoolFacts> {
    const timeZone = this.sites.province.timezone;
    const window = checklistWindow(now, timeZone);
    const [states, events, hazardLists, openAlerts, drills] = await Promise.all([
      this.deviceStates.listBySchools([school.code]),
      this.deviceStates.eventDays({
        schools: [school.code],
        types: [PATROL_EVENT, ...ONE_KEY_TEST_EVENTS],
        fromDay: window.fromDay,
        toDay: window.toDay,
      }),
      Promise.all(
        UNCLOSED.map((state) => this.hazards.list({ orgUnit: school.code, state, now, limit: LIST_LIMIT })),
      ),
      this.alerts.list({ orgUnit: school.code, status: 'open', limit: LIST_LIMIT }),
      this.drills.list({ orgUnit: school.code, endedAfter: now - MONTH_MS }),
    ]);
    const stateOf = new Map(states.map((s) => [s.device, s]));
    const devices = this.declaredDevices(school.code).map((d): DeviceFact => {
      const state = stateOf.get(d.id);
      const bridge = d.via ? (stateOf.get(d.via.bridge)?.online ?? null) : undefined;
      return {
        id: d.id,
        kind: d.kind,
        online: effectiveOnline(state?.online, bridge),
        lastSeenAt: state?.lastSeenAt ?? null,
      };
    });
    const open: Hazard[] = hazardLists.flat();
    return {
      now,
      timeZone,
      schoolDays: school.hours.days,
      devices,
      events,
      hazards: {
        open: open.length,
        major: open.filter((h) => h.grade === 'major').length,
        overdue: open.filter((h) => h.overdue).length,
      },
      openAlerts: openAlerts.length,
      drills: drills.map((d) => ({ device: d.device, from: d.from, to: d.to })),
    };
  }

  /** The school's devices in the registry. */
  private declaredDevices(school: string): Device[] {
    return this.devicesBySchool(this.sites).get(school) ?? [];
  }
}
