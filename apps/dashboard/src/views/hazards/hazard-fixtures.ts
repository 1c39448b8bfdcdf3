import type { Hazard } from '../../api/hazards';

/** A hazard as the API gives it: registered, general, due in a week (for the unit tests). */
export function hazard(id: string, over: Partial<Hazard> = {}): Hazard {
  return {
    id,
    key: `k-${id}`,
    source: 'default:fault',
    title: '设备故障',
    grade: 'general',
    state: 'registered',
    school: '2161010001',
    county: '610113',
    city: '610100',
    province: '610000',
    device: 'smk-0001',
    owner: null,
    deadline: '2026-12-05T10:00:00.000Z',
    registeredAt: '2026-11-28T10:00:00.000Z',
    rectifiedBy: null,
    rectifiedAt: null,
    acceptedBy: null,
    closedAt: null,
    escalatedTo: 'school',
    overdue: false,
    detail: {},
    ...over,
  };
}
