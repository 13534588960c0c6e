// Framework-free pieces of the line chart: the data extent, the domain with a
// little headroom, and which points the hover tooltip should report.

export interface ChartPoint {
  x: number;
  y: number;
}

export interface PointSeries {
  name: string;
  points: readonly ChartPoint[];
}

/** What the line chart draws: a named series with an optional colour and dash. */
export interface LineSeries {
  name: string;
  points: ChartPoint[];
  color?: string;
  dashed?: boolean;
}

export interface Extent {
  x: [number, number];
  y: [number, number];
}

/** Bounds of all finite points, or null when there are none. */
export function seriesExtent(series: readonly PointSeries[]): Extent | null {
  let [xMin, xMax, yMin, yMax] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const { points } of series) {
    for (const { x, y } of points) {
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      [xMin, xMax] = [Math.min(xMin, x), Math.max(xMax, x)];
      [yMin, yMax] = [Math.min(yMin, y), Math.max(yMax, y)];
    }
  }
  return xMin <= xMax ? { x: [xMin, xMax], y: [yMin, yMax] } : null;
}

/** Widens [min, max] by `fraction` of its span on each side; a single value gets a unit-sized window so the axis is not degenerate. */
export function padDomain([min, max]: [number, number], fraction: number): [number, number] {
  if (min === max) {
    const half = Math.abs(min) > 0 ? Math.abs(min) * 0.5 : 0.5;
    return [min - half, max + half];
  }
  const pad = (max - min) * fraction;
  return [min - pad, max + pad];
}

/** Index of the point whose x is closest to `x` in points sorted by x; −1 for none. */
export function nearestIndexByX(points: readonly ChartPoint[], x: number): number {
  if (points.length === 0) return -1;
  let [low, high] = [0, points.length - 1];
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if (points[middle].x <= x) low = middle;
    else high = middle;
  }
  return Math.abs(points[low].x - x) <= Math.abs(points[high].x - x) ? low : high;
}

export interface HoverRow {
  seriesIndex: number;
  name: string;
  point: ChartPoint;
}

/**
 * The x the pointer is nearest to (over all series) and each series' point
 * exactly at that x. Series without a point there are left out, so a run that
 * stopped early does not report a stale value.
 */
export function hoverRowsAt(series: readonly PointSeries[], x: number): { x: number; rows: HoverRow[] } | null {
  let bestX: number | null = null;
  for (const { points } of series) {
    const index = nearestIndexByX(points, x);
    if (index < 0) continue;
    const candidate = points[index].x;
    if (bestX === null || Math.abs(candidate - x) < Math.abs(bestX - x)) bestX = candidate;
  }
  if (bestX === null) return null;
  const rows: HoverRow[] = [];
  series.forEach(({ name, points }, seriesIndex) => {
    const point = points.find((p) => p.x === bestX);
    if (point) rows.push({ seriesIndex, name, point });
  });
  return { x: bestX, rows };
}
