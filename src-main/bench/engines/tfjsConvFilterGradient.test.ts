import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { SeededRandom } from '../../../common/random.js';
import { conv2dFilterGradient, registerConv2dBackpropFilter } from './tfjsConvFilterGradient.js';

await tf.setBackend('cpu');

type Shape4 = [number, number, number, number];

function randomTensor(shape: Shape4, seed: number): tf.Tensor4D {
  const random = new SeededRandom(seed);
  return tf.tensor4d(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random.nextNormal()), shape);
}

/** ∂L/∂w by its definition, in float64: Σ over images and output positions of input × output gradient. */
function referenceFilterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, kernel: number, stride: number, top: number, left: number): number[] {
  const [n, h, w, ci] = x.shape;
  const [, outH, outW, co] = dy.shape;
  const xs = x.arraySync();
  const dys = dy.arraySync();
  const out: number[] = [];
  for (let kh = 0; kh < kernel; kh++)
    for (let kw = 0; kw < kernel; kw++)
      for (let c = 0; c < ci; c++)
        for (let o = 0; o < co; o++) {
          let sum = 0;
          for (let b = 0; b < n; b++)
            for (let oh = 0; oh < outH; oh++)
              for (let ow = 0; ow < outW; ow++) {
                const ih = oh * stride + kh - top;
                const iw = ow * stride + kw - left;
                if (ih >= 0 && ih < h && iw >= 0 && iw < w) sum += xs[b][ih][iw][c] * dys[b][oh][ow][o];
              }
          out.push(sum);
        }
  return out;
}

const cases = [
  { name: "stride 1, 'same'", x: [2, 6, 6, 3] as Shape4, kernel: 3, co: 4, stride: 1, pad: 'same' as const, top: 1, left: 1 },
  { name: "stride 2, 'valid', not square", x: [2, 7, 5, 2] as Shape4, kernel: 3, co: 3, stride: 2, pad: 'valid' as const, top: 0, left: 0 },
  { name: "stride 2, 'same' (padding only after)", x: [1, 6, 6, 2] as Shape4, kernel: 3, co: 2, stride: 2, pad: 'same' as const, top: 0, left: 0 },
  { name: 'stride 2, padding 1, a row the stride never reaches', x: [2, 8, 8, 2] as Shape4, kernel: 5, co: 3, stride: 2, pad: 1, top: 1, left: 1 },
];

for (const c of cases) {
  test(`the filter gradient as a convolution matches its definition: ${c.name}`, () => {
    const x = randomTensor(c.x, 1);
    const filterShape: Shape4 = [c.kernel, c.kernel, c.x[3], c.co];
    const outShape = tf.conv2d(x, tf.zeros(filterShape) as tf.Tensor4D, c.stride, c.pad).shape;
    const dy = randomTensor(outShape, 2);
    const got = conv2dFilterGradient(tf, x, dy, filterShape, c.stride, c.pad);
    assert.deepEqual(got.shape, filterShape);
    const expected = referenceFilterGradient(x, dy, c.kernel, c.stride, c.top, c.left);
    const values = got.dataSync();
    expected.forEach((value, i) => assert.ok(Math.abs(values[i] - value) < 1e-4 * (1 + Math.abs(value)), `element ${i}: ${values[i]} vs ${value}`));
  });
}

test('a backend without Conv2DBackpropFilter trains a fused conv layer through the registered kernel, leaking no tensors', async () => {
  const name = 'cpu-without-filter-gradient';
  for (const kernel of tf.getKernelsForBackend('cpu')) {
    if (kernel.kernelName !== 'Conv2DBackpropFilter') tf.registerKernel({ ...kernel, backendName: name });
  }
  tf.registerBackend(name, () => new tf.MathBackendCPU());
  const gradient = () => {
    const x = randomTensor([2, 6, 6, 3], 3);
    const filter = randomTensor([3, 3, 3, 4], 4);
    const bias = tf.zeros([4]);
    const loss = (f: tf.Tensor) => tf.sum(tf.square(tf.fused.conv2d({ x, filter: f as tf.Tensor4D, strides: 1, pad: 'same', bias })));
    return Array.from(tf.grad(loss)(filter).dataSync());
  };
  const expected = gradient();

  await tf.setBackend(name);
  assert.equal(registerConv2dBackpropFilter(tf, name), true);
  assert.equal(registerConv2dBackpropFilter(tf, name), false, 'registered once');
  const before = tf.memory().numTensors;
  const got = tf.tidy(gradient);
  assert.equal(tf.memory().numTensors, before);
  got.forEach((value, i) => assert.ok(Math.abs(value - expected[i]) < 1e-3 * (1 + Math.abs(expected[i])), `element ${i}`));
  await tf.setBackend('cpu');
});
