// Where the parts of a confusion heatmap go for a given width: the axis
// titles, the class names (upright when they fit above a column, slanted at
// 45° when they do not) and the square cells. Text widths are estimated from
// the character count, which is close enough for 11px labels.

export interface HeatmapLayout {
  cell: number;
  /** Left edge and top edge of the grid. */
  gridLeft: number;
  gridTop: number;
  slantedColumnLabels: boolean;
  width: number;
  height: number;
}

const TITLE_SPACE = 18;
const CHAR_WIDTH = 6.6;
const MIN_CELL = 18;
const MAX_CELL = 48;
const SLANT = Math.SQRT1_2;

function clampCell(size: number): number {
  return Math.max(MIN_CELL, Math.min(MAX_CELL, Math.floor(size)));
}

export function heatmapLayout(availableWidth: number, classCount: number, longestLabel: number): HeatmapLayout {
  const count = Math.max(1, classCount);
  const labelWidth = Math.ceil(longestLabel * CHAR_WIDTH);
  const gridLeft = TITLE_SPACE + labelWidth + 8;
  const uprightCell = clampCell((availableWidth - gridLeft - 4) / count);
  if (labelWidth <= uprightCell - 4) {
    const gridTop = TITLE_SPACE + 18;
    return { cell: uprightCell, gridLeft, gridTop, slantedColumnLabels: false, width: gridLeft + uprightCell * count + 4, height: gridTop + uprightCell * count + 4 };
  }
  // Slanted names lean right past the last column and need height above the grid.
  const overhang = Math.ceil(labelWidth * SLANT);
  const cell = clampCell((availableWidth - gridLeft - overhang) / count);
  const gridTop = TITLE_SPACE + overhang + 10;
  return { cell, gridLeft, gridTop, slantedColumnLabels: true, width: gridLeft + cell * count + overhang, height: gridTop + cell * count + 4 };
}
