// What a checkpoint keeps besides the weights, as the one Float32Array the
// run store holds for it: the optimizer's state (stateCodec.ts), then, when
// the run averages its weights, the average ([updates, values…],
// net.paramCount values), then, with Lookahead, its slow copy (net.paramCount
// values; its step count is the checkpoint's epoch's). Runs without either
// store exactly what they always did, so older checkpoints read unchanged.

import type { Hyperparameters } from '../../common/runs.js';
import type { Optimizer } from '../optim/optimizer.js';
import { decodeOptimizerState, encodeOptimizerState } from '../optim/stateCodec.js';
import type { Network } from '../network.js';
import type { Lookahead } from './lookahead.js';
import type { WeightAverage } from './weightAverage.js';

export function encodeTrainingState(optimizer: Optimizer, average: WeightAverage | null, lookahead: Lookahead | null = null): Float32Array {
  const parts = [encodeOptimizerState(optimizer.exportState()), average?.encode(), lookahead?.encode()].filter((part) => part !== undefined);
  if (parts.length === 1) return parts[0];
  const out = new Float32Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function restoreTrainingState(
  encoded: Float32Array,
  h: Pick<Hyperparameters, 'optimizer'>,
  net: Network,
  optimizer: Optimizer,
  average: WeightAverage | null,
  lookahead: Lookahead | null = null,
): void {
  const averageLength = average ? 1 + net.paramCount : 0;
  const lookaheadLength = lookahead ? net.paramCount : 0;
  if ((average || lookahead) && encoded.length < 1 + averageLength + lookaheadLength) {
    const kept = [average ? `a weight average of ${net.paramCount}` : '', lookahead ? `a Lookahead copy of ${net.paramCount}` : ''].filter(Boolean).join(' and ');
    throw new Error(`checkpoint: the state holds ${encoded.length} values, too few for the optimizer and ${kept}`);
  }
  const optimizerEnd = encoded.length - averageLength - lookaheadLength;
  average?.restore(encoded.subarray(optimizerEnd, optimizerEnd + averageLength));
  lookahead?.restore(encoded.subarray(optimizerEnd + averageLength));
  optimizer.importState(decodeOptimizerState(h.optimizer, encoded.subarray(0, optimizerEnd), net.trainedCount));
}
