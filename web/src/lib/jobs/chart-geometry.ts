/** Bar geometry for the dashboard's SVG charts: a "nice" axis maximum and stacked bars per hour. */
import type { HourBucket, Verdict } from './types.ts';

/** The smallest of 1, 2, 5 × 10ⁿ at or above `value` (at least 1), so gridlines land on round numbers. */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface StackedBar {
  hour: string;
  parts: (Bar & { verdict: Verdict; value: number })[];
}

const VERDICTS: readonly Verdict[] = ['match', 'mismatch', 'missing'];

/** One bar per hour for `checked`, scaled into a `width` × `height` plot. */
export function throughputBars(
  hours: HourBucket[],
  width: number,
  height: number,
  max = niceMax(Math.max(0, ...hours.map((h) => h.checked))),
) {
  const slot = hours.length > 0 ? width / hours.length : width;
  return hours.map((h, i) => {
    const barHeight = (h.checked / max) * height;
    return { hour: h.hour, value: h.checked, x: i * slot + slot * 0.15, y: height - barHeight, width: slot * 0.7, height: barHeight };
  });
}

/** Stacked match / mismatch / missing bars per hour (match at the bottom). */
export function verdictBars(hours: HourBucket[], width: number, height: number): { bars: StackedBar[]; max: number } {
  const max = niceMax(Math.max(0, ...hours.map((h) => h.match + h.mismatch + h.missing)));
  const slot = hours.length > 0 ? width / hours.length : width;
  const bars = hours.map((h, i) => {
    let top = height;
    const parts = VERDICTS.map((verdict) => {
      const value = h[verdict];
      const barHeight = (value / max) * height;
      top -= barHeight;
      return { verdict, value, x: i * slot + slot * 0.15, y: top, width: slot * 0.7, height: barHeight };
    });
    return { hour: h.hour, parts };
  });
  return { bars, max };
}
