// Colour ramps for heatmaps and per-series colours. The stops are
// ColorBrewer's Blues (sequential) and RdBu (diverging), chosen because they
// stay readable in greyscale print and for the common colour-vision
// deficiencies; interpolation is linear in sRGB between neighbouring stops.

export type Rgb = readonly [number, number, number];

function hexToRgb(hex: string): Rgb {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

const BLUES: readonly Rgb[] = ['#f7fbff', '#deebf7', '#c6dbef', '#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#08519c', '#08306b'].map(hexToRgb);

/** Red for negative, near-white at zero, blue for positive. */
const RED_WHITE_BLUE: readonly Rgb[] = [
  '#67001f', '#b2182b', '#d6604d', '#f4a582', '#fddbc7', '#f7f7f7', '#d1e5f0', '#92c5de', '#4393c3', '#2166ac', '#053061',
].map(hexToRgb);

/** Tableau 10: distinct, print-safe colours for up to ten overlaid runs. */
const CATEGORICAL = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

function clamp01(t: number): number {
  return Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
}

/** Colour at t ∈ [0, 1] along evenly spaced stops (t outside is clamped). */
export function interpolateStops(stops: readonly Rgb[], t: number): Rgb {
  const position = clamp01(t) * (stops.length - 1);
  const lower = Math.min(Math.floor(position), stops.length - 2);
  const fraction = position - lower;
  const [a, b] = [stops[lower], stops[lower + 1]];
  return [0, 1, 2].map((i) => Math.round(a[i] + (b[i] - a[i]) * fraction)) as unknown as Rgb;
}

/** Light for 0, dark blue for 1. */
export function sequentialColor(t: number): Rgb {
  return interpolateStops(BLUES, t);
}

/** t ∈ [−1, 1]: red below zero, white at zero, blue above. */
export function divergingColor(t: number): Rgb {
  return interpolateStops(RED_WHITE_BLUE, (t + 1) / 2);
}

export function rgbToCss([r, g, b]: Rgb): string {
  return `rgb(${r}, ${g}, ${b})`;
}

/** WCAG relative luminance, for picking legible text over a cell colour. */
export function relativeLuminance([r, g, b]: Rgb): number {
  const linear = (channel: number) => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** Black or white, whichever contrasts more with the background. */
export function textColorOn(background: Rgb): string {
  const luminance = relativeLuminance(background);
  const contrastWithBlack = (luminance + 0.05) / 0.05;
  const contrastWithWhite = 1.05 / (luminance + 0.05);
  return contrastWithBlack >= contrastWithWhite ? '#000' : '#fff';
}

/** A stable colour per series index, cycling after ten. */
export function seriesColor(index: number): string {
  return CATEGORICAL[((index % CATEGORICAL.length) + CATEGORICAL.length) % CATEGORICAL.length];
}
