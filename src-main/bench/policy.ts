// How long the bench looks at each engine. Engines differ by three orders of
// magnitude (TensorFlow.js cpu trains a handful of images a second), so a
// measurement is sized in time, not steps: each engine runs as many whole
// batches as take about MEASUREMENT_SECONDS, fixed after its warm-up and kept
// for every round. An engine whose single step is slower than that budget
// many times over is measured with one step, in the first round only, so the
// whole bench stays within about ten minutes on a 2-core machine.

import type { WarmupPolicy } from './protocol.js';

export const BENCH_BATCH_SIZE = 64;
export const BENCH_SEED = 1;
export const DEFAULT_ROUNDS = 3;

export const MEASUREMENT_SECONDS = 2;
/** A measurement stops early past this (the engine slowed down after its warm-up); its rate stays honest. */
export const MAX_MEASUREMENT_SECONDS = 4 * MEASUREMENT_SECONDS;
export const MAX_STEPS_PER_MEASUREMENT = 1000;

export const WARMUP: WarmupPolicy = { seconds: 1, minSteps: 3, slowStepSeconds: 5 };

/** Slower steps than WARMUP.slowStepSeconds: warmed up by their first step, measured once. */
export function isSlowEngine(secondsPerStep: number): boolean {
  return secondsPerStep > WARMUP.slowStepSeconds;
}

/** Whole steps in one measurement: `fixed` when the user asked for it, else about MEASUREMENT_SECONDS' worth. */
export function stepsPerMeasurement(secondsPerStep: number, fixed: number | null): number {
  if (fixed !== null) return fixed;
  if (!(secondsPerStep > 0)) return MAX_STEPS_PER_MEASUREMENT;
  return Math.min(MAX_STEPS_PER_MEASUREMENT, Math.max(1, Math.round(MEASUREMENT_SECONDS / secondsPerStep)));
}

/** The early stop of a measurement: none when the user fixed the steps. */
export function measurementTimeLimit(fixedSteps: number | null): number {
  return fixedSteps === null ? MAX_MEASUREMENT_SECONDS : Number.MAX_SAFE_INTEGER;
}

/** Untimed steps before a measurement: one brings back what another engine evicted from the caches; a slow engine's step is warm enough. */
export function rewarmSteps(secondsPerStep: number): number {
  return isSlowEngine(secondsPerStep) ? 0 : 1;
}

/** Rounds an engine takes part in: all of them, or only the first when it is slow. */
export function measuredInRound(round: number, secondsPerStep: number): boolean {
  return round === 1 || !isSlowEngine(secondsPerStep);
}

/**
 * Quiet time before each measurement. PyTorch's OpenMP threads keep spinning
 * for a while after their last step; without a pause they steal a core from
 * whichever engine is measured next (seen here: cnn-workbench ×2 at 1.45× of
 * ×1 in the full bench, 1.70× alone).
 */
export const SETTLE_MILLISECONDS = 750;

/**
 * TensorFlow.js's cpu backend computes about 50 MFLOP/s here (2 images/s on
 * cifar-baseline): one training step of a net much larger than the report's
 * would take minutes, so it sits those nets out, with a note.
 */
export const TFJS_CPU_MAX_FLOPS_PER_IMAGE = 20e6;

export function sitsOut(engine: string, forwardFlopsPerImage: number): boolean {
  return engine === 'tfjs-cpu' && forwardFlopsPerImage > TFJS_CPU_MAX_FLOPS_PER_IMAGE;
}
