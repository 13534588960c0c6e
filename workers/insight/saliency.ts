// Where a class score comes from, by backpropagation to the pixels. The score
// is the softmax's input z_c = s·logit_c (s the loss's logit scale, usually
// 1), as in Simonyan, Vedaldi and Zisserman's saliency maps: ∂z_c/∂x is what
// the network's backward pass computes when the gradient arriving at the
// logits is s times the one-hot vector of c.

import type { ClassSaliency, PixelMap } from '../../common/insight.js';
import type { FloatArray } from '../kernels/backend.js';
import type { Network } from '../network.js';

/** ∂z_c/∂x for one image x (normalised, CHW), in the network's backend memory. */
export function classScoreGradient(net: Network, x: FloatArray, classIndex: number): FloatArray {
  const classes = net.options.numClasses;
  if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= classes) {
    throw new RangeError(`class ${classIndex} is outside 0..${classes - 1}`);
  }
  net.forward(x, 1, false);
  const logitsGrad = net.layers[net.layers.length - 1].outputGrad;
  logitsGrad.fill(0, 0, classes);
  logitsGrad[classIndex] = net.head.logitScale;
  const inputGrad = net.options.backend.createBuffer(net.inputSize);
  net.backward(inputGrad);
  return inputGrad;
}

function channelsOf(net: Network): { channels: number; height: number; width: number } {
  const { channels, height, width } = net.spec.input;
  return { channels, height, width };
}

/** max over channels of |g|, and Σ over channels of x·g, per pixel. */
export function saliencyMaps(net: Network, x: ArrayLike<number>, gradient: ArrayLike<number>, classIndex: number): ClassSaliency {
  const { channels, height, width } = channelsOf(net);
  const area = height * width;
  const magnitude = new Array<number>(area).fill(0);
  const contribution = new Array<number>(area).fill(0);
  for (let c = 0; c < channels; c++) {
    for (let p = 0; p < area; p++) {
      const g = gradient[c * area + p];
      magnitude[p] = Math.max(magnitude[p], Math.abs(g));
      contribution[p] += x[c * area + p] * g;
    }
  }
  const map = (values: number[]): PixelMap => ({ height, width, values });
  return { classIndex, gradient: map(magnitude), gradientTimesInput: map(contribution) };
}

/** Both maps for one class: a forward and a backward pass. */
export function classSaliency(net: Network, x: FloatArray, classIndex: number): ClassSaliency {
  return saliencyMaps(net, x, classScoreGradient(net, x, classIndex), classIndex);
}
