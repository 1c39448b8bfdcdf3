import { describe, expect, it } from 'vitest';
import { answerWindow, rollCallCounts } from './roll-call-summary';

const line = (school: string, status: 'pending' | 'answered' | 'missed') => ({
  school,
  county: '610113',
  name: null,
  status,
  answeredBy: status === 'answered' ? 'school1' : null,
  answeredAt: null,
});

describe('rollCallCounts', () => {
  it('counts answered, missed and pending schools', () => {
    expect(
      rollCallCounts({
        schools: [line('1', 'answered'), line('2', 'missed'), line('3', 'missed'), line('4', 'pending')],
      }),
    ).toEqual({ total: 4, answered: 1, missed: 2, pending: 1 });
  });
});

describe('answerWindow', () => {
  const at = (ms: number) => ({
    startedAt: '2026-12-07T13:00:00.000Z',
    deadline: new Date(Date.parse('2026-12-07T13:00:00.000Z') + ms).toISOString(),
  });
  it('says minutes, or seconds under a minute', () => {
    expect(answerWindow(at(600_000))).toEqual({ unit: 'minutes', n: 10 });
    expect(answerWindow(at(8_000))).toEqual({ unit: 'seconds', n: 8 });
    expect(answerWindow(at(60_000))).toEqual({ unit: 'minutes', n: 1 });
  });
});
