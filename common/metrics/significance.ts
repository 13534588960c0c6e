// Is one run really better than another, and how sure is a test accuracy?
//
// McNemar's exact test looks only at the test images the two runs disagree
// on: b = images A gets right and B wrong, c = the reverse. Under "equally
// good" each disagreement is a fair coin, so min(b, c) follows Binomial(b+c,
// ½) and the two-sided p-value is 2·P(X ≤ min(b, c)), capped at 1 (what R's
// binom.test(b, b + c) and statsmodels' mcnemar(exact=True) report). The sum
// runs in log space so thousands of disagreements neither overflow nor round
// to 0 too early.
//
// The bootstrap interval resamples the test set with replacement. Only
// right/wrong matters for accuracy, so a resample's number of correct images
// is one draw from Binomial(n, accuracy): drawn by inverting its CDF, which is
// exactly the resampling distribution at a cost of one binary search per draw.

import { SeededRandom } from '../random.js';

export interface McNemarResult {
  /** Test images A classifies correctly and B does not. */
  onlyA: number;
  /** Test images B classifies correctly and A does not. */
  onlyB: number;
  pValue: number;
}

function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number ≥ 0, got ${value}`);
}

/** ln(n!) by summing logs (n stays in the tens of thousands here), cached per n. */
const logFactorials: number[] = [0];
function logFactorial(n: number): number {
  for (let k = logFactorials.length; k <= n; k++) logFactorials[k] = logFactorials[k - 1] + Math.log(k);
  return logFactorials[n];
}

function logBinomial(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

export function mcnemarExact(onlyA: number, onlyB: number): McNemarResult {
  checkCount('onlyA', onlyA);
  checkCount('onlyB', onlyB);
  const n = onlyA + onlyB;
  const k = Math.min(onlyA, onlyB);
  if (n === 0 || onlyA === onlyB) return { onlyA, onlyB, pValue: 1 };
  // log Σ_{i≤k} C(n, i) − n·ln 2, summed from the largest term down for accuracy.
  const largest = logBinomial(n, k);
  let sum = 0;
  for (let i = k; i >= 0; i--) {
    const term = Math.exp(logBinomial(n, i) - largest);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  const pValue = Math.min(1, 2 * Math.exp(largest + Math.log(sum) - n * Math.LN2));
  return { onlyA, onlyB, pValue };
}

/** A plain sentence for people: which run is better and how sure, or that the data cannot tell. */
export function describeMcnemar(result: McNemarResult, nameA: string, nameB: string, alpha = 0.05): string {
  const p = pValueText(result.pValue);
  if (result.onlyA + result.onlyB === 0) return `${nameA} and ${nameB} classify every test image the same way: no difference.`;
  if (result.pValue >= alpha) {
    return `No significant difference (${p}): ${nameA} alone gets ${result.onlyA} images right, ${nameB} alone ${result.onlyB}.`;
  }
  const better = result.onlyB > result.onlyA ? nameB : nameA;
  return `${better} is better, ${p} (${nameA} alone right on ${result.onlyA} images, ${nameB} alone on ${result.onlyB}).`;
}

/** "p = 0.0031", or "p < 0.0001" when it is that small. */
export function pValueText(p: number): string {
  const text = formatPValue(p);
  return text.startsWith('<') ? `p ${text}` : `p = ${text}`;
}

/** Two significant digits, or "< 0.0001" below that. */
export function formatPValue(p: number): string {
  if (p < 1e-4) return '< 0.0001';
  if (p >= 0.1) return p.toFixed(2);
  return p.toPrecision(2);
}

export interface BootstrapInterval {
  accuracy: number;
  low: number;
  high: number;
  /** e.g. 0.95. */
  confidence: number;
  resamples: number;
}

export interface BootstrapOptions {
  confidence?: number;
  resamples?: number;
  seed?: number;
}

/** P(X ≤ k) for X ~ Binomial(n, p), k = 0..n. */
function binomialCdf(n: number, p: number): Float64Array {
  const cdf = new Float64Array(n + 1);
  if (p <= 0) return cdf.fill(1);
  if (p >= 1) {
    cdf[n] = 1;
    return cdf;
  }
  const [logP, logQ] = [Math.log(p), Math.log1p(-p)];
  let total = 0;
  for (let k = 0; k <= n; k++) {
    total += Math.exp(logBinomial(n, k) + k * logP + (n - k) * logQ);
    cdf[k] = total;
  }
  for (let k = 0; k <= n; k++) cdf[k] /= total;
  return cdf;
}

/** The smallest k with cdf[k] ≥ u. */
function inverseCdf(cdf: Float64Array, u: number): number {
  let [low, high] = [0, cdf.length - 1];
  while (low < high) {
    const mid = (low + high) >> 1;
    if (cdf[mid] >= u) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** Percentile bootstrap interval of the accuracy correct/total; seeded, so the same inputs give the same interval. */
export function bootstrapAccuracyInterval(correct: number, total: number, options: BootstrapOptions = {}): BootstrapInterval {
  const { confidence = 0.95, resamples = 2000, seed = 1 } = options;
  checkCount('correct', correct);
  checkCount('total', total);
  if (total === 0 || correct > total) throw new RangeError(`need 0 ≤ correct ≤ total and total > 0, got ${correct} of ${total}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be between 0 and 1, got ${confidence}`);
  if (!Number.isSafeInteger(resamples) || resamples < 10) throw new RangeError(`resamples must be a whole number ≥ 10, got ${resamples}`);
  const cdf = binomialCdf(total, correct / total);
  const random = new SeededRandom(seed);
  const draws = Float64Array.from({ length: resamples }, () => inverseCdf(cdf, random.next()) / total).sort();
  const tail = (1 - confidence) / 2;
  const at = (q: number) => draws[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))];
  return { accuracy: correct / total, low: at(tail), high: at(1 - tail), confidence, resamples };
}
