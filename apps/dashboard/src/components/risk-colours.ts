import type { RiskGrade } from '@campus/api-contract';

/**
 * 安全风险四色图 colours (红 重大 / 橙 较大 / 黄 一般 / 蓝 低), each with the text colour that
 * reaches WCAG AA (4.5:1) on it — checked by risk-colours.spec.ts.
 */
export const RISK_PALETTE: Record<RiskGrade, { bg: string; fg: string }> = {
  // The same values as the shell's --risk-* variables (layout/theme.css).
  red: { bg: '#c62828', fg: '#ffffff' },
  orange: { bg: '#ef6c00', fg: '#111111' },
  yellow: { bg: '#fdd835', fg: '#111111' },
  blue: { bg: '#1565c0', fg: '#ffffff' },
};

/** Cells with devices but no graded risk point. */
export const UNGRADED = { bg: '#eceff1', fg: '#263238' };

/** WCAG relative luminance of `#rrggbb`. */
export function luminance(hex: string): number {
  const h = hex.replace('#', '');
  const channel = (i: number) => {
    const c = parseInt(h.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
}

/** WCAG contrast ratio of two `#rrggbb` colours (1…21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
