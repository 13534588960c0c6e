// A trained network rebuilt for looking inside: the run's weights, evaluation
// mode, and every layer writing its own output. Training fuses a convolution
// or a batch norm with the ReLU after it (the layer then never writes its own
// output); here each layer's activations are the point, so the fused kernels
// are hidden.

import { normalizationTable, normalizeBatch, type ChannelStats } from '../../common/imageBatch.js';
import type { ArchitectureSpec } from '../../common/arch/spec.js';
import { withoutFusedKernels, type FloatArray, type KernelBackend } from '../kernels/backend.js';
import { buildNetwork, type Network } from '../network.js';

export interface InspectionNetworkOptions {
  architecture: ArchitectureSpec;
  numClasses: number;
  weights: ArrayLike<number>;
  backend: KernelBackend;
  /** Images one forward call may take (occlusion runs many patches at once). */
  maxBatch: number;
}

export function buildInspectionNetwork(options: InspectionNetworkOptions): Network {
  const { architecture, numClasses, weights, backend, maxBatch } = options;
  const net = buildNetwork(architecture, { backend: withoutFusedKernels(backend), maxBatch, seed: 1, numClasses });
  net.setWeights(weights);
  return net;
}

/** One test image (uint8 CHW) as the network saw it in training: normalised with the training split's channel statistics. */
export function normalizedImage(pixels: Uint8Array, stats: ChannelStats, backend: KernelBackend): FloatArray {
  const out = new Float32Array(pixels.length);
  normalizeBatch(pixels, pixels.length, [0], 0, 1, normalizationTable(stats), out);
  const buffer = backend.createBuffer(pixels.length);
  buffer.set(out);
  return buffer;
}
