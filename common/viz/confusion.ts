// Confusion-matrix arithmetic for the heatmaps: row normalisation (each true
// class sums to 1, so rare classes are as visible as common ones) and the
// colour of each cell for counts and for differences between two runs.

import { divergingColor, sequentialColor, type Rgb } from './colors.js';

/** counts[t][p] / Σₚ counts[t][p]; an empty row stays all zeros. */
export function rowNormalise(counts: readonly (readonly number[])[]): number[][] {
  return counts.map((row) => {
    const total = row.reduce((sum, value) => sum + value, 0);
    return row.map((value) => (total > 0 ? value / total : 0));
  });
}

export function maxAbsValue(matrix: readonly (readonly number[])[]): number {
  let max = 0;
  for (const row of matrix) for (const value of row) max = Math.max(max, Math.abs(value));
  return max;
}

/**
 * Colour of a count cell. The square root spreads the small off-diagonal
 * counts (where the mistakes are) over more of the ramp; otherwise the large
 * diagonal would wash every error out to the lightest shade.
 */
export function countCellColor(value: number, max: number): Rgb {
  return sequentialColor(max > 0 ? Math.sqrt(Math.max(0, value) / max) : 0);
}

/** Colour of a difference cell, symmetric around zero so +n and −n are equally strong. */
export function deltaCellColor(value: number, maxAbs: number): Rgb {
  return divergingColor(maxAbs > 0 ? Math.sign(value) * Math.sqrt(Math.abs(value) / maxAbs) : 0);
}
