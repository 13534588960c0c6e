// Where the window opens: the size and position saved when it last closed,
// moved back onto a display if that display is gone (a laptop undocked from
// its monitor must not open the app off-screen), and shrunk to fit the
// display it lands on. Pure, so it is tested without Electron.

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** The window's bounds when not maximized. */
  bounds: Rectangle;
  maximized: boolean;
}

/** Bounds to open with; no x/y means "let the platform centre it". */
export interface WindowPlacement {
  width: number;
  height: number;
  x?: number;
  y?: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 800 };
export const MIN_WINDOW_SIZE = { width: 960, height: 640 };

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** A saved state read back from disk, or null when it is missing or malformed. */
export function parseWindowState(value: unknown): WindowState | null {
  if (typeof value !== 'object' || value === null) return null;
  const { bounds, maximized } = value as Record<string, unknown>;
  if (typeof bounds !== 'object' || bounds === null) return null;
  const { x, y, width, height } = bounds as Record<string, unknown>;
  if (!isFiniteNumber(x) || !isFiniteNumber(y) || !isFiniteNumber(width) || !isFiniteNumber(height)) return null;
  if (width <= 0 || height <= 0) return null;
  return { bounds: { x, y, width, height }, maximized: maximized === true };
}

function overlapArea(a: Rectangle, b: Rectangle): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

function fitSize(width: number, height: number, area: Rectangle): { width: number; height: number } {
  return {
    width: Math.round(Math.min(Math.max(width, MIN_WINDOW_SIZE.width), area.width)),
    height: Math.round(Math.min(Math.max(height, MIN_WINDOW_SIZE.height), area.height)),
  };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

/**
 * @param workAreas the work areas of the connected displays, primary first.
 */
export function placeWindow(saved: WindowState | null, workAreas: readonly Rectangle[]): WindowPlacement {
  const primary = workAreas[0];
  if (primary === undefined) return { ...DEFAULT_WINDOW_SIZE, maximized: false };
  if (saved === null) return { ...fitSize(DEFAULT_WINDOW_SIZE.width, DEFAULT_WINDOW_SIZE.height, primary), maximized: false };

  let target = primary;
  let bestOverlap = 0;
  for (const area of workAreas) {
    const overlap = overlapArea(saved.bounds, area);
    if (overlap > bestOverlap) {
      bestOverlap = overlap;
      target = area;
    }
  }
  const size = fitSize(saved.bounds.width, saved.bounds.height, target);
  if (bestOverlap === 0) {
    // Nothing of the window would be visible: centre it on the primary display instead.
    return {
      ...size,
      x: Math.round(primary.x + (primary.width - size.width) / 2),
      y: Math.round(primary.y + (primary.height - size.height) / 2),
      maximized: saved.maximized,
    };
  }
  return {
    ...size,
    x: Math.round(clamp(saved.bounds.x, target.x, target.x + target.width - size.width)),
    y: Math.round(clamp(saved.bounds.y, target.y, target.y + target.height - size.height)),
    maximized: saved.maximized,
  };
}
