// Eigenvalues and eigenvectors of a real symmetric matrix by the cyclic
// Jacobi method: plane rotations, each zeroing one off-diagonal pair, sweep
// over every pair until the off-diagonal part is negligible. Slow for large
// matrices (O(n³) a sweep) but simple, accurate to the last bits on the
// small ones it serves (a patch covariance: C·k² ≤ 400 rows), and fully
// deterministic: the same matrix gives the same bits on every machine.

export interface SymmetricEigen {
  /** Eigenvalues, largest first. */
  values: Float64Array;
  /** Row r (n values) is the unit eigenvector of values[r]; its largest-magnitude component is positive. */
  vectors: Float64Array;
}

const MAX_SWEEPS = 100;

/** The eigendecomposition of the symmetric n×n `matrix` (row-major; read, not changed). */
export function symmetricEigen(matrix: ArrayLike<number>, n: number): SymmetricEigen {
  if (matrix.length !== n * n) throw new RangeError(`symmetricEigen: ${matrix.length} values are not a ${n}×${n} matrix`);
  const a = Float64Array.from(matrix);
  for (let p = 0; p < n; p++) {
    for (let q = p + 1; q < n; q++) {
      if (a[p * n + q] !== a[q * n + p]) throw new RangeError(`symmetricEigen: the matrix is not symmetric at (${p}, ${q})`);
    }
  }
  // Columns of v gather the rotations: A = V·diag(λ)·Vᵀ at the end.
  const v = new Float64Array(n * n);
  for (let p = 0; p < n; p++) v[p * n + p] = 1;
  for (let sweep = 0; sweep < MAX_SWEEPS && !converged(a, n); sweep++) {
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) rotate(a, v, n, p, q);
    }
  }
  return sorted(a, v, n);
}

/** Whether the off-diagonal part is below float64 rounding of the diagonal. */
function converged(a: Float64Array, n: number): boolean {
  let off = 0;
  let diagonal = 0;
  for (let p = 0; p < n; p++) {
    diagonal += a[p * n + p] ** 2;
    for (let q = p + 1; q < n; q++) off += a[p * n + q] ** 2;
  }
  return off === 0 || off <= 1e-32 * diagonal;
}

/** A ← Jᵀ·A·J and V ← V·J with the rotation J in plane (p, q) that zeroes a[p][q]. */
function rotate(a: Float64Array, v: Float64Array, n: number, p: number, q: number): void {
  const apq = a[p * n + q];
  if (apq === 0) return;
  const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
  // tan φ, the smaller root of t² + 2θt − 1 = 0 (the rotation by at most 45°), written to avoid overflow for large θ.
  const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < n; k++) {
    const akp = a[k * n + p];
    const akq = a[k * n + q];
    a[k * n + p] = c * akp - s * akq;
    a[k * n + q] = s * akp + c * akq;
  }
  for (let k = 0; k < n; k++) {
    const apk = a[p * n + k];
    const aqk = a[q * n + k];
    a[p * n + k] = c * apk - s * aqk;
    a[q * n + k] = s * apk + c * aqk;
  }
  // Exactly zero, and exactly symmetric, rather than what rounding left.
  a[p * n + q] = 0;
  a[q * n + p] = 0;
  for (let k = 0; k < n; k++) {
    const vkp = v[k * n + p];
    const vkq = v[k * n + q];
    v[k * n + p] = c * vkp - s * vkq;
    v[k * n + q] = s * vkp + c * vkq;
  }
}

/** Eigenpairs largest first (ties keep their diagonal order), each vector as a row with a positive largest component. */
function sorted(a: Float64Array, v: Float64Array, n: number): SymmetricEigen {
  const order = Array.from({ length: n }, (_, k) => k).sort((i, j) => a[j * n + j] - a[i * n + i] || i - j);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((column, row) => {
    values[row] = a[column * n + column];
    let largest = 0;
    for (let k = 1; k < n; k++) if (Math.abs(v[k * n + column]) > Math.abs(v[largest * n + column])) largest = k;
    const sign = v[largest * n + column] < 0 ? -1 : 1;
    for (let k = 0; k < n; k++) vectors[row * n + k] = sign * v[k * n + column];
  });
  return { values, vectors };
}
