// Gradient checks of whole networks end to end: mean cross-entropy of a small
// random batch, backpropagated by the network, against finite differences
// for parameters and input pixels. A perturbation of layer k's parameters
// only changes layers k and above, so each loss evaluation reruns from k.

import { isTrained } from '../../common/arch/layerDefinition.js';
import { inferShapes } from '../../common/arch/shapes.js';
import type { ArchitectureSpec, LayerSpec } from '../../common/arch/spec.js';
import { SeededRandom } from '../../common/random.js';
import { referenceBackend } from '../kernels/reference/index.js';
import type { ForwardPass } from '../layers/layer.js';
import { buildNetwork, type Network } from '../network.js';
import { ActivationPattern } from './activationPattern.js';
import { allCoordinates, checkTensor, type GradientCheck } from './finiteDifference.js';

export interface NetworkCheckOptions {
  /** Label prefix of the checks, e.g. `mnist-baseline`. */
  label: string;
  batch: number;
  numClasses: number;
  seed: number;
  /** Coordinates per tensor, drawn among those with a non-zero gradient; all when omitted. */
  sample?: number;
}

/** The reduced input's side starts here and doubles until every batch norm has enough values (below). */
const REDUCED_SIDE = 8;
/**
 * Batch norm over fewer values per channel than this (batch 2 × height ×
 * width) is degenerate: over 2 values its outputs are ±1 whatever the input,
 * the true gradients vanish, and the check compares rounding noise.
 */
const MIN_NORMALISED_VALUES = 8;
const REDUCED_BATCH = 2;

/**
 * The same layer types on a small input (8×8, or the next doubling that the
 * network's windows fit and that leaves no batch norm with 1×1 maps: a head
 * pooling a fixed 4×4 window needs the full 32×32) with at most 3 filters and
 * 4 hidden units: small enough to check every coordinate in about a second.
 */
export function reducedArchitecture(spec: ArchitectureSpec, numClasses: number): ArchitectureSpec {
  const lastDense = spec.layers.map((layer) => layer.type).lastIndexOf('dense');
  const layers = spec.layers.map((layer, index): LayerSpec => {
    if (layer.type === 'conv2d') return { ...layer, filters: Math.min(layer.filters, 3) };
    if (layer.type === 'dense' && index !== lastDense) return { ...layer, units: Math.min(layer.units, 4) };
    return layer;
  });
  const largest = Math.max(REDUCED_SIDE, Math.min(spec.input.height, spec.input.width));
  let reduced: ArchitectureSpec | null = null;
  let firstError: string | null = null;
  for (let side = REDUCED_SIDE; side <= largest; side *= 2) {
    const candidate: ArchitectureSpec = { ...spec, name: `${spec.name} (reduced)`, input: { ...spec.input, height: side, width: side }, layers };
    const { layers: shapes, errors } = inferShapes(candidate, { numClasses });
    if (errors.length > 0) {
      firstError ??= errors[0].message;
      continue;
    }
    reduced = candidate;
    const degenerate = shapes.some(
      (shape) => shape.type === 'batchNorm' && shape.inShape.kind === 'map' && REDUCED_BATCH * shape.inShape.height * shape.inShape.width < MIN_NORMALISED_VALUES,
    );
    if (!degenerate) break;
  }
  if (!reduced) throw new Error(`cannot reduce ${spec.name} for gradient checks: ${firstError}`);
  return reduced;
}

/**
 * A sampled check draws up to this many times the coordinates it wants: in a
 * full-size network a step often flips some max-pool window or ReLU somewhere,
 * and such coordinates are skipped, so it goes on drawing until enough compared.
 */
const DRAWS_PER_WANTED_COORDINATE = 8;

function sampleCoordinates(analytic: ArrayLike<number>, count: number | undefined, random: SeededRandom): number[] {
  const all = allCoordinates(analytic.length);
  if (count === undefined) return all;
  const informative = all.filter((k) => analytic[k] !== 0);
  return random.shuffle(informative.length > 0 ? informative : all).slice(0, count * DRAWS_PER_WANTED_COORDINATE);
}

export function checkNetwork(spec: ArchitectureSpec, options: NetworkCheckOptions): GradientCheck[] {
  const { batch, numClasses } = options;
  const random = new SeededRandom(options.seed);
  const backend = referenceBackend;
  const net = buildNetwork(spec, { backend, maxBatch: batch, seed: options.seed, numClasses });
  const x = backend.createBuffer(batch * net.inputSize);
  for (let k = 0; k < x.length; k++) x[k] = random.nextNormal();
  const labels = Int32Array.from({ length: batch }, () => random.nextInt(numClasses));
  const position = { step: 0, firstSample: 0, batchSize: batch };
  const scratch = new Float64Array(batch * numClasses);

  net.forward(x, batch, true, position);
  net.lossAndGradient(labels, batch);
  const inputGrad = new Float64Array(x.length);
  net.backward(inputGrad);
  const pattern = new ActivationPattern(net.layers, batch);

  const lossFrom = (first: number) => lossFromLayer(net, first, x, labels, scratch, { batch, training: true, ...position });
  const checks: GradientCheck[] = [];
  // From the top layer down, so that every evaluation starting at layer k
  // finds the layers below k exactly as the unperturbed forward left them.
  for (let k = net.layers.length - 1; k >= 0; k--) {
    // Batch norm's running statistics are not differentiated (their grads carry batch statistics), nor are fixed tensors.
    for (const param of net.layers[k].params().filter(isTrained)) {
      const analytic = param.grad.slice();
      checks.push(
        checkTensor({
          layer: `${options.label}/${net.layers[k].name}`,
          param: param.name,
          values: param.value,
          analytic,
          coordinates: sampleCoordinates(analytic, options.sample, random),
          enough: options.sample,
          evaluate: () => lossFrom(k),
          samePattern: () => pattern.matches(k),
        }),
      );
    }
  }
  checks.push(
    checkTensor({
      layer: `${options.label}/input`,
      param: 'input',
      values: x,
      analytic: inputGrad,
      coordinates: sampleCoordinates(inputGrad, options.sample, random),
      enough: options.sample,
      evaluate: () => lossFrom(0),
      samePattern: () => pattern.matches(0),
    }),
  );
  return checks;
}

function lossFromLayer(
  net: Network,
  first: number,
  x: Float64Array | Float32Array,
  labels: Int32Array,
  scratch: Float64Array,
  pass: ForwardPass,
): number {
  for (let i = first; i < net.layers.length; i++) net.layers[i].forward(i === 0 ? x : net.layers[i - 1].output, pass);
  net.head.forward(net.layers[net.layers.length - 1].output, pass.batch);
  return net.head.lossAndGradient(labels, 1 / pass.batch, scratch).loss;
}
