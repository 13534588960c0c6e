// Writes workers/wasm/assembly/winogradTransforms.ts: the transform matrices of
// Winograd's minimal filtering F(m, r) for the variants the kernels use, as
// straight-line AssemblyScript (the kernel module may hold no data segments,
// and unrolled code lets the optimiser drop zeros and ±1 multiplies).
// Run `node workers/wasm/generateWinograd.mjs` after changing VARIANTS; the
// output is committed, and winogradTransforms.test checks it is current.
//
// Derivation (Lavin & Gray 2016, via the transpose of Toom-Cook): with V_k the
// α×k matrix evaluating a polynomial of k coefficients at the points
// (a_0 … a_{α−2}, ∞), α = m + r − 1, the correlation y_i = Σ_k g_k d_{i+k}
// (i < m) is
//   y = Aᵀ [(G g) ⊙ (Bᵀ d)],  Aᵀ = V_mᵀ,  G = V_r,  Bᵀ = V_α⁻ᵀ,
// and in two dimensions Y = Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A. Each row of Bᵀ is
// scaled to small integers and the matching row of G divided by the same
// factor, so the input transform (run on every tile) is exact in float32.

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Dispatch tries them in order on (filter size r, tile side m); the last takes
// any other pair. F(4×4, 3×3) needs 2.25 multiplications an output pixel
// against F(2×2, 3×3)'s 4, at the price of larger transforms and four times
// coarser tiles (winogradLayout.ts picks it on wide maps only).
export const VARIANTS = [
  // ½ and −2 rather than ±2: half the float32 error of the usual points
  // (Barabasz et al. 2020; measured here over 64 channels: at most 2.0e-5
  // against 6.4e-5 on inputs in ±1), with transforms as cheap.
  { name: 'F4x3', m: 4, r: 3, points: [0, 1, -1, '1/2', -2] },
  { name: 'F2x3', m: 2, r: 3, points: [0, 1, -1] },
  { name: 'F2x5', m: 2, r: 5, points: [0, 1, -1, 2, -2] },
];

// ---- exact rationals (BigInt numerator / denominator) ----
const gcd = (a, b) => { a = a < 0n ? -a : a; b = b < 0n ? -b : b; while (b) [a, b] = [b, a % b]; return a; };
const frac = (n, d = 1n) => { n = BigInt(n); d = BigInt(d); if (d < 0n) { n = -n; d = -d; } const g = gcd(n, d) || 1n; return { n: n / g, d: d / g }; };
const add = (x, y) => frac(x.n * y.d + y.n * x.d, x.d * y.d);
const sub = (x, y) => frac(x.n * y.d - y.n * x.d, x.d * y.d);
const mul = (x, y) => frac(x.n * y.n, x.d * y.d);
const div = (x, y) => frac(x.n * y.d, x.d * y.n);
const isZero = (x) => x.n === 0n;
const toNumber = (x) => Number(x.n) / Number(x.d);

/** A point as an exact rational: an integer, or a string 'n/d'. */
function pointOf(a) {
  if (typeof a === 'number') return frac(a);
  const [n, d] = a.split('/');
  return frac(BigInt(n), BigInt(d));
}

function evaluationMatrix(points, alpha, k) {
  const rows = points.map((a) => {
    const point = pointOf(a);
    const row = [frac(1)];
    for (let j = 1; j < k; j++) row.push(mul(row[j - 1], point));
    return row;
  });
  rows.push(Array.from({ length: k }, (_, j) => frac(j === k - 1 ? 1 : 0)));
  if (rows.length !== alpha) throw new Error('need α − 1 finite points');
  return rows;
}

function inverse(matrix) {
  const n = matrix.length;
  const a = matrix.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => frac(i === j ? 1 : 0))]);
  for (let col = 0; col < n; col++) {
    const pivot = a.findIndex((row, i) => i >= col && !isZero(row[col]));
    if (pivot < 0) throw new Error('singular evaluation matrix');
    [a[col], a[pivot]] = [a[pivot], a[col]];
    const p = a[col][col];
    a[col] = a[col].map((x) => div(x, p));
    for (let i = 0; i < n; i++) {
      if (i === col || isZero(a[i][col])) continue;
      const f = a[i][col];
      a[i] = a[i].map((x, j) => sub(x, mul(f, a[col][j])));
    }
  }
  return a.map((row) => row.slice(n));
}

const transpose = (m) => m[0].map((_, j) => m.map((row) => row[j]));

export function winogradMatrices({ m, r, points }) {
  const alpha = m + r - 1;
  const AT = transpose(evaluationMatrix(points, alpha, m));
  const G = evaluationMatrix(points, alpha, r);
  const BT = transpose(inverse(evaluationMatrix(points, alpha, alpha)));
  // Scale row ξ of Bᵀ to coprime integers; divide row ξ of G by the same factor.
  for (let xi = 0; xi < alpha; xi++) {
    const lcm = BT[xi].reduce((l, x) => (l * x.d) / gcd(l, x.d), 1n);
    const numerators = BT[xi].map((x) => (x.n * lcm) / x.d);
    const g = numerators.reduce((acc, x) => gcd(acc, x), 0n);
    const scale = frac(lcm, g);
    BT[xi] = BT[xi].map((x) => mul(x, scale));
    G[xi] = G[xi].map((x) => div(x, scale));
  }
  return { alpha, AT, G, BT };
}

function checkVariant(variant) {
  const { m, r } = variant;
  const { alpha, AT, G, BT } = winogradMatrices(variant);
  const apply = (M, v) => M.map((row) => row.reduce((s, x, k) => s + toNumber(x) * v[k], 0));
  for (let trial = 0; trial < 20; trial++) {
    const d = Array.from({ length: alpha }, () => Math.random() * 2 - 1);
    const g = Array.from({ length: r }, () => Math.random() * 2 - 1);
    const u = apply(G, g);
    const v = apply(BT, d);
    const y = apply(AT, u.map((x, i) => x * v[i]));
    for (let i = 0; i < m; i++) {
      let direct = 0;
      for (let k = 0; k < r; k++) direct += g[k] * d[i + k];
      if (Math.abs(direct - y[i]) > 1e-9) throw new Error(`${variant.name}: y[${i}] = ${y[i]}, direct ${direct}`);
    }
  }
}

// ---- AssemblyScript emission ----
function literal(x) {
  const value = toNumber(x);
  const text = Number.isInteger(value) ? value.toFixed(1) : `${x.n}.0 / ${x.d}.0`;
  return `<f32>(${text})`;
}

/** Σ_k row[k] · operands[k] as one v128 or f32 expression, with the zeros and ±1 multiplies dropped. */
function combination(row, operands, vector) {
  let expr = null;
  // Start from a +1 term where there is one: a − b rather than (−b) + a.
  const terms = [...row.keys()].filter((k) => !isZero(row[k]));
  const first = terms.find((k) => toNumber(row[k]) === 1) ?? terms[0];
  for (const k of first === undefined ? [] : [first, ...terms.filter((t) => t !== first)]) {
    const c = row[k];
    const v = toNumber(c);
    const s = operands[k];
    if (expr === null) {
      if (v === 1) expr = s;
      else if (v === -1) expr = vector ? `f32x4.neg(${s})` : `-${s}`;
      else expr = vector ? `f32x4.mul(f32x4.splat(${literal(c)}), ${s})` : `${literal(c)} * ${s}`;
    } else if (v === 1) expr = vector ? `f32x4.add(${expr}, ${s})` : `${expr} + ${s}`;
    else if (v === -1) expr = vector ? `f32x4.sub(${expr}, ${s})` : `${expr} - ${s}`;
    else expr = vector ? `multiplyAdd(f32x4.splat(${literal(c)}), ${s}, ${expr})` : `${expr} + ${literal(c)} * ${s}`;
  }
  return expr ?? (vector ? 'f32x4.splat(0)' : '<f32>0');
}

/** dst[i] = Σ_k M[i][k] · src[k] on v128 values, straight-line. */
function applyFunction(name, doc, M) {
  const cols = M[0].length;
  const lines = [`/** ${doc} */`, `export function ${name}(src: usize, srcStride: usize, dst: usize, dstStride: usize): void {`];
  for (let k = 0; k < cols; k++) {
    if (M.some((row) => !isZero(row[k]))) lines.push(`  const s${k} = v128.load(src + ${k} * srcStride);`);
  }
  const operands = Array.from({ length: cols }, (_, k) => `s${k}`);
  M.forEach((row, i) => lines.push(`  v128.store(dst + ${i} * dstStride, ${combination(row, operands, true)});`));
  lines.push('}');
  return lines.join('\n');
}

/**
 * U = G g Gᵀ for one r×r filter g, g[p][q] at src + p·rowStride + q·columnStride
 * (negative strides read it flipped), U[ξ] to dst + ξ·dstStride: along the
 * rows into locals, then down the columns. The loads come first so that the
 * optimiser may keep all of them in registers.
 */
function filterTileFunction(name, G) {
  const alpha = G.length;
  const r = G[0].length;
  const lines = [
    `/** U = G g Gᵀ (${alpha}×${alpha}) for one ${r}×${r} filter g read with the given strides (negative: flipped); U[ξ] at dst + ξ·dstStride. */`,
    `export function filterTileTransform${name}(src: usize, rowStride: isize, columnStride: isize, dst: usize, dstStride: usize): void {`,
  ];
  for (let p = 0; p < r; p++) {
    for (let q = 0; q < r; q++) lines.push(`  const g${p}${q} = load<f32>(src + <usize>(${p} * rowStride + ${q} * columnStride));`);
  }
  for (let p = 0; p < r; p++) {
    const row = Array.from({ length: r }, (_, q) => `g${p}${q}`);
    G.forEach((coefficients, j) => lines.push(`  const t${p}${j} = ${combination(coefficients, row, false)};`));
  }
  G.forEach((coefficients, i) => {
    for (let j = 0; j < alpha; j++) {
      const column = Array.from({ length: r }, (_, p) => `t${p}${j}`);
      lines.push(`  store<f32>(dst + ${i * alpha + j} * dstStride, ${combination(coefficients, column, false)});`);
    }
  });
  lines.push('}');
  return lines.join('\n');
}

/** The store lines of applyFunction for M: its arithmetic on values s0, s1, … already in locals. */
function storesOf(M) {
  return applyFunction('unused', '', M).split('\n').filter((line) => line.includes('v128.store'));
}

/**
 * Bᵀ along one row of four tiles straight from the padded image. With tiles 2
 * pixels apart, lane l of input column b is x[2l + b]: the even and odd
 * floats of two consecutive vectors loaded at x[b − b % 2]. With tiles 4
 * apart, columns 0–3 are the 4×4 transpose of the vectors at x[0], x[4],
 * x[8], x[12], and columns 4 and 5 are columns 0 and 1 moved on by one tile.
 */
function inputRowFunction(name, m, BT) {
  const alpha = BT.length;
  const gather = m === 2 ? [
    '  const from0 = v128.load(row);',
    '  const from2 = v128.load(row, 8);',
    '  const from4 = v128.load(row, 16);',
    '  const from6 = v128.load(row, 24);',
    '  const from8 = v128.load(row, 32);',
    '  const s0 = v128.shuffle<f32>(from0, from4, 0, 2, 4, 6);',
    '  const s1 = v128.shuffle<f32>(from0, from4, 1, 3, 5, 7);',
    '  const s2 = v128.shuffle<f32>(from2, from6, 0, 2, 4, 6);',
    '  const s3 = v128.shuffle<f32>(from2, from6, 1, 3, 5, 7);',
    '  const s4 = v128.shuffle<f32>(from4, from8, 0, 2, 4, 6);',
    '  const s5 = v128.shuffle<f32>(from4, from8, 1, 3, 5, 7);',
  ] : [
    '  const from0 = v128.load(row);',
    '  const from4 = v128.load(row, 16);',
    '  const from8 = v128.load(row, 32);',
    '  const from12 = v128.load(row, 48);',
    '  const from16 = v128.load(row, 64);',
    ...transposeLines('s', ['from0', 'from4', 'from8', 'from12']),
    '  const s4 = v128.shuffle<f32>(s0, from16, 1, 2, 3, 4);',
    '  const s5 = v128.shuffle<f32>(s1, from16, 1, 2, 3, 5);',
  ];
  return [
    `/** Bᵀ (${alpha}×${alpha}) along a row of four adjacent tiles, gathered from the padded row at \`row\` (tiles ${m} pixels apart). */`,
    `export function inputRowTransform${name}(row: usize, dst: usize, dstStride: usize): void {`,
    ...gather,
    ...storesOf(BT),
    '}',
  ].join('\n');
}

/** `out`0…3 = the 4×4 transpose of the vectors named in `rows`: lane l of `out`k is lane k of rows[l]. */
function transposeLines(out, rows) {
  const [a, b, c, d] = rows;
  return [
    `  const ${out}t0 = v128.shuffle<f32>(${a}, ${b}, 0, 4, 1, 5);`,
    `  const ${out}t1 = v128.shuffle<f32>(${c}, ${d}, 0, 4, 1, 5);`,
    `  const ${out}t2 = v128.shuffle<f32>(${a}, ${b}, 2, 6, 3, 7);`,
    `  const ${out}t3 = v128.shuffle<f32>(${c}, ${d}, 2, 6, 3, 7);`,
    `  const ${out}0 = v128.shuffle<f32>(${out}t0, ${out}t1, 0, 1, 4, 5);`,
    `  const ${out}1 = v128.shuffle<f32>(${out}t0, ${out}t1, 2, 3, 6, 7);`,
    `  const ${out}2 = v128.shuffle<f32>(${out}t2, ${out}t3, 0, 1, 4, 5);`,
    `  const ${out}3 = v128.shuffle<f32>(${out}t2, ${out}t3, 2, 3, 6, 7);`,
  ];
}

/**
 * Lines gathering the four tiles of a 2×2 block into lanes: lane (di, dj) of
 * column b is pixel m·dj + b of row `upper` (di = 0) or `lower` (di = 1), for
 * b < count; `s`b receives column b. Each column takes three shuffles of the
 * aligned vectors that hold its four pixels.
 */
function blockGatherLines(prefix, m, count, upper, lower) {
  const vectors = Math.ceil((m + count) / 4);
  const lines = [];
  for (let k = 0; k < vectors; k++) {
    lines.push(`  const ${prefix}u${k} = v128.load(${upper}, ${16 * k});`);
    lines.push(`  const ${prefix}l${k} = v128.load(${lower}, ${16 * k});`);
  }
  for (let b = 0; b < count; b++) {
    const left = b >> 2;
    const right = (m + b) >> 2;
    const pick = `${b & 3}, ${4 + ((m + b) & 3)}, ${b & 3}, ${4 + ((m + b) & 3)}`;
    lines.push(`  const ${prefix}p${b} = v128.shuffle<f32>(${prefix}u${left}, ${prefix}u${right}, ${pick});`);
    lines.push(`  const ${prefix}q${b} = v128.shuffle<f32>(${prefix}l${left}, ${prefix}l${right}, ${pick});`);
    lines.push(`  const ${prefix}${b} = v128.shuffle<f32>(${prefix}p${b}, ${prefix}q${b}, 0, 1, 4, 5);`);
  }
  return lines;
}

/** Bᵀ along row a of the four tiles of a 2×2 block: rows a and a + m of the padded image. */
function inputBlockRowFunction(name, m, BT) {
  const alpha = BT.length;
  return [
    `/** Bᵀ (${alpha}×${alpha}) along one row of the four tiles of a 2×2 block (${m}-pixel tiles), gathered from the padded rows at \`upper\` and \`lower\`. */`,
    `export function inputBlockRowTransform${name}(upper: usize, lower: usize, dst: usize, dstStride: usize): void {`,
    ...blockGatherLines('s', m, alpha, 'upper', 'lower'),
    ...storesOf(BT),
    '}',
  ].join('\n');
}

/** As gradientTileFunction, for the four tiles of a 2×2 block: row i from dy's rows i and m + i. */
function gradientBlockFunction(name, A) {
  const alpha = A.length;
  const m = A[0].length;
  const lines = [
    `/** dM = A dy Aᵀ (${alpha}×${alpha} from ${m}×${m}) for the four tiles of a 2×2 block at \`tile\`, dy's rows rowBytes apart; dM[ξ] at dst + ξ·dstStride. */`,
    `export function gradientBlockTransform${name}(tile: usize, rowBytes: usize, dst: usize, dstStride: usize): void {`,
  ];
  for (let i = 0; i < m; i++) {
    lines.push(...blockGatherLines(`d${i}`, m, m, `tile + ${i} * rowBytes`, `tile + ${m + i} * rowBytes`));
    const row = Array.from({ length: m }, (_, q) => `d${i}${q}`);
    A.forEach((coefficients, j) => lines.push(`  const r${i}${j} = ${combination(coefficients, row, true)};`));
  }
  A.forEach((coefficients, a) => {
    for (let j = 0; j < alpha; j++) {
      const column = Array.from({ length: m }, (_, i) => `r${i}${j}`);
      lines.push(`  v128.store(dst + ${a * alpha + j} * dstStride, ${combination(coefficients, column, true)});`);
    }
  });
  lines.push('}');
  return lines.join('\n');
}

/**
 * dM = A dy Aᵀ for four adjacent m×m output-gradient tiles, straight from
 * dy's rows at `tile + i·rowBytes` (lane l of column j is x[m·l + j]: the
 * even and odd floats of two vectors for m = 2, a 4×4 transpose for m = 4):
 * along the rows into locals, then down each column into dM[ξ] at
 * dst + ξ·dstStride.
 */
function gradientTileFunction(name, A) {
  const alpha = A.length;
  const m = A[0].length;
  const lines = [
    `/** dM = A dy Aᵀ (${alpha}×${alpha} from ${m}×${m}) for four adjacent tiles, dy's rows at tile + i·rowBytes; dM[ξ] at dst + ξ·dstStride. */`,
    `export function gradientTileTransform${name}(tile: usize, rowBytes: usize, dst: usize, dstStride: usize): void {`,
  ];
  for (let i = 0; i < m; i++) {
    if (m === 2) {
      lines.push(`  const from${i}0 = v128.load(tile + ${i} * rowBytes);`);
      lines.push(`  const from${i}4 = v128.load(tile + ${i} * rowBytes, 16);`);
      lines.push(`  const d${i}0 = v128.shuffle<f32>(from${i}0, from${i}4, 0, 2, 4, 6);`);
      lines.push(`  const d${i}1 = v128.shuffle<f32>(from${i}0, from${i}4, 1, 3, 5, 7);`);
    } else {
      const vectors = [0, 4, 8, 12].map((k) => `from${i}_${k}`);
      vectors.forEach((v, k) => lines.push(`  const ${v} = v128.load(tile + ${i} * rowBytes, ${16 * k});`));
      lines.push(...transposeLines(`d${i}`, vectors));
    }
    const row = Array.from({ length: m }, (_, q) => `d${i}${q}`);
    A.forEach((coefficients, j) => lines.push(`  const r${i}${j} = ${combination(coefficients, row, true)};`));
  }
  A.forEach((coefficients, a) => {
    for (let j = 0; j < alpha; j++) {
      const column = Array.from({ length: m }, (_, i) => `r${i}${j}`);
      lines.push(`  v128.store(dst + ${a * alpha + j} * dstStride, ${combination(coefficients, column, true)});`);
    }
  });
  lines.push('}');
  return lines.join('\n');
}

/** Dispatch by filter size and tile side for one family of transforms (`name`F4x3, `name`F2x3, …). */
function dispatchFunction(name, params) {
  const names = params.map(([n]) => n).join(', ');
  const lines = [
    '@inline',
    `export function ${name}(kernel: i32, tileSide: i32, ${params.map(([n, t]) => `${n}: ${t}`).join(', ')}): void {`,
  ];
  VARIANTS.forEach((variant, i) => {
    const call = `${name}${variant.name}(${names});`;
    if (i === VARIANTS.length - 1) lines.push(`  ${i === 0 ? '' : 'else '}${call}`);
    else lines.push(`  ${i === 0 ? '' : 'else '}if (kernel == ${variant.r} && tileSide == ${variant.m}) ${call}`);
  });
  lines.push('}');
  return lines.join('\n');
}

/**
 * Y = Aᵀ M A for one tile (four tiles in the lanes), M[ξ] at src + ξ·srcStride,
 * Y[i][j] to dst + (i·m + j)·dstStride: along M's rows into locals, then down
 * the columns, so the intermediate rows never go through memory.
 */
function outputTileFunction(name, AT) {
  const m = AT.length;
  const alpha = AT[0].length;
  const lines = [
    `/** Y = Aᵀ M A (${m}×${m} from ${alpha}×${alpha} vectors), M[ξ] at src + ξ·srcStride; Y[i][j] at dst + (i·${m} + j)·dstStride. */`,
    `export function outputTileTransform${name}(src: usize, srcStride: usize, dst: usize, dstStride: usize): void {`,
  ];
  for (let a = 0; a < alpha; a++) {
    for (let b = 0; b < alpha; b++) {
      if (AT.some((row) => !isZero(row[b]))) lines.push(`  const m${a}${b} = v128.load(src + ${a * alpha + b} * srcStride);`);
    }
    const row = Array.from({ length: alpha }, (_, b) => `m${a}${b}`);
    AT.forEach((coefficients, j) => lines.push(`  const t${a}${j} = ${combination(coefficients, row, true)};`));
  }
  AT.forEach((coefficients, i) => {
    for (let j = 0; j < m; j++) {
      const column = Array.from({ length: alpha }, (_, a) => `t${a}${j}`);
      lines.push(`  v128.store(dst + ${i * m + j} * dstStride, ${combination(coefficients, column, true)});`);
    }
  });
  lines.push('}');
  return lines.join('\n');
}

/**
 * dw = Gᵀ dU G for one filter pair, dU[ξ] the sum of the four lanes of the
 * vector at src + ξ·srcStride (the filter gradient's per-lane sums), dw[p][q]
 * at dst + p·rowStride + 4q: along dU's rows into locals, then down the columns.
 * `summed`: dU[ξ] is the float at src + ξ·srcStride, its lanes already added.
 */
function filterGradientTileFunction(name, G, summed) {
  const alpha = G.length;
  const r = G[0].length;
  const GT = transpose(G);
  const family = summed ? 'filterGradientSummedTileTransform' : 'filterGradientTileTransform';
  const source = summed ? 'the float at src + ξ·srcStride' : 'the lane sum of the vector at src + ξ·srcStride';
  const lines = [
    `/** dw = Gᵀ dU G (${r}×${r}), dU[ξ] ${source}; dw[p][q] at dst + p·rowStride + 4q. */`,
    `export function ${family}${name}(src: usize, srcStride: usize, dst: usize, rowStride: usize): void {`,
  ];
  for (let i = 0; i < alpha; i++) {
    for (let j = 0; j < alpha; j++) {
      const at = `src + ${i * alpha + j} * srcStride`;
      lines.push(`  const d${i}${j} = ${summed ? `load<f32>(${at})` : `sumLanes(v128.load(${at}))`};`);
    }
  }
  for (let i = 0; i < alpha; i++) {
    const row = Array.from({ length: alpha }, (_, j) => `d${i}${j}`);
    GT.forEach((coefficients, q) => lines.push(`  const t${i}${q} = ${combination(coefficients, row, false)};`));
  }
  GT.forEach((coefficients, p) => {
    for (let q = 0; q < r; q++) {
      const column = Array.from({ length: alpha }, (_, i) => `t${i}${q}`);
      lines.push(`  store<f32>(dst + ${p} * rowStride + ${4 * q}, ${combination(coefficients, column, false)});`);
    }
  });
  lines.push('}');
  return lines.join('\n');
}

/**
 * filterGradientTileFunction for four consecutive channel pairs at once, one
 * pair a lane: pair k's sums are the vectors at src + 16k + ξ·srcStride, its
 * dw at dst + k·filterBytes. The lane sums come from a 4×4 transpose in the
 * same order as sumLanes ((l0 + l1) + (l2 + l3)), and the transform then runs
 * on vectors: a quarter of the instructions of four scalar calls, which
 * mattered on small maps, where this reduction is a fixed cost of every call.
 * `summed`: the dot products already added up their lanes (a call with one
 * group of images, winogradDotTile's dotProductSums), so dU[ξ] is one float a pair
 * and four pairs are one vector load, with the same sums to the bit.
 */
function filterGradientQuadFunction(name, G, summed) {
  const alpha = G.length;
  const r = G[0].length;
  const GT = transpose(G);
  const lines = summed
    ? [
      `/** dw = Gᵀ dU G (${r}×${r}) for four channel pairs, one a lane: pair k's dU[ξ] the float at src + 4k + ξ·srcStride, its dw[p][q] at dst + k·filterBytes + p·rowStride + 4q. */`,
      `export function filterGradientSummedQuadTransform${name}(src: usize, srcStride: usize, dst: usize, rowStride: usize, filterBytes: usize): void {`,
    ]
    : [
      `/** dw = Gᵀ dU G (${r}×${r}) for four channel pairs, one a lane: pair k's dU[ξ] the lane sum of the vector at src + 16k + ξ·srcStride, its dw[p][q] at dst + k·filterBytes + p·rowStride + 4q. */`,
      `export function filterGradientQuadTransform${name}(src: usize, srcStride: usize, dst: usize, rowStride: usize, filterBytes: usize): void {`,
    ];
  for (let i = 0; i < alpha; i++) {
    for (let j = 0; j < alpha; j++) {
      const at = `src + ${i * alpha + j} * srcStride`;
      if (summed) {
        lines.push(`  const d${i}${j} = v128.load(${at});`);
        continue;
      }
      lines.push(`  const e${i}${j}a = v128.load(${at});`);
      lines.push(`  const e${i}${j}b = v128.load(${at}, 16);`);
      lines.push(`  const e${i}${j}c = v128.load(${at}, 32);`);
      lines.push(`  const e${i}${j}d = v128.load(${at}, 48);`);
      lines.push(`  const e${i}${j}ab = f32x4.add(v128.shuffle<f32>(e${i}${j}a, e${i}${j}b, 0, 4, 2, 6), v128.shuffle<f32>(e${i}${j}a, e${i}${j}b, 1, 5, 3, 7));`);
      lines.push(`  const e${i}${j}cd = f32x4.add(v128.shuffle<f32>(e${i}${j}c, e${i}${j}d, 0, 4, 2, 6), v128.shuffle<f32>(e${i}${j}c, e${i}${j}d, 1, 5, 3, 7));`);
      lines.push(`  const d${i}${j} = f32x4.add(v128.shuffle<f32>(e${i}${j}ab, e${i}${j}cd, 0, 1, 4, 5), v128.shuffle<f32>(e${i}${j}ab, e${i}${j}cd, 2, 3, 6, 7));`);
    }
  }
  for (let i = 0; i < alpha; i++) {
    const row = Array.from({ length: alpha }, (_, j) => `d${i}${j}`);
    GT.forEach((coefficients, q) => lines.push(`  const t${i}${q} = ${combination(coefficients, row, true)};`));
  }
  GT.forEach((coefficients, p) => {
    for (let q = 0; q < r; q++) {
      const column = Array.from({ length: alpha }, (_, i) => `t${i}${q}`);
      lines.push(`  const w${p}${q} = ${combination(coefficients, column, true)};`);
      for (let k = 0; k < 4; k++) {
        lines.push(`  store<f32>(dst + ${k} * filterBytes + ${p} * rowStride + ${4 * q}, f32x4.extract_lane(w${p}${q}, ${k}));`);
      }
    }
  });
  lines.push('}');
  return lines.join('\n');
}

export function generate() {
  const parts = [
    '// Generated by workers/wasm/generateWinograd.mjs. Do not edit.',
    '// Winograd F(m, r) transforms as straight-line code: each function reads',
    '// `src` values `srcStride` bytes apart and writes `dst` values `dstStride`',
    '// bytes apart, dst = M · src for one of the matrices Bᵀ, Aᵀ, A, G, Gᵀ.',
    '',
    "import { multiplyAdd, sumLanes } from './multiplyAdd';",
  ];
  for (const variant of VARIANTS) {
    checkVariant(variant);
    const { alpha, AT, G, BT } = winogradMatrices(variant);
    const { name, m, r } = variant;
    parts.push('', `// ${name}: α = ${alpha}, points ${variant.points.join(', ')}, ∞.`);
    if ((m !== 2 && m !== 4) || alpha > 6) throw new Error(`${name}: the row gathers are written for 2×2 and 4×4 tiles and α ≤ 6`);
    parts.push(inputRowFunction(name, m, BT));
    parts.push(inputBlockRowFunction(name, m, BT));
    parts.push(applyFunction(`inputTransform${name}`, `Bᵀ (${alpha}×${alpha}) on ${alpha} vectors: the input tile transform along one axis.`, BT));
    parts.push(outputTileFunction(name, AT));
    parts.push(gradientTileFunction(name, transpose(AT)));
    parts.push(gradientBlockFunction(name, transpose(AT)));
    parts.push(applyFunction(`gradientTransform${name}`, `A (${alpha}×${m}) on ${m} vectors: the output-gradient tile transform along one axis (winogradImageLanes.ts).`, transpose(AT)));
    parts.push(filterTileFunction(name, G));
    parts.push(filterGradientTileFunction(name, G, false));
    parts.push(filterGradientQuadFunction(name, G, false));
    parts.push(filterGradientTileFunction(name, G, true));
    parts.push(filterGradientQuadFunction(name, G, true));
  }
  const apply = [['src', 'usize'], ['srcStride', 'usize'], ['dst', 'usize'], ['dstStride', 'usize']];
  const row = [['row', 'usize'], ['dst', 'usize'], ['dstStride', 'usize']];
  const blockRow = [['upper', 'usize'], ['lower', 'usize'], ['dst', 'usize'], ['dstStride', 'usize']];
  const gradientTile = [['tile', 'usize'], ['rowBytes', 'usize'], ['dst', 'usize'], ['dstStride', 'usize']];
  const filterTile = [['src', 'usize'], ['rowStride', 'isize'], ['columnStride', 'isize'], ['dst', 'usize'], ['dstStride', 'usize']];
  const filterGradientTile = [['src', 'usize'], ['srcStride', 'usize'], ['dst', 'usize'], ['rowStride', 'usize']];
  const filterGradientQuad = [...filterGradientTile, ['filterBytes', 'usize']];
  parts.push('', `// By filter size and tile side (${VARIANTS.map((v) => `${v.r}, ${v.m}`).join('; ')}); the last variant takes any other pair.`);
  for (const [name, params] of [
    ['inputRowTransform', row], ['inputBlockRowTransform', blockRow], ['inputTransform', apply], ['outputTileTransform', apply],
    ['gradientTileTransform', gradientTile], ['gradientBlockTransform', gradientTile], ['gradientTransform', apply],
    ['filterTileTransform', filterTile], ['filterGradientTileTransform', filterGradientTile], ['filterGradientQuadTransform', filterGradientQuad],
    ['filterGradientSummedTileTransform', filterGradientTile], ['filterGradientSummedQuadTransform', filterGradientQuad],
  ]) parts.push(dispatchFunction(name, params));
  return parts.join('\n') + '\n';
}

export const outputPath = join(dirname(fileURLToPath(import.meta.url)), 'assembly', 'winogradTransforms.ts');

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(outputPath, generate());
  console.log(`wrote ${outputPath}`);
}
