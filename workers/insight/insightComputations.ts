// What the insight worker does with each request, free of the worker
// plumbing so it can be tested in-process. The network of the last image job
// is kept: looking at several images of one run rebuilds nothing.

import { computeChannelStats } from '../../common/imageBatch.js';
import type { FilterBank } from '../../common/runs.js';
import { createFastBackend } from '../kernels/fast/fastBackend.js';
import { availableKernelBuilds } from '../kernels/fast/kernelModule.js';
import { createReferenceBackend } from '../kernels/reference/index.js';
import { buildNetwork, type Network } from '../network.js';
import { extractFeatureMaps } from './featureMaps.js';
import { checkArchitectureGradients } from './gradientBadge.js';
import { buildInspectionNetwork, normalizedImage } from './inspectionNetwork.js';
import { defaultOcclusion, occlusionMap } from './occlusion.js';
import type { FeatureMapsResult, ImageJob, InsightRequest, InsightResults, SaliencyResult } from './protocol.js';
import { classSaliency } from './saliency.js';

/** Occlusion patches per forward pass. */
const OCCLUSION_BATCH = 16;
/** Enough for the presets' activations at OCCLUSION_BATCH images with their gradients and the kernels' scratch. */
const MEMORY_BYTES = 192 * 1024 * 1024;

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) if (values[k] > values[best]) best = k;
  return best;
}

export class InsightComputer {
  private cached: { key: string; net: Network } | null = null;

  private network(job: ImageJob): Network {
    if (this.cached?.key !== job.weightsKey) {
      this.cached = null;
      // A fresh kernel memory per network: its arena never frees, and the old one goes with the old network.
      const backend = availableKernelBuilds().length > 0 ? createFastBackend({ memoryBytes: MEMORY_BYTES }) : createReferenceBackend('float32');
      const net = buildInspectionNetwork({ architecture: job.architecture, numClasses: job.numClasses, weights: job.weights, backend, maxBatch: OCCLUSION_BATCH });
      this.cached = { key: job.weightsKey, net };
    }
    return this.cached.net;
  }

  private forward(job: ImageJob) {
    const net = this.network(job);
    const x = normalizedImage(job.pixels, job.stats, net.options.backend);
    net.forward(x, 1, false);
    const probabilities = Array.from(net.probabilities());
    return { net, x, probabilities, predictedLabel: argmax(probabilities) };
  }

  featureMaps(job: ImageJob): FeatureMapsResult {
    const { net, probabilities, predictedLabel } = this.forward(job);
    return { probabilities, predictedLabel, layers: extractFeatureMaps(net) };
  }

  saliency(job: ImageJob): SaliencyResult {
    const { net, x, probabilities, predictedLabel } = this.forward(job);
    const { height, width } = job.architecture.input;
    return {
      probabilities,
      predictedLabel,
      predicted: classSaliency(net, x, predictedLabel),
      truth: classSaliency(net, x, job.trueLabel),
      occlusion: occlusionMap(net, x, job.trueLabel, defaultOcclusion(height, width)),
    };
  }

  /** The result for the request's kind (InsightResults names each one's type). */
  handle(request: InsightRequest): InsightResults[keyof InsightResults] {
    switch (request.kind) {
      case 'featureMaps':
        return this.featureMaps(request.job);
      case 'saliency':
        return this.saliency(request.job);
      case 'channelStats':
        return computeChannelStats({ images: request.images, count: request.imageCount, labels: new Uint8Array(0) }, request.channels, request.indices);
      case 'initialFilters':
        return initialFilters(request.architecture, request.numClasses, request.seed);
      case 'gradientCheck':
        return checkArchitectureGradients(request.request);
    }
  }
}

/** The first convolution's filters as training starts: the same seeded initialisation the run drew. */
export function initialFilters(architecture: ImageJob['architecture'], numClasses: number, seed: number): FilterBank | null {
  if (architecture.layers[0]?.type !== 'conv2d') return null;
  const net = buildNetwork(architecture, { backend: createReferenceBackend('float32'), maxBatch: 1, seed, numClasses });
  const weights = net.layers[0].params().find((param) => param.name === 'weights');
  if (!weights) return null;
  const [count, channels, height, width] = weights.shape;
  return { count, channels, height, width, values: Array.from(weights.value) };
}
