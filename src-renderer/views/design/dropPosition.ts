// Where a drop lands in a vertical list: pure arithmetic, kept apart from the
// DOM wiring in dragAndDrop.ts so it can be tested under Node.

/** The gap (0 = before the first item) whose position the pointer is nearest, from the items' vertical midpoints. */
export function gapIndex(midpoints: readonly number[], pointerY: number): number {
  let gap = 0;
  while (gap < midpoints.length && midpoints[gap] < pointerY) gap++;
  return gap;
}

/** Where an item taken from `from` lands when dropped into gap `gap` (the gap after itself is a no-op). */
export function reorderTarget(from: number, gap: number): number {
  return gap > from ? gap - 1 : gap;
}
