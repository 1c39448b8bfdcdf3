import type { RollCall } from '../../api/supervision';

/** How many schools answered, missed, and still may (pending). */
export function rollCallCounts(rollCall: Pick<RollCall, 'schools'>): {
  total: number;
  answered: number;
  missed: number;
  pending: number;
} {
  const count = (status: string) => rollCall.schools.filter((s) => s.status === status).length;
  return {
    total: rollCall.schools.length,
    answered: count('answered'),
    missed: count('missed'),
    pending: count('pending'),
  };
}

/** The answer window as the prompt says it: whole minutes, or seconds under a minute (tests, drills). */
export function answerWindow(rollCall: Pick<RollCall, 'startedAt' | 'deadline'>): {
  unit: 'minutes' | 'seconds';
  n: number;
} {
  const ms = Date.parse(rollCall.deadline) - Date.parse(rollCall.startedAt);
  return ms < 60_000
    ? { unit: 'seconds', n: Math.max(1, Math.round(ms / 1000)) }
    : { unit: 'minutes', n: Math.round(ms / 60_000) };
}
