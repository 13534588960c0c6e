// Gradient checks of each layer on its own. The layer runs on the float64
// reference backend under the scalar L = Σ r ⊙ y with fixed random r, so
// ∂L/∂y = r reaches backward and every parameter and every input coordinate
// is compared with finite differences.

import { inferShapes } from '../../common/arch/shapes.js';
import { ARCHITECTURE_FORMAT, ARCHITECTURE_VERSION, shapeSize, type ArchitectureSpec, type LayerSpec, type Shape3 } from '../../common/arch/spec.js';
import { SeededRandom } from '../../common/random.js';
import { referenceBackend } from '../kernels/reference/index.js';
import { isTrained } from '../../common/arch/layerDefinition.js';
import { definitionOf } from '../../common/arch/layerRegistry.js';
import { createLayer } from '../layers/engineRegistry.js';
import type { ForwardPass, Param } from '../layers/layer.js';
import { SoftmaxCrossEntropy } from '../layers/softmaxCrossEntropy.js';
import { ActivationPattern } from './activationPattern.js';
import { allCoordinates, checkTensor, type GradientCheck } from './finiteDifference.js';

export interface LayerCase {
  label: string;
  input: Shape3;
  batch: number;
  layer: LayerSpec;
  training?: boolean;
}

export const LAYER_CASES: readonly LayerCase[] = [
  { label: 'patchWhitening 2×2', input: { channels: 2, height: 4, width: 5 }, batch: 2, layer: { type: 'patchWhitening' } },
  { label: 'patchWhitening 3×3', input: { channels: 1, height: 5, width: 4 }, batch: 2, layer: { type: 'patchWhitening', kernelSize: 3 } },
  { label: 'conv2d 3×3 stride 1 pad 0', input: { channels: 2, height: 5, width: 5 }, batch: 2, layer: { type: 'conv2d', filters: 3, kernelSize: 3 } },
  { label: 'conv2d 3×3 stride 2 pad 1', input: { channels: 2, height: 7, width: 5 }, batch: 2, layer: { type: 'conv2d', filters: 2, kernelSize: 3, stride: 2, padding: 1 } },
  { label: 'conv2d 4×4 stride 3 pad 2', input: { channels: 1, height: 9, width: 6 }, batch: 1, layer: { type: 'conv2d', filters: 2, kernelSize: 4, stride: 3, padding: 2 } },
  { label: 'conv2d 5×5 stride 1 pad 2', input: { channels: 1, height: 6, width: 6 }, batch: 1, layer: { type: 'conv2d', filters: 2, kernelSize: 5, padding: 2 } },
  { label: 'maxPool2d 2 stride 2', input: { channels: 2, height: 4, width: 6 }, batch: 2, layer: { type: 'maxPool2d', size: 2 } },
  { label: 'maxPool2d 3 stride 2 (overlapping)', input: { channels: 1, height: 7, width: 5 }, batch: 2, layer: { type: 'maxPool2d', size: 3, stride: 2 } },
  { label: 'relu', input: { channels: 2, height: 3, width: 4 }, batch: 2, layer: { type: 'relu' } },
  { label: 'flatten', input: { channels: 2, height: 3, width: 2 }, batch: 2, layer: { type: 'flatten' } },
  { label: 'dense on a vector', input: { channels: 7, height: 1, width: 1 }, batch: 3, layer: { type: 'dense', units: 4 } },
  { label: 'dense on a feature map (implicit flatten)', input: { channels: 2, height: 3, width: 2 }, batch: 2, layer: { type: 'dense', units: 3 } },
  { label: 'dropout 0.4 training', input: { channels: 2, height: 3, width: 3 }, batch: 2, layer: { type: 'dropout', rate: 0.4 }, training: true },
  { label: 'dropout 0.4 evaluation', input: { channels: 2, height: 3, width: 3 }, batch: 2, layer: { type: 'dropout', rate: 0.4 } },
  { label: 'leakyRelu 0.1', input: { channels: 2, height: 3, width: 4 }, batch: 2, layer: { type: 'leakyRelu', slope: 0.1 } },
  { label: 'avgPool2d 2 stride 2', input: { channels: 2, height: 4, width: 6 }, batch: 2, layer: { type: 'avgPool2d', size: 2 } },
  { label: 'avgPool2d 3 stride 2 (overlapping)', input: { channels: 1, height: 7, width: 5 }, batch: 2, layer: { type: 'avgPool2d', size: 3, stride: 2 } },
  { label: 'globalAvgPool', input: { channels: 3, height: 3, width: 2 }, batch: 2, layer: { type: 'globalAvgPool' } },
  { label: 'batchNorm on a feature map, training', input: { channels: 3, height: 3, width: 2 }, batch: 3, layer: { type: 'batchNorm' }, training: true },
  { label: 'batchNorm over 5 features of area 1 (as after a dense layer), training', input: { channels: 5, height: 1, width: 1 }, batch: 4, layer: { type: 'batchNorm', epsilon: 0.001 }, training: true },
  { label: 'batchNorm on a feature map, evaluation', input: { channels: 2, height: 2, width: 3 }, batch: 2, layer: { type: 'batchNorm' } },
];

function normalValues(random: SeededRandom, length: number): Float64Array {
  return Float64Array.from({ length }, () => random.nextNormal());
}

export function checkLayer(testCase: LayerCase, seed = 1): GradientCheck[] {
  const random = new SeededRandom(seed);
  const spec: ArchitectureSpec = {
    format: ARCHITECTURE_FORMAT,
    version: ARCHITECTURE_VERSION,
    name: testCase.label,
    input: testCase.input,
    layers: [testCase.layer, { type: 'softmaxCrossEntropy' }],
  };
  const shapes = inferShapes(spec);
  if (shapes.errors.length > 0) throw new Error(`gradient check "${testCase.label}": ${shapes.errors[0].message}`);
  const info = shapes.layers[0];
  const params: Param[] = definitionOf(testCase.layer).paramShapes(testCase.layer, info.inShape).map(({ name, shape, role }) => {
    const length = shape.reduce((a, b) => a * b, 1);
    // Running variances must be positive; every other tensor takes any value.
    const value = name === 'runningVariance' ? normalValues(random, length).map((v) => 0.5 + v * v) : normalValues(random, length);
    return { name, shape, role, value, grad: new Float64Array(length) };
  });
  const backend = referenceBackend;
  const layer = createLayer(testCase.layer, { backend, maxBatch: testCase.batch, info, seed }, params);
  const pass: ForwardPass = { batch: testCase.batch, training: testCase.training ?? false, step: 0, firstSample: 0, batchSize: testCase.batch };
  const x = normalValues(random, testCase.batch * shapeSize(info.inShape));
  const r = normalValues(random, testCase.batch * shapeSize(info.outShape));

  const loss = () => {
    layer.forward(x, pass);
    let sum = 0;
    for (let k = 0; k < r.length; k++) sum += r[k] * layer.output[k];
    return sum;
  };
  loss();
  const pattern = new ActivationPattern([layer], testCase.batch);
  layer.outputGrad.set(r);
  const dx = new Float64Array(x.length);
  layer.backward(dx);

  // Statistics are not differentiated (their grads carry batch statistics), nor are fixed tensors.
  const trained = params.filter(isTrained);
  const probes = [...trained.map((p) => ({ param: p.name as string, values: p.value, analytic: p.grad.slice() })), { param: 'input', values: x, analytic: dx }];
  return probes.map((probe) =>
    checkTensor({
      ...probe,
      layer: testCase.label,
      coordinates: allCoordinates(probe.values.length),
      evaluate: loss,
      samePattern: () => pattern.matches(),
    }),
  );
}

/**
 * The loss head: ∂(mean cross-entropy)/∂logits on random logits and labels,
 * with smoothed targets when labelSmoothing > 0 and the logits scaled by
 * logitScale before the softmax.
 */
export function checkSoftmaxCrossEntropy(seed = 1, labelSmoothing = 0, logitScale = 1): GradientCheck {
  const random = new SeededRandom(seed);
  const batch = 3;
  const classes = 5;
  const head = new SoftmaxCrossEntropy(referenceBackend, batch, 0, classes, logitScale);
  const logits = Float64Array.from({ length: batch * classes }, () => 3 * random.nextNormal());
  const labels = Int32Array.from({ length: batch }, () => random.nextInt(classes));
  const scratch = new Float64Array(logits.length);
  const loss = () => {
    head.forward(logits, batch);
    return head.lossAndGradient(labels, 1 / batch, scratch, labelSmoothing).loss;
  };
  loss();
  const analytic = scratch.slice();
  return checkTensor({
    layer: `softmaxCrossEntropy${settingsLabel(labelSmoothing, logitScale)}`,
    param: 'input',
    values: logits,
    analytic,
    coordinates: allCoordinates(logits.length),
    evaluate: loss,
    samePattern: () => true,
  });
}

/** ` (label smoothing 0.1, logit scale 4)`, or nothing for the plain loss. */
function settingsLabel(labelSmoothing: number, logitScale: number): string {
  const settings = [...(labelSmoothing > 0 ? [`label smoothing ${labelSmoothing}`] : []), ...(logitScale !== 1 ? [`logit scale ${Number(logitScale.toPrecision(6))}`] : [])];
  return settings.length > 0 ? ` (${settings.join(', ')})` : '';
}
