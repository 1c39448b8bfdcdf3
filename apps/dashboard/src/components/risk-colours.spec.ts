import { describe, expect, it } from 'vitest';
import { RISK_GRADES } from '@campus/api-contract';
import { contrastRatio, RISK_PALETTE, UNGRADED } from './risk-colours';

describe('the four-colour palette', () => {
  it('computes WCAG contrast like the reference values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it.each([...RISK_GRADES])('%s text reaches AA (4.5:1) on its colour', (grade) => {
    const { bg, fg } = RISK_PALETTE[grade];
    expect(contrastRatio(fg, bg)).toBeGreaterThanOrEqual(4.5);
  });

  it('keeps the ungraded cells readable too, and the overlay marks on white', () => {
    expect(contrastRatio(UNGRADED.fg, UNGRADED.bg)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio('#8c1d18', '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });
});
