import type { Alert } from '../domain/alert';

/** A complete open smoke Alert of school 2161010001; override what a test cares about. */
export function makeAlert(overrides: Partial<Alert> & Pick<Alert, 'id' | 'openedAt'>): Alert {
  return {
    type: 'smoke',
    severity: 'critical',
    status: 'open',
    level: 'school',
    school: '2161010001',
    county: '610113',
    city: '610100',
    province: '610000',
    device: 'smk-0001',
    acknowledgedAt: null,
    resolvedAt: null,
    occurrences: 1,
    acknowledgedBy: null,
    resolvedBy: null,
    disposition: null,
    note: null,
    rule: 'default:smoke',
    drill: false,
    panic: false,
    lastOccurredAt: overrides.openedAt,
    ...overrides,
  };
}
