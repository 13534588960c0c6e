// The work on one chunk of images, shared by the single-thread executor and
// every pool worker so both paths run exactly the same arithmetic: normalise
// (and, training, augment) the chunk's bytes, forward, loss, backward
// (training) or forward and predictions (evaluation, averaged over the
// mirrored and, for the test, moved views under test-time flip and shift).

import { normalizeAugmentedBatch, type BatchPlace } from '../../common/augmentation/augmentImage.js';
import { augmentationSeed } from '../../common/augmentation/draw.js';
import type { ArchitectureSpec } from '../../common/arch/spec.js';
import { gatherLabels, normalizeBatch } from '../../common/imageBatch.js';
import type { AugmentationSettings, Hyperparameters } from '../../common/runs.js';
import { augments, recipeOf } from '../../common/training/recipe.js';
import type { FloatArray, KernelBackend } from '../kernels/backend.js';
import { buildNetwork, type Network } from '../network.js';
import { CHUNK_SIZE } from './chunks.js';
import type { TrainingStep } from './executor.js';
import { TestTimeAugmentation } from './testTimeAugmentation.js';
import type { SharedImageSet } from './protocol.js';

/** The parts of a run's recipe that act inside a chunk. */
export interface ChunkRecipe {
  augmentation: AugmentationSettings;
  labelSmoothing: number;
  testTimeFlip: boolean;
  /** Pixels the test's extra views are moved (0: none); validation never moves them. */
  testTimeShift: number;
}

export function chunkRecipe(h: Hyperparameters): ChunkRecipe {
  const { augmentation, labelSmoothing, testTimeFlip, testTimeShift } = recipeOf(h);
  return { augmentation, labelSmoothing, testTimeFlip, testTimeShift };
}

export interface ChunkResult {
  lossSum: number;
  correct: number;
}

export interface ChunkComputerOptions {
  architecture: ArchitectureSpec;
  backend: KernelBackend;
  numClasses: number;
  seed: number;
  /** Normalisation lookup table (see common/imageBatch.ts). */
  normalization: Float32Array;
  /** Shared weights to use (a pool worker); absent: the network allocates and initialises its own. */
  paramValues?: FloatArray;
  recipe: ChunkRecipe;
}

export class ChunkComputer {
  readonly net: Network;
  private readonly input: FloatArray;
  private readonly labels = new Int32Array(CHUNK_SIZE);
  private readonly augmenting: boolean;
  private readonly augmentationSeed: number;
  private readonly testTime: TestTimeAugmentation | null;
  private weightsVersion = 0;

  constructor(private readonly options: ChunkComputerOptions) {
    const { architecture, backend, numClasses, seed, paramValues, recipe } = options;
    this.net = buildNetwork(architecture, { backend, maxBatch: CHUNK_SIZE, seed, numClasses, paramValues });
    this.input = backend.createBuffer(CHUNK_SIZE * this.net.inputSize);
    this.augmenting = augments(recipe.augmentation);
    this.augmentationSeed = augmentationSeed(seed);
    // The shifted test views fill their border as the training crops did.
    const reflect = recipe.augmentation.cropPaddingMode === 'reflect';
    this.testTime = recipe.testTimeFlip || recipe.testTimeShift > 0 ? new TestTimeAugmentation(this.net, architecture.input, numClasses, recipe.testTimeFlip, reflect) : null;
  }

  /**
   * Call before each batch or evaluation: the weights may have changed since
   * the last (an optimizer step, a weight average swapped in). Until the next
   * call, the chunks computed here share what layers derive from the weights.
   */
  weightsMayHaveChanged(): void {
    this.net.weightsVersion = ++this.weightsVersion;
  }

  /**
   * Forward and backward for images order[start .. start+count), the chunk at
   * `firstSample` of a batch of `batchSize`: leaves this chunk's share of the
   * batch-mean gradient in net.paramGrads.
   */
  train(set: SharedImageSet, order: ArrayLike<number>, start: number, count: number, at: TrainingStep, firstSample: number, batchSize: number): ChunkResult {
    const { step, epoch } = at;
    this.load(set, order, start, count, this.augmenting ? { seed: this.augmentationSeed, step, epoch, firstSample } : undefined);
    this.net.forward(this.input, count, true, { step, firstSample, batchSize });
    const result = this.net.lossAndGradient(this.labels, count, 1 / batchSize, this.options.recipe.labelSmoothing);
    this.net.backward();
    return { lossSum: result.lossSum, correct: result.correct };
  }

  /**
   * Inference on images order[start .. start+count); calls `onImage` with each
   * image's probabilities (valid during the call). `isTest`: the run's final
   * test, the one evaluation the test-time shift applies to.
   */
  evaluate(
    set: SharedImageSet,
    order: ArrayLike<number>,
    start: number,
    count: number,
    onImage: (offset: number, label: number, predicted: number, probabilities: FloatArray) => void,
    isTest = false,
  ): ChunkResult {
    const classes = this.options.numClasses;
    const { testTimeFlip, testTimeShift } = this.options.recipe;
    const shift = isTest ? testTimeShift : 0;
    this.load(set, order, start, count);
    if (this.testTime && (testTimeFlip || shift > 0)) return this.testTime.evaluate(this.input, this.labels, count, onImage, shift);
    const logits = this.net.forward(this.input, count, false);
    const result = this.net.lossAndGradient(this.labels, count);
    const probabilities = this.net.probabilities();
    for (let n = 0; n < count; n++) {
      let best = 0;
      for (let c = 1; c < classes; c++) if (logits[n * classes + c] > logits[n * classes + best]) best = c;
      onImage(n, this.labels[n], best, probabilities.subarray(n * classes, (n + 1) * classes));
    }
    return { lossSum: result.lossSum, correct: result.correct };
  }

  /** The chunk's images as network input, augmented as drawn for their place in the batch when one is given. */
  private load(set: SharedImageSet, order: ArrayLike<number>, start: number, count: number, augmentAt?: BatchPlace): void {
    const { architecture, normalization, recipe } = this.options;
    const input = this.input as Float32Array;
    if (augmentAt) normalizeAugmentedBatch(set.images, architecture.input, order, start, count, normalization, recipe.augmentation, augmentAt, input);
    else normalizeBatch(set.images, this.net.inputSize, order, start, count, normalization, input);
    gatherLabels(set.labels, order, start, count, this.labels);
  }
}
