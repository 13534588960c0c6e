// Finite differences in float64, compared with the analytic gradient
// coordinate by coordinate. The fourth-order central stencil
//   ∂L/∂θ_k ≈ (8·(L(θ+h) − L(θ−h)) − (L(θ+2h) − L(θ−2h))) / 12h
// has error O(h⁴), so h can be large (1e-3), which keeps float64 rounding in
// L — a few ulps, i.e. about 1e-15/h in the quotient — far below the
// derivative. The plain two-point formula at its best h leaves ~1e-7.
//
// ReLU and max-pooling make L piecewise smooth. If a perturbation moves some
// unit across a kink (a pre-activation changes sign, a pooling window changes
// its maximum) the quotient no longer measures the derivative. That is
// detected through the activation pattern; the coordinate is then retried
// with smaller steps, and skipped (and counted) only if even the smallest
// crosses a kink.

import type { FloatArray } from '../kernels/backend.js';

export interface GradientCheck {
  layer: string;
  param: string;
  maxRelError: number;
  /** Coordinates compared. */
  coordinates: number;
  /** Coordinates skipped because every step crossed a ReLU or max-pool kink. */
  skippedAtKinks: number;
}

export const MAX_RELATIVE_ERROR = 1e-6;

const STEPS = [1e-3, 1e-4, 1e-5];

/**
 * |a − n| / max(|a|, |n|, 1e-8/h). Gradients too small for the quotient to
 * resolve relatively are thereby held to an absolute error of 1e-14/h, ten
 * times the quotient's rounding noise.
 */
function relativeError(analytic: number, numeric: number, step: number): number {
  const scale = Math.max(Math.abs(analytic), Math.abs(numeric), 1e-8 / step);
  return Math.abs(analytic - numeric) / scale;
}

export interface TensorProbe {
  layer: string;
  param: string;
  /** The tensor to perturb in place. */
  values: FloatArray;
  /** The analytic gradient of L with respect to values. */
  analytic: ArrayLike<number>;
  /** Which coordinates to check. */
  coordinates: Iterable<number>;
  /** Stop once this many coordinates compared (the rest are spares for coordinates skipped at kinks); all when omitted. */
  enough?: number;
  /** L at the current values. */
  evaluate: () => number;
  /** Whether the last evaluate() kept the base activation pattern (no kink crossed). */
  samePattern: () => boolean;
}

/** The stencil at coordinate k with step h, or null when a kink was crossed. */
function differenceQuotient(probe: TensorProbe, k: number, step: number): number | null {
  const saved = probe.values[k];
  let kinkFree = true;
  const lossAt = (offset: number) => {
    probe.values[k] = saved + offset;
    const loss = probe.evaluate();
    kinkFree &&= probe.samePattern();
    return loss;
  };
  // Differences first: equal losses (a dead unit) then give exactly 0.
  const near = lossAt(step) - lossAt(-step);
  const far = lossAt(2 * step) - lossAt(-2 * step);
  probe.values[k] = saved;
  return kinkFree ? (8 * near - far) / (12 * step) : null;
}

export function checkTensor(probe: TensorProbe): GradientCheck {
  let maxRelError = 0;
  let coordinates = 0;
  let skippedAtKinks = 0;
  for (const k of probe.coordinates) {
    if (probe.enough !== undefined && coordinates >= probe.enough) break;
    const step = STEPS.find((h) => {
      const numeric = differenceQuotient(probe, k, h);
      if (numeric === null) return false;
      maxRelError = Math.max(maxRelError, relativeError(probe.analytic[k], numeric, h));
      return true;
    });
    if (step === undefined) skippedAtKinks++;
    else coordinates++;
  }
  return { layer: probe.layer, param: probe.param, maxRelError, coordinates, skippedAtKinks };
}

/** 0..length−1. */
export function allCoordinates(length: number): number[] {
  return Array.from({ length }, (_, k) => k);
}
