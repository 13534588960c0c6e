// A small network with every kind of kink (ReLU, max pooling) and batch norm
// for the insight tests, on the float64 reference kernels.

import { ARCHITECTURE_FORMAT, ARCHITECTURE_VERSION, type ArchitectureSpec } from '../../common/arch/spec.js';
import { SeededRandom } from '../../common/random.js';
import { referenceBackend } from '../kernels/reference/index.js';
import { buildNetwork, type Network } from '../network.js';
import { buildInspectionNetwork } from './inspectionNetwork.js';

export const SMALL_CLASSES = 3;

export const smallArchitecture: ArchitectureSpec = {
  format: ARCHITECTURE_FORMAT,
  version: ARCHITECTURE_VERSION,
  name: 'insight fixture',
  input: { channels: 2, height: 6, width: 6 },
  layers: [
    { type: 'conv2d', filters: 3, kernelSize: 3, padding: 1 },
    { type: 'batchNorm' },
    { type: 'relu' },
    { type: 'maxPool2d', size: 2 },
    { type: 'flatten' },
    { type: 'dense', units: 5 },
    { type: 'leakyRelu', slope: 0.1 },
    { type: 'dropout', rate: 0.3 },
    { type: 'dense', units: SMALL_CLASSES },
    { type: 'softmaxCrossEntropy' },
  ],
};

/** The fixture with seeded weights (running variances positive) and a random normalised image. */
export function smallNetworkAndImage(maxBatch = 1, seed = 3, architecture = smallArchitecture): { net: Network; x: Float64Array } {
  const weights = buildNetwork(architecture, { backend: referenceBackend, maxBatch: 1, seed, numClasses: SMALL_CLASSES }).getWeights();
  const net = buildInspectionNetwork({ architecture, numClasses: SMALL_CLASSES, weights, backend: referenceBackend, maxBatch });
  const random = new SeededRandom(seed + 100);
  const x = net.options.backend.createBuffer(net.inputSize) as Float64Array;
  for (let k = 0; k < x.length; k++) x[k] = random.nextNormal();
  return { net, x };
}
