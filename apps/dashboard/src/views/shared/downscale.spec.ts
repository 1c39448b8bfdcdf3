import { describe, expect, it } from 'vitest';
import { fitWithin, MAX_EDGE } from './downscale';

describe('fitWithin (the size a photo is drawn at before upload)', () => {
  it('brings a 12-megapixel phone photo to 1600 px on its longer side, keeping the aspect', () => {
    expect(fitWithin(4032, 3024)).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin(3024, 4032)).toEqual({ width: 1200, height: 1600 });
  });

  it('never enlarges a small photo', () => {
    expect(fitWithin(640, 480)).toEqual({ width: 640, height: 480 });
    expect(fitWithin(MAX_EDGE, 10)).toEqual({ width: MAX_EDGE, height: 10 });
  });

  it('rounds to whole pixels and keeps at least one', () => {
    expect(fitWithin(5000, 1)).toEqual({ width: 1600, height: 1 });
    expect(fitWithin(1601, 999)).toEqual({ width: 1600, height: 998 });
    expect(fitWithin(100, 50, 10)).toEqual({ width: 10, height: 5 });
  });

  it('refuses a size that is not an image', () => {
    expect(() => fitWithin(0, 10)).toThrow(/not an image size/);
    expect(() => fitWithin(Number.NaN, 10)).toThrow(/not an image size/);
  });
});
