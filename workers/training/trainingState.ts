// What a checkpoint keeps besides the weights, as the one Float32Array the
// run store holds for it: the optimizer's state (stateCodec.ts) followed,
// when the run averages its weights, by the average ([updates, values…],
// net.paramCount values). Runs without an average store exactly what they
// always did, so older checkpoints read unchanged.

import type { Hyperparameters } from '../../common/runs.js';
import type { Optimizer } from '../optim/optimizer.js';
import { decodeOptimizerState, encodeOptimizerState } from '../optim/stateCodec.js';
import type { Network } from '../network.js';
import type { WeightAverage } from './weightAverage.js';

export function encodeTrainingState(optimizer: Optimizer, average: WeightAverage | null): Float32Array {
  const optimizerState = encodeOptimizerState(optimizer.exportState());
  if (!average) return optimizerState;
  const averageState = average.encode();
  const out = new Float32Array(optimizerState.length + averageState.length);
  out.set(optimizerState);
  out.set(averageState, optimizerState.length);
  return out;
}

export function restoreTrainingState(
  encoded: Float32Array,
  h: Pick<Hyperparameters, 'optimizer'>,
  net: Network,
  optimizer: Optimizer,
  average: WeightAverage | null,
): void {
  let optimizerPart = encoded;
  if (average) {
    const averageLength = 1 + net.paramCount;
    if (encoded.length < 1 + averageLength) {
      throw new Error(`checkpoint: the state holds ${encoded.length} values, too few for the optimizer and a weight average of ${net.paramCount}`);
    }
    optimizerPart = encoded.subarray(0, encoded.length - averageLength);
    average.restore(encoded.subarray(encoded.length - averageLength));
  }
  optimizer.importState(decodeOptimizerState(h.optimizer, optimizerPart, net.trainedCount));
}
