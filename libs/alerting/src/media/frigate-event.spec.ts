import { describe, expect, it } from 'vitest';
import { frigateEvent } from './media.service';

describe('frigateEvent', () => {
  it('reads the Frigate event id and zones of the opening event', () => {
    const detail = {
      data: {
        source: 'frigate',
        frigateId: '1796689989.756165-oh4j99',
        zones: ['courtyard'],
        camera: 'gate',
      },
      eventType: 'fire',
    };
    expect(frigateEvent({ detail })).toEqual({ id: '1796689989.756165-oh4j99', zones: ['courtyard'] });
  });
  it('has no id for other alarms', () => {
    expect(frigateEvent({ detail: { data: { type: 'smoke' } } })).toEqual({ zones: [] });
    expect(frigateEvent({})).toEqual({ zones: [] });
  });
});
