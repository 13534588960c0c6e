// airbench's whitening filters from a patch covariance: each eigenvector
// scaled by 1/√(λ + ε), largest eigenvalue first, then the same filters
// negated (its torch.cat((scaled, −scaled))). A patch p filtered by the first
// half has covariance diag(λ/(λ + ε)): about the identity on the components
// that carry variance, damped by ε where there is none.

import { symmetricEigen } from './symmetricEigen.js';

/**
 * The 2d filters of length d (row-major, [2d][d]) for a d×d patch covariance.
 * Eigenvalues that rounding left below zero count as zero, so an image set
 * without variance (all images equal) still gives finite filters of 1/√ε.
 */
export function whiteningFilters(covariance: ArrayLike<number>, d: number, epsilon: number): Float64Array {
  if (!(epsilon > 0)) throw new RangeError(`whitening filters: epsilon must be positive, got ${epsilon}`);
  const { values, vectors } = symmetricEigen(covariance, d);
  const filters = new Float64Array(2 * d * d);
  for (let r = 0; r < d; r++) {
    const scale = 1 / Math.sqrt(Math.max(values[r], 0) + epsilon);
    for (let k = 0; k < d; k++) {
      const value = vectors[r * d + k] * scale;
      filters[r * d + k] = value;
      filters[(d + r) * d + k] = -value;
    }
  }
  return filters;
}
