// TensorFlow.js's wasm backend has no Conv2DBackpropFilter kernel, so a model
// with conv layers cannot train on it (tensorflow/tfjs#8474). Patching the
// Conv2D gradient is not enough: tf.layers convolutions run as fused conv2d,
// whose own gradient calls the kernel directly. So the bench registers the
// missing kernel for 'wasm', computed with kernels the backend has.
//
// The filter gradient is itself a convolution: with the batch and channel axes
// swapped, the padded input is convolved with ∂L/∂y as the filter,
//   ∂L/∂w[kh,kw,ci,co] = Σ_{n,oh,ow} x[n, oh·s+kh, ow·s+kw, ci] · dy[n,oh,ow,co],
// which is conv2d(xᵀ: [Ci, Hp, Wp, N], dyᵀ: [outH, outW, N, Co], dilation s)
// read at [ci, kh, kw, co]. It runs on XNNPACK's convolution, many times
// faster than an im2col built from slices and a concat on this backend.

import type * as Tfjs from '@tensorflow/tfjs';
import type { Tf } from './tfjsModel.js';

type Pad = Tfjs.Conv2DAttrs['pad'];

export function conv2dFilterGradient(
  tf: Tf,
  x: Tfjs.Tensor4D,
  dy: Tfjs.Tensor4D,
  filterShape: [number, number, number, number],
  strides: number | [number, number],
  pad: Pad,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): Tfjs.Tensor4D {
  return tf.tidy(() => {
    const info = tf.backend_util.computeConv2DInfo(x.shape, filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
    const { top, bottom, left, right } = info.padInfo;
    const [kernelH, kernelW, inChannels, outChannels] = filterShape;
    const padded = tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]);
    const swapped = tf.transpose(padded, [3, 1, 2, 0]);
    const dyAsFilter = tf.transpose(dy, [1, 2, 0, 3]);
    const full = tf.conv2d(swapped, dyAsFilter, 1, 'valid', 'NHWC', [info.strideHeight, info.strideWidth]);
    // Rounding may leave rows or columns past the kernel when the padded size is not a whole number of strides.
    const window = tf.slice(full, [0, 0, 0, 0], [inChannels, kernelH, kernelW, outChannels]);
    return tf.transpose(window, [1, 2, 0, 3]);
  });
}

/** Registers Conv2DBackpropFilter for `backendName` when it lacks one; true when it did. */
export function registerConv2dBackpropFilter(tf: Tf, backendName: string): boolean {
  if (tf.getKernel('Conv2DBackpropFilter', backendName)) return false;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName,
    kernelFunc: ({ inputs, attrs }) => {
      const engine = tf.engine();
      // The inputs are the caller's tensors' data: wrap them with their own reference so disposing the wrappers frees nothing.
      const wrap = (info: Tfjs.TensorInfo) => {
        const tensor = engine.makeTensorFromTensorInfo(info);
        engine.backend.incRef(info.dataId);
        return tensor as Tfjs.Tensor4D;
      };
      const { strides, pad, dimRoundingMode, filterShape } = attrs as unknown as Tfjs.Conv2DBackpropFilterAttrs;
      return tf.tidy(() =>
        conv2dFilterGradient(tf, wrap(inputs.x as Tfjs.TensorInfo), wrap(inputs.dy as Tfjs.TensorInfo), filterShape, strides, pad, dimRoundingMode),
      );
    },
  });
  return true;
}
